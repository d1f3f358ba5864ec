"""A walk through the main pages in English, as each kind of user: no Vietnamese is left
outside names, places and what officers typed (the records' own text). Debian's Chromium
against a live server."""

import re

import pytest
from playwright.sync_api import Page

from hub389.tests.browser import login

pytestmark = pytest.mark.browser
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
TEXTS = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, parent = node.parentElement;
    if (!parent || parent.closest("script, style, template, [hidden], .leaflet-container")) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  document.querySelectorAll("input[placeholder], [aria-label], [title]").forEach((el) => {
    for (const a of ["placeholder", "aria-label", "title"]) {
      if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
  });
  return out;
}"""


def _data() -> re.Pattern[str]:
    """Names, places and records' own text: Vietnamese by nature, in any language."""
    from hub389.accounts.models import User
    from hub389.cases.models import Case, CaseEvent, CaseGoods, Sanction
    from hub389.notifications.models import Notification
    from hub389.plans.models import Campaign, Directive, Plan, Task
    from hub389.registry.models import Agency, Area, SteeringCommittee
    from hub389.reports.models import Submission
    from hub389.subjects.models import Subject
    from hub389.tips.models import Tip, TipEvent
    from hub389.warehouse.models import Lot, Warehouse

    values: set[str] = set()
    for model, fields in (
        (Agency, ("name", "short_name")),
        (Area, ("name",)),
        (SteeringCommittee, ("name",)),
        (User, ("full_name",)),
        (Case, ("summary", "place", "confidential_reason")),
        (CaseGoods, ("description", "unit", "brand")),
        (CaseEvent, ("text",)),
        (Sanction, ("record_no", "decision_no")),
        (Subject, ("name", "address")),
        (Tip, ("summary", "description", "place", "public_result")),
        (TipEvent, ("text",)),
        (Plan, ("title",)),
        (Task, ("title", "lead_group", "coordination_note", "timing_text", "product", "authority")),
        (Directive, ("summary", "issuer", "number")),
        (Campaign, ("name",)),
        (Warehouse, ("name", "address")),
        (Lot, ("description", "unit")),
        (Notification, ("title", "body")),
    ):
        for row in model.objects.values_list(*fields):
            values.update(v for v in row if isinstance(v, str) and len(v) >= 3)
    for submission in Submission.objects.all():
        values.update(v for v in submission.narrative.values() if len(v) >= 3)
    parts = sorted(values | {"Việt Nam", "Tiếng Việt", "Hà Nội", "đ", "₫"}, key=len, reverse=True)
    # Document numbers are names too: "19/2016/QĐ-TTg", "5/BB-VPHC", "02/BC-BCĐ389".
    numbers = r"\d+(?:/\d+)*/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*"
    return re.compile(numbers + "|" + "|".join(re.escape(p) for p in parts))


def _untranslated(page: Page, data: re.Pattern[str]) -> list[str]:
    left = []
    for text in page.evaluate(TEXTS):
        rest = data.sub(" ", text)
        if VIETNAMESE.search(rest):
            left.append(text[:120])
    return sorted(set(left))


PAGES = {
    "qltt.hanoi": [
        "/",
        "/tips/",
        "/tips/?tab=all",
        "/cases/",
        "/cases/new/",
        "/warehouse/",
        "/plans/",
        "/reports/",
    ],
    "vptt.hanoi": [
        "/",
        "/reports/dashboard/",
        "/registry/matrix/",
        "/registry/reference/",
        "/plans/directives/",
    ],
    "lanhdao.hanoi": ["/reports/dashboard/", "/reports/"],
}


def test_the_main_pages_in_english_have_no_vietnamese_left(page: Page) -> None:
    import datetime

    from django.utils import timezone

    from hub389.accounts.models import User
    from hub389.cases import services as cases
    from hub389.cases.deadlines import Route
    from hub389.tests.factories import make_milk_case, make_tip
    from hub389.tips import services as tips

    officer = User.objects.get(username="qltt.hanoi")
    tip = tips.assign(officer, make_tip(officer, named=True), officer)
    case = make_milk_case(officer)
    today = timezone.localdate()
    sanction = cases.record_violation(
        officer, case, record_no="5/BB", record_date=today, route=Route.STANDARD
    )
    cases.decide_sanction(
        officer, sanction, decision_no="6/QĐ", decision_date=today, fine=5_000_000, measures=["destruction"]
    )
    cases.record_violation(
        officer, case, record_no="7/BB", record_date=today - datetime.timedelta(days=1), route=Route.STANDARD
    )
    data = _data()
    base = page.base  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for user, paths in PAGES.items():
        page.context.clear_cookies()
        login(page, user)
        page.click("#lang-switch")
        page.wait_for_load_state()
        extra = (
            [f"/cases/{case.pk}/", f"/tips/{tip.pk}/", f"/cases/{case.pk}/amend/"]
            if user == "qltt.hanoi"
            else []
        )
        for path in [*paths, *extra]:
            page.goto(base + path)
            left = _untranslated(page, data)
            if left:
                found[f"{user} {path}"] = left
    page.context.clear_cookies()
    page.goto(base + "/tin-bao/")
    page.click("#lang-switch")
    page.wait_for_load_state()
    left = _untranslated(page, data)
    if left:
        found["public /tin-bao/"] = left
    assert not found, "\n".join(f"{where}: {texts}" for where, texts in found.items())
