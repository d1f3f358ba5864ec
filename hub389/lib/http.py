import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hub389.accounts.models import User
from hub389.lib.dates import parse_date
from hub389.policy import committee_of, require
from hub389.registry.models import SteeringCommittee
from hub389.registry.services import get_committee


class AuthedRequest(HttpRequest):
    """The request of a view behind login_required: `user` is a signed-in officer."""

    user: User


def period_from(request: HttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The `from`/`to` query parameters (dd/mm/yyyy or ISO); the year so far when absent."""
    start = parse_date(request.GET.get("from", "")) or today.replace(month=1, day=1)
    end = parse_date(request.GET.get("to", "")) or today
    return (start, end) if start <= end else (end, start)


def committee_from(request: AuthedRequest) -> SteeringCommittee:
    """The committee named by `?committee=` (unit code or "national"), else the user's own,
    else the national one. Raises ValidationError for an unknown code."""
    code = request.GET.get("committee", "").strip()
    if code:
        return get_committee(code)
    return committee_of(request.user) or get_committee("national")


def visible_committee(request: AuthedRequest) -> SteeringCommittee | None:
    """`committee_from`, for pages of a committee's figures: None (the message is shown) for an
    unknown code; PermissionDenied for a committee whose figures the user may not see."""
    try:
        committee = committee_from(request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    require(request.user, "view_kpi", committee)
    return committee
