"""Who resolves subjects across agencies.

The pairs the linkage model found, with both sides' records, are reviewed by the officers whose
work is to see across agencies: a committee's standing office (at any level: the same trader
is recorded in several provinces) and the administrator. They judge a pair "same", "different"
or "unsure". Seeing a subject itself stays with `cases.access` (through the cases and
inspections the user may open); the profile (next step) counts what the reader may not open.
"""

from typing import Any

from django.db.models import QuerySet

from hub389 import policy
from hub389.accounts.access import is_admin, is_standing_office
from hub389.policy import rule, scope
from hub389.subjects.models import Judgement, SubjectLink
from hub389.subjects.models import Subject as SubjectModel


def reviewer(user: Any) -> bool:
    return bool(user.is_authenticated and (is_admin(user) or is_standing_office(user)))


@rule("judge", SubjectModel)
def judge_subject(user: Any, subject: Any) -> bool:
    return reviewer(user)


@rule("profile", SubjectModel)
def open_profile(user: Any, subject: Any) -> bool:
    """The 360° profile of a subject's cluster: a reviewer, or whoever may see one subject of
    the cluster (through a case or an inspection: `cases.access`)."""
    if isinstance(subject, type):
        return reviewer(user)
    if reviewer(user):
        return True
    ids = subject.cluster_ids()
    return policy.visible(user, "view", SubjectModel).filter(pk__in=ids).exists()


@rule("review", SubjectLink)
def review_link(user: Any, link: Any) -> bool:
    return reviewer(user)


@scope("review", SubjectLink)
def links(user: Any) -> QuerySet[SubjectLink]:
    return SubjectLink.objects.all() if reviewer(user) else SubjectLink.objects.none()


@rule("view", Judgement)
def view_judgement(user: Any, judgement: Any) -> bool:
    return reviewer(user)


@scope("view", Judgement)
def judgements(user: Any) -> QuerySet[Judgement]:
    return Judgement.objects.all() if reviewer(user) else Judgement.objects.none()
