"""Who resolves subjects across agencies, and who reads a person's personal values.

The pairs the linkage model found, with both sides' records, are reviewed by the officers whose
work is to see across agencies: the national committee's standing office and the administrator
review every pair; a province's standing office reviews the pairs whose records were all made by
agencies of its province (a pair that reaches another province goes to the national office, which
sees both sides). Seeing a subject itself stays with `cases.access` (through the cases and
inspections the user may open).

A person's CCCD, old CMND, birth date, phone and address as an agency recorded them (Law
91/2025) are read ("personal", SubjectRecord) by the officers of that agency, by the standing
office of the province the agency belongs to (or the nation's), and by the administrator. The
profile, the graph and its exports mask every other record's personal values.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hub389 import policy
from hub389.accounts.access import is_admin, is_standing_office
from hub389.policy import rule, scope
from hub389.registry.models import AreaKind, within
from hub389.subjects.models import Judgement, SubjectLink, SubjectRecord
from hub389.subjects.models import Subject as SubjectModel


def reviewer(user: Any) -> bool:
    """May open the review queue (their own share of it: `links`)."""
    return bool(user.is_authenticated and (is_admin(user) or is_standing_office(user)))


def national(user: Any) -> bool:
    """Reviews every pair and reads every record: the administrator, the national office."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return is_standing_office(user) and user.agency.area.kind == AreaKind.NATIONAL


def _inside(user: Any) -> Q:
    """Records made by an agency of the user's standing office's area (or below it)."""
    return within(user.agency.area, "agency__area")


def _outside(user: Any) -> QuerySet[SubjectRecord]:
    return SubjectRecord.objects.exclude(_inside(user))


# -- personal values of a record
@rule("personal", SubjectRecord)
def read_personal(user: Any, record: Any) -> bool:
    if isinstance(record, type) or national(user):
        return national(user)
    if is_standing_office(user):
        return SubjectRecord.objects.filter(_inside(user), pk=record.pk).exists()
    return record.agency_id is not None and record.agency_id == user.agency_id


@scope("personal", SubjectRecord)
def personal_records(user: Any) -> QuerySet[SubjectRecord]:
    if national(user):
        return SubjectRecord.objects.all()
    if is_standing_office(user):
        return SubjectRecord.objects.filter(_inside(user))
    if user.agency_id is None:
        return SubjectRecord.objects.none()
    return SubjectRecord.objects.filter(agency_id=user.agency_id)


def readable_records(user: Any, ids: Any) -> set[int]:
    """Of these records, the ones whose personal values `user` reads (one query)."""
    return set(
        policy.visible(user, "personal", SubjectRecord).filter(pk__in=ids).values_list("pk", flat=True)
    )


# -- judging pairs
def _all_inside(user: Any, subject_ids: list[int]) -> bool:
    return not _outside(user).filter(subject__in=subject_ids).exists()


@rule("judge", SubjectModel)
def judge_subject(user: Any, subject: Any) -> bool:
    if isinstance(subject, type) or national(user):
        return reviewer(user)
    return is_standing_office(user) and _all_inside(user, [subject.pk])


@rule("review", SubjectLink)
def review_link(user: Any, link: Any) -> bool:
    if isinstance(link, type) or national(user):
        return reviewer(user)
    return is_standing_office(user) and _all_inside(user, [link.a_id, link.b_id])


def _pairs_inside(user: Any, model: Any) -> QuerySet[Any]:
    """Rows of a pair model (a, b) the user's office answers for: every row for the nation's,
    for a province's those whose two subjects only its own agencies recorded."""
    if national(user):
        return model.objects.all()
    if not is_standing_office(user):
        return model.objects.none()
    outside = _outside(user)
    return model.objects.exclude(Exists(outside.filter(subject=OuterRef("a")))).exclude(
        Exists(outside.filter(subject=OuterRef("b")))
    )


@scope("review", SubjectLink)
def links(user: Any) -> QuerySet[SubjectLink]:
    return _pairs_inside(user, SubjectLink)


@rule("view", Judgement)
def view_judgement(user: Any, judgement: Any) -> bool:
    if national(user):
        return True
    return is_standing_office(user) and _all_inside(user, [judgement.a_id, judgement.b_id])


@scope("view", Judgement)
def judgements(user: Any) -> QuerySet[Judgement]:
    return _pairs_inside(user, Judgement)


# -- the profile and the graph
def profile_subjects(user: Any) -> QuerySet[SubjectModel]:
    """The subjects whose cluster's profile `user` opens: one the user sees through a case or an
    inspection (`cases.access`), and for a standing office one an agency of its area recorded."""
    if national(user):
        return SubjectModel.objects.all()
    seen = policy.visible(user, "view", SubjectModel)
    if is_standing_office(user):
        mine = SubjectRecord.objects.filter(_inside(user)).values("subject_id")
        return SubjectModel.objects.filter(Q(pk__in=seen.values("pk")) | Q(pk__in=mine))
    return seen


@rule("profile", SubjectModel)
def open_profile(user: Any, subject: Any) -> bool:
    """The 360° profile of a subject's cluster: whoever may open one subject of the cluster."""
    if isinstance(subject, type):
        return national(user)
    return profile_subjects(user).filter(pk__in=subject.cluster_ids()).exists()
