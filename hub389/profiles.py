"""The 360° profile of a subject as resolved across agencies (/subjects/<id>/): every record of
its cluster with its source, and what the agencies hold on it: cases, sanctions and unpaid
fines, seized goods, inspections, the pairs that may be the same subject.

It reads several apps (cases, warehouse, subjects), so it sits here, beside mywork.py, not in
any one of them. Need-to-know holds and nobody is blind to the overlap: a record the reader
may not open is counted with the agency that holds it ("3 hồ sơ ở Cục Hải quan Lạng Sơn: liên
hệ …"), never shown. A person's CCCD, birth date, phone and address (Law 91/2025) as another
agency recorded them are masked, shown to the officers of the agency that recorded them and to
its province's (or the nation's) standing office (`subjects.access`). Every profile view of a
person or household is audited."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.audit import services as audit
from hub389.cases.models import Case, CaseSubject, Inspection, Sanction
from hub389.lib.locale import in_vietnamese
from hub389.lib.text import fold
from hub389.subjects.access import readable_records
from hub389.subjects.models import Subject, SubjectKind, SubjectLink, SubjectRecord
from hub389.warehouse.models import Lot

PERSONAL = ("citizen_id", "old_id", "date_of_birth", "birth_year", "phone", "address")
FACTS = (
    ("name", _("Tên")),
    ("citizen_id", _("Số CCCD")),
    ("old_id", _("Số CMND cũ")),
    ("date_of_birth", _("Ngày sinh")),
    ("birth_year", _("Năm sinh")),
    ("tax_code", _("Mã số thuế")),
    ("phone", _("Số điện thoại")),
    ("address", _("Địa chỉ")),
    ("plate", _("Biển số")),
    ("url", _("Gian hàng, tài khoản")),
)
PEOPLE = (SubjectKind.PERSON, SubjectKind.HOUSEHOLD)


def mask(field: str, value: Any) -> str:
    """A personal value the reader may not read: nothing of it shows (not its year, its last
    digits or its length); a value that is not personal is shown as it is."""
    return "•••" if field in PERSONAL else str(value)


def display_name(names: list[str]) -> str:
    """A cluster's name: the first one typed with diacritics ("Trần Thị Mai" before "TRAN THI
    MAI"), else the first."""
    return next((n for n in names if fold(n) != " ".join(n.lower().split())), names[0] if names else "")


def facts(records: list[SubjectRecord], readable: Callable[[SubjectRecord], bool]) -> list[dict[str, Any]]:
    """Each field's values as the sources recorded them: a value once per source that gave it,
    two values when two sources disagree (both kept, neither chosen). A personal value (CCCD,
    birth date, phone, address) is shown with the sources the reader may read (`readable`); the
    other sources' values are masked each on its own line, whatever they are, so the reader
    learns neither the value nor whether it agrees with theirs."""
    out = []
    for field, label in FACTS:
        by_value: dict[Any, list[SubjectRecord]] = defaultdict(list)
        hidden: list[SubjectRecord] = []
        for record in records:
            value = getattr(record, field)
            if value in ("", None):
                continue
            if field in PERSONAL and not readable(record):
                hidden.append(record)
            else:
                by_value[value].append(record)
        values = [
            {"value": value, "date": field == "date_of_birth", "masked": False, "sources": sources}
            for value, sources in by_value.items()
        ] + [{"value": mask(field, ""), "date": False, "masked": True, "sources": [r]} for r in hidden]
        if values:
            out.append({"label": label, "disagree": len(by_value) > 1, "values": values})
    return out


@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    subject = get_object_or_404(Subject, pk=pk)
    policy.require(user, "profile", subject)
    if subject.resolved_to_id:  # a member's address leads to its cluster's one profile
        return redirect("subject_profile", subject.resolved_to_id)
    ids = subject.cluster_ids()
    members = list(Subject.objects.filter(pk__in=ids).order_by("pk"))
    records = list(
        SubjectRecord.objects.filter(subject__in=ids)
        .select_related("agency", "commune")
        .order_by("recorded_at")
    )
    case_ids = set(CaseSubject.objects.filter(subject__in=ids).values_list("case_id", flat=True))
    open_ids = set(policy.visible(user, "view", Case).filter(pk__in=case_ids).values_list("pk", flat=True))
    hidden_cases = (
        Case.objects.filter(pk__in=case_ids - open_ids)
        .values("owner__name", "owner__phone", "owner__email")
        .annotate(n=Count("pk"))
        .order_by("owner__name")
    )
    cases = list(Case.objects.filter(pk__in=open_ids).select_related("owner").order_by("-detected_on")[:200])
    sanctions = list(
        Sanction.objects.filter(case__in=open_ids, annulled_on__isnull=True)
        .filter(Q(subject__in=ids) | Q(subject__isnull=True))
        .select_related("case")
        .order_by("-record_date")
    )
    lots = list(Lot.objects.filter(case__in=open_ids).select_related("case").order_by("-seized_on")[:200])
    inspections_all = Inspection.objects.filter(subject__in=ids)
    inspections = list(
        policy.visible(user, "view", Inspection)
        .filter(subject__in=ids)
        .select_related("lead_agency")
        .order_by("-planned_on")
    )
    hidden_inspections = (
        inspections_all.exclude(pk__in=[i.pk for i in inspections])
        .values("lead_agency__name", "lead_agency__phone")
        .annotate(n=Count("pk"))
        .order_by("lead_agency__name")
    )

    mine = readable_records(user, [r.pk for r in records])
    shown = facts(records, lambda r: r.pk in mine)
    personal = subject.kind not in PEOPLE or not any(v["masked"] for f in shown for v in f["values"])
    maybe = list(
        SubjectLink.objects.filter(Q(a__in=ids) | Q(b__in=ids))
        .exclude(a__in=ids, b__in=ids)
        .select_related("a", "b")
        .order_by("-score")[:20]
    )
    reviewable = set(
        policy.visible(user, "review", SubjectLink)
        .filter(pk__in=[m.pk for m in maybe])
        .values_list("pk", flat=True)
    )
    if subject.kind in PEOPLE:
        audit.record(
            user,
            "subject.view_profile",
            subject,
            object_repr=f"{in_vietnamese(subject.get_kind_display())} #{subject.pk}",
            changes={"cluster": len(ids), "personal": personal},
        )
    return render(
        request,
        "subject_profile.html",
        {
            "subject": subject,
            "members": members,
            "facts": shown,
            "records": records,
            "personal": personal,
            "cases": cases,
            "hidden_cases": hidden_cases,
            "sanctions": sanctions,
            "unpaid": sum(s.outstanding for s in sanctions),
            "lots": lots,
            "inspections": inspections,
            "hidden_inspections": hidden_inspections,
            "name": display_name([subject.name, *(m.name for m in members)]),
            "maybe": [
                (link, link.b if link.a_id in ids else link.a, link.pk in reviewable) for link in maybe
            ],
        },
    )
