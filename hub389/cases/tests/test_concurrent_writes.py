"""Two officers writing the same row at once lose nothing: the services re-read the sanction
(payments) and the lot (samples) under a row lock in their own transaction, so the second
waits for the first and adds to what it committed. Each thread starts from the same stale
object, as two browser tabs would; without the lock the second write would overwrite the first.
"""

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from hub389.accounts.models import User
from hub389.cases import services as cases
from hub389.cases.deadlines import Route
from hub389.cases.models import Sanction
from hub389.tests.factories import make_case, make_lot
from hub389.warehouse import services as store
from hub389.warehouse.models import Lot

D = datetime.date
pytestmark = [
    pytest.mark.skipif("postgresql" not in connection.vendor, reason="row locks: PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("registry_live"),
]


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> list[BaseException]:
    """`first` runs in a transaction held open until `second` has started and been seen to
    wait; both commit. Returns what either raised."""
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def one() -> None:
        try:
            with transaction.atomic():
                first()
                holding.set()
                release.wait(10)
        except BaseException as exc:
            errors.append(exc)
            holding.set()
        finally:
            connections.close_all()

    def two() -> None:
        try:
            second()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=one)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=two)
    b.start()
    b.join(0.5)
    waited = b.is_alive()
    release.set()
    a.join(10)
    b.join(10)
    assert waited, "the second write waits for the first one's row lock"
    return errors


def _decided(officer: User, fine: int) -> Sanction:
    case = make_case(officer, area="01", detected_on=D(2026, 11, 2))
    sanction = cases.record_violation(
        officer, case, record_no="9/BB", record_date=D(2026, 11, 3), route=Route.STANDARD
    )
    return cases.decide_sanction(
        officer, sanction, decision_no="9/QĐ", decision_date=D(2026, 11, 5), fine=fine, measures=[]
    )


def test_two_concurrent_payments_on_one_sanction_are_both_counted() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    sanction = _decided(officer, 10_000_000)
    tab_a, tab_b = Sanction.objects.get(pk=sanction.pk), Sanction.objects.get(pk=sanction.pk)
    errors = _race(
        lambda: cases.record_payment(officer, tab_a, 3_000_000),
        lambda: cases.record_payment(officer, tab_b, 4_000_000),
    )
    assert not errors
    assert Sanction.objects.get(pk=sanction.pk).fine_paid == 7_000_000


def test_a_concurrent_payment_cannot_take_the_total_past_the_fine() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    sanction = _decided(officer, 10_000_000)
    tab_a, tab_b = Sanction.objects.get(pk=sanction.pk), Sanction.objects.get(pk=sanction.pk)
    errors = _race(
        lambda: cases.record_payment(officer, tab_a, 6_000_000),
        lambda: cases.record_payment(officer, tab_b, 6_000_000),
    )
    assert [type(e) for e in errors] == [ValidationError]
    assert "vượt số tiền phạt" in str(errors[0])
    assert Sanction.objects.get(pk=sanction.pk).fine_paid == 6_000_000


def test_two_concurrent_samples_from_one_lot_are_both_taken() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    case = make_case(officer, area="01", kinds=["smuggling"], lines=[])
    lot = make_lot(officer, case, quantity="100", bin_code="C1")
    tab_a, tab_b = Lot.objects.get(pk=lot.pk), Lot.objects.get(pk=lot.pk)
    errors = _race(
        lambda: store.take_sample(officer, tab_a, Decimal("10"), "Mẫu giám định lần 1"),
        lambda: store.take_sample(officer, tab_b, Decimal("15"), "Mẫu giám định lần 2"),
    )
    assert not errors
    assert Lot.objects.get(pk=lot.pk).quantity == Decimal("75")
    assert store.verify([lot.pk]) == []  # the custody chain holds both samples in order
