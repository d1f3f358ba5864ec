"""The access policy from every side: owner, colleague, stranger (and admin, leader)."""

import pytest

from hub389 import policy
from hub389.accounts.models import User
from hub389.audit.models import AuditEntry
from hub389.registry.models import Agency, Area, JurisdictionRule, SteeringCommittee

CASES = [
    # (action, object, owner, colleague, stranger)
    ("manage_rules", lambda: Area.objects.get(code="01"), True, False, False),
    ("manage_rules", lambda: Area.objects.get(code="00070"), True, False, False),
    ("manage_rules", lambda: Area.objects.get(code="CK-CHIMA"), False, False, True),
    ("change", lambda: SteeringCommittee.objects.get(area__code="01"), True, False, False),
    ("change", lambda: JurisdictionRule.objects.filter(area__code="01").first(), True, False, False),
    ("change", lambda: Agency.objects.get(code="01-QLTT"), True, False, False),
    ("view", lambda: Agency.objects.get(code="01-QLTT"), True, True, True),
    ("view", lambda: AuditEntry, False, False, False),
    ("delete", lambda: Agency.objects.get(code="01-QLTT"), False, False, False),
]


@pytest.mark.parametrize(("action", "make", "for_owner", "for_colleague", "for_stranger"), CASES)
def test_rule_from_three_sides(
    db, owner, colleague, stranger, action, make, for_owner, for_colleague, for_stranger
):
    obj = make()
    assert policy.can(owner, action, obj) is for_owner
    assert policy.can(colleague, action, obj) is for_colleague
    assert policy.can(stranger, action, obj) is for_stranger


def test_admin_may_manage_and_read_the_audit_log(db, admin_user):
    assert policy.can(admin_user, "manage_rules", Area.objects.get(code="01"))
    assert policy.can(admin_user, "view", AuditEntry)


def test_agency_head_may_edit_their_own_agency_only(db):
    head = User.objects.get(username="truong.qltt.hanoi")
    assert policy.can(head, "change", Agency.objects.get(code="01-QLTT"))
    assert not policy.can(head, "change", Agency.objects.get(code="01-CA"))


def test_leader_reads_but_does_not_change(db):
    leader = User.objects.get(username="lanhdao.hanoi")
    assert policy.can(leader, "view", SteeringCommittee.objects.get(area__code="01"))
    assert not policy.can(leader, "change", SteeringCommittee.objects.get(area__code="01"))


def test_inactive_and_anonymous_users_may_do_nothing(db, owner):
    from django.contrib.auth.models import AnonymousUser

    owner.is_active = False
    assert not policy.can(owner, "view", Agency.objects.first())
    assert not policy.can(AnonymousUser(), "view", Agency.objects.first())
