"""The report facts (`DayFact`): kept up to date one day at a time by the case services, equal
to a full recomputation after any mix of changes, read by the report indicators; on PostgreSQL
a change committed while a refresh runs is never lost."""

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from hub389.accounts.models import User
from hub389.cases import deadlines
from hub389.cases import services as cases
from hub389.cases.models import Case, ReferralDecision
from hub389.lib import periods
from hub389.registry.models import Agency, Area
from hub389.reports import facts, indicators
from hub389.reports.models import MEASURES, DayFact, StaleDay
from hub389.reports.tests.test_reports import _case
from hub389.tests.factories import case_from

D = datetime.date


def _table() -> dict[tuple[Any, ...], dict[str, int]]:
    return {
        (r.day, r.area_id, r.owner_id): {m: getattr(r, m) for m in MEASURES}
        for r in DayFact.objects.order_by("day", "area_id", "owner_id")
    }


def _recomputed() -> dict[tuple[Any, ...], dict[str, int]]:
    """The table as a rebuild from nothing makes it (the rebuild replaces it)."""
    DayFact.objects.all().delete()
    facts.rebuild()
    return _table()


@pytest.mark.django_db
def test_services_keep_the_facts_equal_to_a_full_recomputation() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    cop = User.objects.get(username="congan.hanoi")
    one = _case(officer, D(2026, 11, 2), ["smuggling", "counterfeit"], 5_000_000)
    two = _case(officer, D(2026, 11, 3), ["fraud"], 2_000_000, area="01")
    assert set(StaleDay.objects.values_list("day", flat=True)) >= {D(2026, 11, 2), D(2026, 11, 3)}
    assert facts.refresh() >= 2 and not StaleDay.objects.exists()
    assert _table() == _recomputed()
    row = DayFact.objects.get(day=D(2026, 11, 2))
    assert (row.cases_total, row.cases_smuggling, row.goods_value) == (1, 1, 5_000_000)
    assert row.province_id == Area.objects.get(code="01").pk  # placed without a join

    sanction = cases.record_violation(
        officer, one, record_no="1/BB", record_date=D(2026, 11, 4), route=deadlines.Route.STANDARD
    )
    cases.decide_sanction(
        officer, sanction, decision_no="1/QĐ", decision_date=D(2026, 11, 10), fine=30_000_000, measures=[]
    )
    cases.record_payment(officer, sanction, 20_000_000)
    referral = cases.refer(officer, two, Agency.objects.get(code="01-CA"), D(2026, 11, 5))
    cases.referral_decision(
        cop,
        referral,
        decision=ReferralDecision.PROSECUTED,
        decided_on=D(2026, 11, 12),
        criminal_case_no="7/QĐ-KTVA",
        defendants=2,
    )
    # The case goes to the police: every day it counted on moves to the new owner.
    cases.transfer_ownership(officer, one, Agency.objects.get(code="01-CA"), "Chuyển cơ quan điều tra")
    facts.refresh()
    assert _table() == _recomputed()
    decided = DayFact.objects.get(day=D(2026, 11, 10))
    assert (decided.sanctions, decided.fines_decided, decided.fines_paid) == (1, 30_000_000, 20_000_000)
    assert decided.owner.code == "01-CA"
    assert DayFact.objects.get(day=D(2026, 11, 12)).defendants == 2

    # A deleted case (no service deletes one: an administrator's repair) leaves nothing behind
    # once its days are marked, as `reports.effects` marks them for the services.
    cases_left = Case.objects.exclude(pk=one.pk)
    days = facts.case_days([one.pk])
    one.delete()
    facts.mark(days)
    facts.refresh()
    assert _table() == _recomputed()
    assert DayFact.objects.filter(day=D(2026, 11, 10)).count() == 0
    assert sum(r.cases_total for r in DayFact.objects.all()) == cases_left.count()


@pytest.mark.django_db
def test_indicators_read_the_facts_in_one_query_and_match_the_records() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    for day, kinds, value in [
        (D(2026, 10, 20), ["smuggling"], 1_000_000),
        (D(2026, 10, 21), ["fraud"], 2_000_000),
        (D(2026, 11, 1), ["counterfeit"], 3_000_000),
        (D(2026, 11, 20), ["fraud"], 4_000_000),  # after the period
    ]:
        _case(officer, day, kinds, value)
    hanoi = Area.objects.get(code="01")
    period = periods.containing("monthly", D(2026, 11, 1))
    assert (period.start, period.end) == (D(2026, 10, 15), D(2026, 11, 14))
    figures = indicators.compute(indicators.Scope(hanoi), period)
    assert (figures["cases_total"], figures["goods_value"]) == (3, 6_000_000)
    assert (figures["cases_smuggling"], figures["cases_fraud"], figures["cases_counterfeit_ip"]) == (1, 1, 1)
    facts.refresh()
    with CaptureQueriesContext(connection) as queries:
        indicators.compute(indicators.Scope(hanoi), period)
    case_tables = [q["sql"] for q in queries if 'FROM "cases_' in q["sql"] or 'JOIN "cases_' in q["sql"]]
    assert case_tables == [], "the case indicators come from reports_dayfact only"
    assert any("reports_dayfact" in q["sql"] for q in queries)


@pytest.mark.django_db
def test_rebuild_from_nothing_equals_the_incremental_table() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    _case(officer, D(2026, 9, 1), ["smuggling"], 1_000_000)
    _case(officer, D(2026, 11, 1), ["fraud"], 2_000_000, area="01")
    facts.refresh()
    incremental = _table()
    DayFact.objects.all().delete()
    assert facts.rebuild() == len(incremental)
    assert _table() == incremental


@pytest.mark.skipif("postgresql" not in connection.vendor, reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("registry_live")  # transactional tests flush the registry: reload it
def test_a_change_committed_during_a_refresh_is_never_lost() -> None:
    """A writer holds its day's marker until it commits; a refresh that finds the marker waits
    for it, then counts the new case. Without the lock the refresh would read the day before
    the commit and clear the marker: the case would never be counted. A writer whose marker is
    new (another shard) is not waited for: its marker outlives the refresh, for the next one."""
    officer = User.objects.get(username="qltt.hanoi")
    day = D(2026, 11, 2)
    written = threading.Event()
    release = threading.Event()

    def writer(first: bool = True) -> None:
        try:
            if first:
                _case(officer, day, ["fraud"], 1_000_000)  # this thread's marker, committed
            with transaction.atomic():
                _case(officer, day, ["smuggling"], 2_000_000)  # takes that marker's lock
                written.set()
                release.wait(10)
        finally:
            connections.close_all()

    def refresher() -> None:
        try:
            facts.refresh()
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(10)
    refreshed = threading.Thread(target=refresher)
    refreshed.start()
    refreshed.join(0.5)
    assert refreshed.is_alive(), "the refresh waits for the writer's transaction"
    release.set()
    thread.join(10)
    refreshed.join(10)
    assert not StaleDay.objects.exists()
    assert DayFact.objects.get(day=day).cases_total == 2  # counted by that very refresh

    # Another writer, with a marker of its own, commits while a refresh runs: not counted by
    # that refresh, but its marker is still there, and the next refresh counts it.
    written.clear()
    release.clear()
    thread = threading.Thread(target=writer, args=(False,))
    thread.start()
    assert written.wait(10)
    facts.refresh()  # the writer's markers are uncommitted: invisible, not waited for
    release.set()
    thread.join(10)
    assert StaleDay.objects.filter(day=day).exists()
    facts.refresh()
    assert DayFact.objects.get(day=day).cases_total == 3
    assert _table() == _recomputed()


@pytest.mark.django_db
def test_refresh_facts_command() -> None:
    from io import StringIO

    from django.core.management import call_command

    officer = User.objects.get(username="qltt.hanoi")
    _case(officer, D(2026, 11, 2), ["fraud"], 1_000_000)
    out = StringIO()
    call_command("refresh_facts", stdout=out)
    assert "đã cập nhật 1 ngày có thay đổi" in out.getvalue()
    DayFact.objects.all().delete()
    call_command("refresh_facts", "--rebuild", stdout=out)
    assert "đã tính lại toàn bộ: 1 dòng" in out.getvalue()
    assert DayFact.objects.get().cases_total == 1


@pytest.mark.django_db
def test_tips_received_accepted_settled_kept_per_day_merged_ones_never() -> None:
    from django.utils import timezone

    from hub389.tests.factories import tip_input
    from hub389.tips import services as tips
    from hub389.tips.models import Outcome, Status

    handler = User.objects.get(username="qltt.hanoi")
    head = User.objects.get(username="truong.qltt.hanoi")
    first, _ = tips.submit_public(tip_input(), [])
    duplicate, _ = tips.submit_public(tip_input(), [])
    facts.refresh()
    today = timezone.localdate()
    assert sum(r.tips_received for r in DayFact.objects.filter(day=today)) == 2
    tips.merge(head, first, [duplicate])  # a merged tip no longer counts
    tips.release_lock(head, first)
    tips.assign(handler, first, handler)
    case_from(handler, first)
    tips.settle(handler, first, Outcome.ADMIN_CASE, "Đã kiểm tra, xử phạt.")
    facts.refresh()
    row = DayFact.objects.get(day=today)
    assert (row.tips_received, row.tips_settled, row.owner.code) == (1, 1, "01-QLTT")
    assert _table() == _recomputed()
    hanoi = Area.objects.get(code="01")
    figures = indicators.compute(indicators.Scope(hanoi), periods.containing("monthly", today))
    assert (figures["tips_received"], figures["tips_settled"]) == (1, 1)
    assert first.__class__.objects.get(pk=first.pk).status == Status.SETTLED
