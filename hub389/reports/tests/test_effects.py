"""What a write triggers is called by the service that makes it (`reports.effects`): the report
facts of the days it touches and the dashboards of the committees whose area holds the record,
and nothing else. A queryset write on a counted record cannot bypass them."""

import datetime
from typing import Any

import pytest
from django.core.cache import cache

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import Case, CaseGoods, Sanction
from hub389.lib import counted
from hub389.registry.services import get_committee
from hub389.reports import effects, facts
from hub389.reports.models import DayFact, StaleDay
from hub389.tests.factories import make_case, make_tip
from hub389.tips import services as tips
from hub389.tips.models import Tip

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _versions() -> dict[str, int]:
    return {code: effects.version(get_committee(code)) for code in ("national", "01", "00070", "20")}


def test_a_tip_lock_invalidates_no_dashboard_and_marks_no_day(handler: User) -> None:
    tip = make_tip(handler)
    tip = tips.assign(handler, tip, handler)
    StaleDay.objects.all().delete()
    before = _versions()
    tips.acquire_lock(handler, tip)
    tips.release_lock(handler, tip)
    assert _versions() == before
    assert not StaleDay.objects.exists()


def test_a_tip_that_moves_a_figure_invalidates_only_the_committees_above_it(handler: User) -> None:
    before = _versions()
    make_tip(handler, area="00070")  # Phường Hoàn Kiếm, Hà Nội
    after = _versions()
    assert after["00070"] > before["00070"] and after["01"] > before["01"]
    assert after["national"] > before["national"]
    assert after["20"] == before["20"]  # Lạng Sơn's dashboard is not touched


def test_a_case_in_lang_son_leaves_ha_noi_cached() -> None:
    customs = User.objects.get(username="haiquan.langson")
    before = _versions()
    make_case(customs, area="20", kinds=["smuggling"])
    after = _versions()
    assert after["20"] > before["20"] and after["national"] > before["national"]
    assert after["01"] == before["01"] and after["00070"] == before["00070"]


def test_a_payment_alone_moves_the_fines_paid_of_its_decision_day(handler: User) -> None:
    """A payment changes no date, only the amount counted on the decision's day: it must still
    mark that day (the former signals watched the dates only and missed it)."""
    case = make_case(handler, detected_on=D(2026, 11, 2))
    sanction = cases.record_violation(
        handler, case, record_no="1/BB", record_date=D(2026, 11, 3), route=Route.STANDARD
    )
    sanction = cases.decide_sanction(
        handler, sanction, decision_no="1/QĐ", decision_date=D(2026, 11, 5), fine=10_000_000, measures=[]
    )
    facts.refresh()
    cases.record_payment(handler, sanction, 4_000_000)
    assert StaleDay.objects.filter(day=D(2026, 11, 5)).exists()
    facts.refresh()
    assert DayFact.objects.get(day=D(2026, 11, 5)).fines_paid == 4_000_000


def test_queryset_writes_on_counted_records_are_refused(handler: User) -> None:
    case = make_case(handler)
    with pytest.raises(counted.CountedWriteRefused, match="report facts"):
        Case.objects.filter(pk=case.pk).update(detected_on=D(2026, 1, 1))
    with pytest.raises(counted.CountedWriteRefused):
        CaseGoods.objects.filter(case=case).update(value_vnd=1)
    with pytest.raises(counted.CountedWriteRefused):
        CaseGoods.objects.bulk_create([CaseGoods(case=case, description="x", quantity=1, unit="hộp")])
    with pytest.raises(counted.CountedWriteRefused):
        Sanction.objects.filter(case=case).delete()
    with pytest.raises(counted.CountedWriteRefused):
        Tip.objects.all().update(status="settled")
    case.refresh_from_db()
    assert case.detected_on == D(2026, 11, 2) and case.goods.get().value_vnd == 1_000_000
    # Fields no figure reads may still be updated in bulk (the daily reminders do).
    assert Tip.objects.all().update(reminded_on=D(2026, 11, 30)) >= 0
    # A caller that marks the facts itself says so.
    with counted.bulk():
        assert Case.objects.filter(pk=case.pk).update(detected_on=D(2026, 11, 1)) == 1


def test_no_model_signal_wires_one_app_to_another() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    for signal in (pre_save, post_save, post_delete):
        receivers = [r[1]() for r in signal.receivers]
        modules = {getattr(r, "__module__", "") for r in receivers if r is not None}
        assert not {m for m in modules if m.startswith("hub389.")}, modules
