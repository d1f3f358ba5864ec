"""The public side through HTTP: flood protection, the receipt shown once and only after the
commit, the receipt throttle, and what an informant sees."""

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hub389.accounts.models import User
from hub389.audit.models import AuditEntry
from hub389.registry.models import Area
from hub389.tests.factories import case_from, public_tip_form
from hub389.tips import guard, intake, services
from hub389.tips.models import IntakeState, Outcome, Tip, TipIntake

pytestmark = pytest.mark.django_db
FORM = reverse("tips_public:submit")


def _challenge(client: Client) -> str:
    page = client.get(FORM).content.decode()
    found = re.search(r'name="challenge" value="([^"]+)"', page)
    assert found, "the form carries a challenge"
    return found.group(1)


def _post(client: Client, *, solve: bool = True, **extra: Any) -> Any:
    data = public_tip_form(client, **extra)
    if not solve:
        data["solution"] = ""
    return client.post(FORM, data)


def test_form_needs_no_account_and_offers_the_pickers(client: Client) -> None:
    page = client.get(FORM)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thành phố Hà Nội" in text and 'name="challenge"' in text
    communes = client.get(reverse("tips_public:places"), {"province": Area.objects.get(code="20").pk})
    assert "Cửa khẩu Chi Ma" in communes.content.decode()


def test_without_proof_of_work_nothing_is_saved(client: Client) -> None:
    before = Tip.objects.count()
    response = _post(client, solve=False)
    assert response.status_code == 400
    assert "bật JavaScript" in response.content.decode()
    assert Tip.objects.count() == before


def test_receipt_shown_once_after_commit(client: Client) -> None:
    tips = Tip.objects.count()
    response = _post(client)
    assert response.status_code == 302 and response["Location"] == reverse("tips_public:receipt")
    row = TipIntake.objects.latest("id")  # committed before the receipt page exists
    assert row.state == IntakeState.PENDING and Tip.objects.count() == tips  # the worker's job
    page = client.get(reverse("tips_public:receipt")).content.decode()
    code = re.search(r'id="receipt-code">([\d ]+)<', page).group(1)  # type: ignore[union-attr]
    again = client.get(reverse("tips_public:receipt"))
    assert again.status_code == 302  # never shown twice
    routing = client.get(reverse("tips_public:status")).content.decode()
    assert "đang chuyển đến cơ quan có thẩm quyền" in routing
    assert intake.process_pending() == 1
    tip = Tip.objects.latest("id")
    assert services.find_by_receipt(code) == tip and tip.intake == row
    assert tip.area.code == "00070" and tip.channel == "web" and tip.received_at == row.received_at
    status = client.get(reverse("tips_public:status")).content.decode()
    assert f'id="public-agency">{tip.agency.name}<' in status
    # The informant's address is not in the audit log.
    assert AuditEntry.objects.filter(action="tip.receive", object_id=str(tip.pk)).get().ip is None


def test_a_challenge_cannot_be_replayed(client: Client) -> None:
    challenge = _challenge(client)
    solution = guard.solve(challenge, 4)
    assert guard.check_pow(challenge, solution) is None
    assert "đã được gửi" in (guard.check_pow(challenge, solution) or "")
    assert guard.check_pow("forged", "1") is not None


def test_flood_from_one_address_is_stopped(client: Client, settings: Any) -> None:
    settings.HUB389_TIP_RATE_PER_HOUR = 2
    assert _post(client).status_code == 302
    assert _post(client).status_code == 302
    third = _post(client)
    assert third.status_code == 429
    assert "thử lại sau một giờ" in third.content.decode()


def test_bad_input_gets_vietnamese_messages(client: Client) -> None:
    response = _post(client, summary="", identity="named", full_name="", commune="99999")
    text = response.content.decode()
    assert response.status_code == 400
    assert "Hãy cho biết tóm tắt sự việc." in text
    assert "Hãy nhập họ tên, hoặc chọn gửi ẩn danh." in text
    assert "Địa bàn không thuộc tỉnh, thành phố đã chọn." in text


def test_wrong_codes_reveal_nothing_and_are_throttled(client: Client, settings: Any) -> None:
    settings.HUB389_RECEIPT_TRIES = 3
    _tip, code = services.submit_public(_input(), [])
    url = reverse("tips_public:lookup")
    answers = {
        client.post(url, {"code": c}).content.decode().count("Mã tra cứu không đúng")
        for c in ["1111 2222 3333 4444", "12", "9999999999999999"]
    }
    assert answers == {1}  # the same answer for a malformed code and a well-formed unknown one
    blocked = client.post(url, {"code": code})
    assert blocked.status_code == 429  # even the right code, once throttled
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(url, {"code": code}).status_code == 302


def _input() -> services.TipInput:
    from hub389.tests.factories import tip_input

    return tip_input()


def test_status_page_shows_agency_not_officer_and_takes_answers(client: Client) -> None:
    handler = User.objects.get(username="qltt.hanoi")
    tip, code = services.submit_public(_input(), [])
    services.assign(handler, tip, handler)
    services.ask_informant(handler, tip, "Kho mở cửa vào giờ nào?")
    client.post(reverse("tips_public:lookup"), {"code": code})
    page = client.get(reverse("tips_public:status")).content.decode()
    assert "Chi cục Quản lý thị trường Hà Nội" in page and "Kho mở cửa vào giờ nào?" in page
    assert handler.full_name not in page
    photo = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (8, 8)).save(photo, format="PNG")
    photo.name = "x.png"
    photo.seek(0)
    client.post(reverse("tips_public:status"), {"text": "Khoảng 22 giờ.", "attachments": photo})
    assert tip.events.filter(kind="answer", text__startswith="Khoảng 22 giờ.").exists()
    case_from(handler, tip)
    services.settle(handler, tip, Outcome.ADMIN_CASE, "Đã xử phạt hành chính chủ kho.")
    page = client.get(reverse("tips_public:status")).content.decode()
    assert "Đã xử phạt hành chính chủ kho." in page and "Đã giải quyết" in page
    client.post(reverse("tips_public:leave"))
    assert client.get(reverse("tips_public:status")).status_code == 302
