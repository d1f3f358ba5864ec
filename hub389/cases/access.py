"""Who may see and work a case, and the query of the cases a user may open.

The owner agency edits; agencies the case is shared with read (or edit when allowed); the
standing office of the area reads. A confidential case shows its details only to its named
readers, whatever their agency or role (the standing office keeps the figures, not the
details). Steps addressed to one agency (a lead notice, a referral, an inspection it leads) are
answered by that agency's officers."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hub389.accounts.access import is_admin, is_head, is_standing_office, is_standing_officer_for
from hub389.cases.models import Case, CaseShare, CaseSubject, Inspection, LeadNotice, Referral, placed_in
from hub389.policy import rule, scope
from hub389.subjects.models import Subject

# The cases shared with the agency are inlined as ids when they are few: PostgreSQL then
# combines the owner's index with these ids instead of testing a subquery on every case (an
# officer who sees few cases searching a common name read half a million rows by date: 2.3 s).
SHARED_INLINE = 2000


def _reader(case: Case, user: Any) -> bool:
    return case.confidential_readers.filter(pk=user.pk).exists()


def _case_agencies(case: Any, user: Any, *, edit: bool) -> bool:
    if user.agency_id is None:
        return False
    if case.owner_id == user.agency_id:
        return True
    return case.shares.filter(agency_id=user.agency_id, **({"can_edit": True} if edit else {})).exists()


@rule("create", Case)
def create_case(user: Any, case: Any) -> bool:
    return user.agency_id is not None


@rule("view", Case)
def view_case(user: Any, case: Any) -> bool:
    if isinstance(case, type):
        return True
    if case.confidential:
        return _reader(case, user)
    if is_admin(user) or _case_agencies(case, user, edit=False):
        return True
    return is_standing_officer_for(user, case.area)


@scope("view", Case)
def cases(user: Any) -> QuerySet[Case]:
    if is_admin(user):
        mine = Q(pk__isnull=False)
    elif user.agency_id is None:
        mine = Q(pk__in=[])
    else:
        shared_ids = list(
            CaseShare.objects.filter(agency_id=user.agency_id).values_list("case_id", flat=True)[
                : SHARED_INLINE + 1
            ]
        )
        if len(shared_ids) <= SHARED_INLINE:
            mine = Q(owner_id=user.agency_id) | Q(pk__in=shared_ids)
        else:
            shared = CaseShare.objects.filter(case=OuterRef("pk"), agency_id=user.agency_id)
            mine = Q(owner_id=user.agency_id) | Q(Exists(shared))
        if is_standing_office(user):  # a committee's standing office: its whole area
            mine |= placed_in(user.agency.area)
    # A confidential case is seen by its named readers, whatever their agency, and by nobody
    # else. Its readers are few: their cases go in as ids, so the planner still walks the
    # owner's or the province's index (no join, no DISTINCT over the table).
    seen = mine & Q(confidential=False)
    secret = list(
        Case.confidential_readers.through.objects.filter(user_id=user.pk).values_list("case_id", flat=True)
    )
    return Case.objects.filter(seen | Q(pk__in=secret, confidential=True) if secret else seen)


def sees_whole_area(user: Any) -> bool:
    """Whose visible cases are an area's (or all): their searches are served in date windows."""
    return is_admin(user) or is_standing_office(user)


@rule("edit", Case)
def edit_case(user: Any, case: Any) -> bool:
    if isinstance(case, type):
        return False
    if case.confidential and not _reader(case, user):
        return False
    return _case_agencies(case, user, edit=True)


@rule("own", Case)
def own_case(user: Any, case: Any) -> bool:
    """Share, hand over, mark confidential: the owner agency's head or the case's recorder."""
    if isinstance(case, type) or case.owner_id != user.agency_id:
        return False
    if case.confidential and not _reader(case, user):
        return False
    return is_head(user) or case.created_by_id == user.pk


def _agency_step(action: str, model: Any, agency_field: str) -> None:
    """A step addressed to one agency: any active officer of that agency."""

    def check(user: Any, obj: Any) -> bool:
        return not isinstance(obj, type) and user.agency_id == getattr(obj, f"{agency_field}_id")

    rule(action, model)(check)


_agency_step("answer", LeadNotice, "to_agency")
_agency_step("decide", Referral, "to_agency")
_agency_step("record", Inspection, "lead_agency")


@rule("view", Inspection)
def view_inspection(user: Any, inspection: Any) -> bool:
    """An inspection is seen by its lead and member agencies."""
    if isinstance(inspection, type):
        return True
    return user.agency_id is not None and (
        inspection.lead_agency_id == user.agency_id or inspection.members.filter(pk=user.agency_id).exists()
    )


@scope("view", Inspection)
def inspections(user: Any) -> QuerySet[Inspection]:
    if user.agency_id is None:
        return Inspection.objects.none()
    member = Inspection.members.through.objects.filter(inspection_id=OuterRef("pk"), agency_id=user.agency_id)
    return Inspection.objects.filter(Q(lead_agency_id=user.agency_id) | Q(Exists(member)))


def unreadable_confidential(user: Any, case_ids: list[int]) -> set[int]:
    """Of these cases, the confidential ones `user` may not read: a page that names them for
    another reason (the audit log) shows their reference only, never their summary."""
    secret = Case.objects.filter(pk__in=case_ids, confidential=True)
    readable = Case.confidential_readers.through.objects.filter(user_id=user.pk).values("case_id")
    return set(secret.exclude(pk__in=readable).values_list("pk", flat=True))


# A subject (person, business, vehicle, shop) is seen through the records that name it: the
# cases the user may open and the inspections of the user's agency. The registry of subjects
# has no page of its own yet; until it does, nobody lists subjects apart from those records.


@rule("view", Subject)
def view_subject(user: Any, subject: Any) -> bool:
    if isinstance(subject, type):
        return True
    named = [link.case for link in subject.cases.select_related("case__area__parent")]
    return any(view_case(user, case) for case in named) or any(
        view_inspection(user, inspection) for inspection in subject.inspections.all()
    )


@scope("view", Subject)
def subjects(user: Any) -> QuerySet[Subject]:
    in_cases = CaseSubject.objects.filter(case__in=cases(user).values("pk")).values("subject_id")
    in_inspections = inspections(user).values("subject_id")
    return Subject.objects.filter(Q(pk__in=in_cases) | Q(pk__in=in_inspections))
