"""Fuzzing with hypothesis: whatever a person or a script types into a search box, a filter, the
public tip form, the receipt look-up, the product check, the rights holders' application or the
number echo, the server answers without a server error (a 4xx with a message is fine). Every
page without a path argument is fuzzed through its query string, as the standing office (who
sees the most) and as an anonymous reader."""

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub389.registry.models import Area
from hub389.tests.personas import persona
from hub389.tests.test_routes import ADMIN_PREFIX, API_PREFIX, routes

pytestmark = pytest.mark.django_db

# Text as typed or pasted: any character but lone surrogates (no browser can send those), with
# the usual suspects mixed in (NUL, long numbers, dd/mm/yyyy that are not dates, SQL, markup).
TYPED = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=80),
    st.sampled_from(
        [
            "",
            "\x00",
            "31/02/2026",
            "99/99/9999",
            "450.000.000",
            "-1",
            "1e309",
            "9" * 40,
            "' OR 1=1 --",
            "<script>x</script>",
            "0",
            "²",
            "٣",
            "99999",
            "Nguyễn Văn Hùng",
            "nguyen van hung",
            "%",
            "_",
            "\\",
            "0100109107",
        ]
    ),
)
PARAMS = [
    "q",
    "from",
    "to",
    "province",
    "commune",
    "kind",
    "status",
    "tab",
    "page",
    "cursor",
    "committee",
    "period",
    "goods",
    "goods_group",
    "area",
    "agency",
    "type",
    "sort",
    "year",
    "month",
    "field",
    "scope",
]
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _pages() -> list[str]:
    return sorted(
        "/" + pattern
        for pattern, _name in routes()
        if "<" not in pattern
        and not pattern.startswith((ADMIN_PREFIX, API_PREFIX))
        and "logout" not in pattern
    )


PAGES = _pages()


def _ok(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@FUZZ
@given(page=st.sampled_from(PAGES), query=st.dictionaries(st.sampled_from(PARAMS), TYPED, max_size=4))
def test_every_page_takes_any_query_string(page: str, query: dict[str, str]) -> None:
    for who in ("owner", None):
        client = Client(raise_request_exception=False)
        if who:
            client.force_login(persona(who))
        _ok(client.get(page, query), f"{who or 'anonymous'} GET {page}?{query}")


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {
            "summary": TYPED,
            "description": TYPED,
            "place": TYPED,
            "url": TYPED,
            "commune": TYPED,
            "happened": TYPED,
            "identity": st.sampled_from(["anonymous", "named", "", "x"]),
            "full_name": TYPED,
            "phone": TYPED,
            "email": TYPED,
        }
    )
)
def test_the_public_tip_form_takes_anything(fields: dict[str, str]) -> None:
    # The fuzz reaches the checks behind the proof-of-work and the limit.
    with override_settings(HUB389_TIP_POW_BITS=0, HUB389_TIP_RATE_PER_HOUR=10**9):
        client = Client(raise_request_exception=False)
        page = client.get(reverse("tips_public:submit")).content.decode()
        challenge = page.split('name="challenge" value="', 1)[1].split('"', 1)[0]
        data = {**fields, "province": Area.objects.get(code="01").pk, "challenge": challenge, "solution": "0"}
        _ok(client.post(reverse("tips_public:submit"), data), f"POST /tin-bao/ {fields}")


@FUZZ
@given(code=TYPED, q=TYPED, number=TYPED, name=TYPED, tax=TYPED, valid=TYPED)
def test_the_public_boxes_take_anything(
    code: str, q: str, number: str, name: str, tax: str, valid: str
) -> None:
    client = Client(raise_request_exception=False)
    with override_settings(HUB389_RECEIPT_TRIES=10**9):
        _ok(client.post(reverse("tips_public:lookup"), {"code": code}), f"receipt {code!r}")
    _ok(client.get(reverse("brands_public:check"), {"q": q}), f"product check {q!r}")
    _ok(client.get(reverse("number_echo"), {"v": number, "kind": "money"}), f"echo {number!r}")
    application = {
        "name": name,
        "tax_code": tax,
        "title_number": name,
        "title_valid_until": valid,
        "username": name,
    }
    _ok(client.post(reverse("brands_public:apply"), application), f"apply {application}")
