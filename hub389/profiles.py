"""The 360° profile of a subject as resolved across agencies (/subjects/<id>/): every record of
its cluster with its source, and what the agencies hold on it: cases, sanctions and unpaid
fines, seized goods, inspections, the pairs that may be the same subject.

It reads several apps (cases, warehouse, subjects), so it sits here, beside mywork.py, not in
any one of them. Need-to-know holds and nobody is blind to the overlap: a record the reader
may not open is counted with the agency that holds it ("3 hồ sơ ở Cục Hải quan Lạng Sơn: liên
hệ …"), never shown. A person's CCCD, birth date, phone and address (Law 91/2025) as another
agency recorded them are masked, shown to the reviewers (the standing office) and to the
officers of the agency that recorded them. Every profile view of a person or household is audited."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.audit import services as audit
from hub389.cases.models import Case, CaseSubject, Inspection, Sanction
from hub389.lib.locale import in_vietnamese
from hub389.subjects.access import reviewer
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
    text = value.strftime("%Y") if field == "date_of_birth" and value else str(value)
    if field in ("citizen_id", "old_id", "phone"):
        return "•" * max(len(text) - 3, 0) + text[-3:]
    if field == "address":
        return "•••"
    return text


def facts(records: list[SubjectRecord], readable: Callable[[SubjectRecord], bool]) -> list[dict[str, Any]]:
    """Each field's values as the sources recorded them: a value once per source that gave it,
    two values when two sources disagree (both kept, neither chosen). A personal value (CCCD,
    birth date, phone, address) is shown when one of the sources that gave it is `readable`
    (the reader's own agency, or the reader reviews subjects), masked otherwise."""
    out = []
    for field, label in FACTS:
        by_value: dict[Any, list[SubjectRecord]] = defaultdict(list)
        for record in records:
            value = getattr(record, field)
            if value not in ("", None):
                by_value[value].append(record)
        if not by_value:
            continue
        values = []
        for value, sources in by_value.items():
            masked = field in PERSONAL and not any(readable(r) for r in sources)
            values.append(
                {
                    "value": mask(field, value) if masked else value,
                    "date": field == "date_of_birth" and not masked,
                    "masked": masked,
                    "sources": sources,
                }
            )
        out.append({"label": label, "disagree": len(by_value) > 1, "values": values})
    return out


@login_required
def profile(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    subject = get_object_or_404(Subject, pk=pk)
    policy.require(user, "profile", subject)
    ids = subject.cluster_ids()
    is_reviewer = reviewer(user)
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

    def readable(record: SubjectRecord) -> bool:
        return is_reviewer or (record.agency_id is not None and record.agency_id == user.agency_id)

    shown = facts(records, readable)
    personal = subject.kind not in PEOPLE or not any(v["masked"] for f in shown for v in f["values"])
    maybe = list(
        SubjectLink.objects.filter(Q(a__in=ids) | Q(b__in=ids))
        .exclude(a__in=ids, b__in=ids)
        .select_related("a", "b")
        .order_by("-score")[:20]
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
            "maybe": [(link, link.b if link.a_id in ids else link.a) for link in maybe],
            "is_reviewer": is_reviewer,
        },
    )
