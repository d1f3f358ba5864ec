"""The administrative track (violation record, decision, payment, refusals, deadline) and the
criminal track (referral, decision, file returned)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hub389.accounts.models import User
from hub389.cases import deadlines, services
from hub389.cases.models import CaseStatus, LeadNotice, ReferralDecision
from hub389.registry.models import Agency
from hub389.tests.factories import make_milk_case

pytestmark = pytest.mark.django_db
D = datetime.date


def test_administrative_track_refusals_and_deadline(handler: User) -> None:
    case = make_milk_case(handler, goods="dien-tu", area="01")  # Market Surveillance leads itself
    assert not LeadNotice.objects.filter(case=case).exists()
    sanction = services.record_violation(
        handler, case, record_no="12/BB-VPHC", record_date=D(2026, 11, 3), route=deadlines.Route.STANDARD
    )
    assert sanction.decision_due == D(2026, 11, 12)
    assert sanction.is_overdue(D(2026, 11, 13)) and not sanction.is_overdue(D(2026, 11, 12))
    with pytest.raises(ValidationError, match="trước ngày lập biên bản"):
        services.decide_sanction(
            handler,
            sanction,
            decision_no="5/QĐ-XPVPHC",
            decision_date=D(2026, 11, 2),
            fine=30_000_000,
            measures=["destruction"],
        )
    services.decide_sanction(
        handler,
        sanction,
        decision_no="5/QĐ-XPVPHC",
        decision_date=D(2026, 11, 10),
        fine=30_000_000,
        measures=["destruction"],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.SANCTIONED and not sanction.decided_late
    services.record_payment(handler, sanction, 20_000_000)
    with pytest.raises(ValidationError, match="vượt số tiền phạt"):
        services.record_payment(handler, sanction, 10_000_001)
    sanction.refresh_from_db()
    assert sanction.fine_paid == 20_000_000 and sanction.outstanding == 10_000_000


def test_criminal_track(handler: User) -> None:
    case = make_milk_case(handler, goods="dien-tu", area="01")
    with pytest.raises(ValidationError, match="cơ quan điều tra"):
        services.refer(handler, case, Agency.objects.get(code="01-THUE"), D(2026, 11, 4))
    police = Agency.objects.get(code="01-CA")
    referral = services.refer(handler, case, police, D(2026, 11, 4))
    cop = User.objects.get(username="congan.hanoi")
    with pytest.raises(PermissionDenied):
        services.referral_decision(
            handler, referral, decision=ReferralDecision.RETURNED, decided_on=D(2026, 11, 20)
        )
    referral = services.referral_decision(
        cop, referral, decision=ReferralDecision.RETURNED, decided_on=D(2026, 11, 20)
    )
    # Fri 20/11 + 3 working days: Mon 23, (Tue 24/11 is Vietnamese Culture Day), Wed 25, Thu 26.
    assert referral.file_return_due == D(2026, 11, 26)
