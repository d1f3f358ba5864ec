"""The committee a page is about, read from the request and checked against the policy."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from hub389.accounts.access import committee_of
from hub389.accounts.http import AuthedRequest
from hub389.policy import require
from hub389.registry.models import SteeringCommittee
from hub389.registry.services import get_committee


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
