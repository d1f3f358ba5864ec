"""Who works the public side. A notice is proposed by whoever may work the case (`edit`); it is
seen by them and by the standing office of the place (the province's, the nation's), which
approves, refuses or withdraws it: never the officer who proposed it. A warning is written and
seen by the standing office of its committee; another officer of that office, or the
committee's leader, publishes it. What the portal serves to everyone is not a matter of rules:
it is `Notice.objects.live()` and `Warning.objects.live()`."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389 import policy
from hub389.accounts.access import home_area, is_leader_for, is_standing_office, is_standing_officer_for
from hub389.cases.models import Case, Sanction
from hub389.policy import rule, scope
from hub389.portal.models import Notice, NoticeStatus, Warning, WarningStatus


def _office(user: Any, area: Any) -> bool:
    return is_standing_officer_for(user, area)


@rule("view", Notice)
def view_notice(user: Any, notice: Any) -> bool:
    if isinstance(notice, type):
        return user.agency_id is not None
    return _office(user, notice.area) or policy.can(user, "view", notice.sanction.case)


@scope("view", Notice)
def notices(user: Any) -> QuerySet[Notice]:
    mine = Q(sanction__case__in=policy.visible(user, "view", Case).values("pk"))
    if is_standing_office(user):
        mine |= home_area(user, "area")
    return Notice.objects.filter(mine)


@rule("review", Notice)
def review_notice(user: Any, notice: Any) -> bool:
    """Approve or refuse a proposal: the standing office of the place, not the proposer."""
    if isinstance(notice, type):
        return is_standing_office(user)
    return (
        notice.status == NoticeStatus.PROPOSED
        and notice.proposed_by_id != user.pk
        and _office(user, notice.area)
    )


@rule("withdraw", Notice)
def withdraw_notice(user: Any, notice: Any) -> bool:
    """Withdraw or correct a published notice: the standing office of the place."""
    return (
        not isinstance(notice, type)
        and notice.status == NoticeStatus.PUBLISHED
        and _office(user, notice.area)
    )


@rule("propose", Sanction)
def propose_sanction(user: Any, sanction: Any) -> bool:
    """Propose a decision for publication: whoever may work its case."""
    return not isinstance(sanction, type) and policy.can(user, "edit", sanction.case)


@rule("view", Warning)
def view_warning(user: Any, warning: Any) -> bool:
    if isinstance(warning, type):
        return is_standing_office(user)
    area = warning.committee.area
    return _office(user, area) or is_leader_for(user, area)


@scope("view", Warning)
def warnings(user: Any) -> QuerySet[Warning]:
    if not (is_standing_office(user) or user.role == "leader"):
        return Warning.objects.none()
    return Warning.objects.filter(home_area(user, "committee__area"))


@rule("edit", Warning)
def edit_warning(user: Any, warning: Any) -> bool:
    """Write a warning (the class: for one's own committee) or change a draft or published one."""
    if isinstance(warning, type):
        return is_standing_office(user)
    return warning.status != WarningStatus.WITHDRAWN and _office(user, warning.committee.area)


@rule("publish", Warning)
def publish_warning(user: Any, warning: Any) -> bool:
    """Approve and publish a draft: another officer of the office than its writer, or the
    committee's leader."""
    if isinstance(warning, type) or warning.status != WarningStatus.DRAFT:
        return False
    area = warning.committee.area
    return (_office(user, area) and warning.written_by_id != user.pk) or is_leader_for(user, area)
