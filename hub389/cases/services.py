"""Every write on a case: validated (Vietnamese messages, nothing saved on error), checked
against the access policy, saved with a timeline event and an audit entry in one transaction.

Each service owns its transaction and re-reads the row it changes with a row lock (`_lock`),
so two officers recording payments on one sanction at once cannot lose one. What a change
triggers is called here, where it happens: the report facts and dashboards
(`reports.effects.case_changed`), campaign tags, the lead agency's notice, the officer who
answers for the area (`committee.services.areas`), notifications."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hub389 import policy
from hub389.accounts.models import User
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.brands.effects import cases_named as brands_named
from hub389.cases import deadlines
from hub389.cases.models import (
    SEARCH_TEXT_LENGTH,
    Case,
    CaseChannel,
    CaseEvent,
    CaseGoods,
    CaseShare,
    CaseStatus,
    CaseSubject,
    CaseViolation,
    Detection,
    LeadNotice,
    Measure,
    NoticeStatus,
    Referral,
    ReferralDecision,
    Sanction,
    SubjectRole,
    ViolationKind,
    principal_of,
    province_of,
)
from hub389.committee.services import areas as area_duty
from hub389.exchange import outbox, refs
from hub389.exchange.models import EventKind, ExternalRef
from hub389.lib import counted
from hub389.lib.locale import in_vietnamese
from hub389.lib.numbers import format_quantity, parse_quantity
from hub389.lib.text import fold
from hub389.lib.vnformat import format_vnd
from hub389.notifications.services import notify_agency
from hub389.plans.campaigns import tag_case, tag_cases
from hub389.portal import services as portal
from hub389.registry.jurisdiction import Jurisdiction, resolve_many, who_leads
from hub389.registry.models import Agency, Area, AreaKind, Field, GoodsGroup
from hub389.registry.routing import routing_field
from hub389.reports import effects, facts
from hub389.reports.locks import lock_of
from hub389.subjects import services as subject_services
from hub389.subjects.models import Source, Subject
from hub389.subjects.services import find_or_create
from hub389.tips.models import Tip
from hub389.tips.services import note_case_opened


@dataclass
class GoodsLine:
    description: str
    quantity: str | Decimal
    unit: str
    value_vnd: int = 0
    brand: str = ""


@dataclass
class CaseInput:
    detection: str
    detected_on: datetime.date
    area: Area
    summary: str
    violations: list[str]
    channel: str = "inland"
    place: str = ""
    url: str = ""
    goods_group: GoodsGroup | None = None
    tip: Tip | None = None
    violation_ended_on: datetime.date | None = None
    goods: list[GoodsLine] = field(default_factory=list)
    # The violator found on the spot, as typed (kind, name, tax_code, citizen_id, address, phone):
    # found or created in the registry of subjects and linked in the same transaction.
    violator: dict[str, str] | None = None


def _event(case: Case, kind: str, actor: Any, text: str = "", agency: Agency | None = None) -> CaseEvent:
    """A line of the case's timeline, not yet saved (`record_cases` writes many at once)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return CaseEvent(case=case, kind=kind, actor=user, text=text, agency=agency)


def add_event(case: Case, kind: str, actor: Any, text: str = "", agency: Agency | None = None) -> None:
    """One line of the case's timeline; every app that acts on a case writes through here."""
    _event(case, kind, actor, text, agency).save()


def _audit(actor: Any, action: str, case: Case, **kwargs: Any) -> None:
    audit.record(actor, action, case, object_repr=case.reference, **kwargs)


def _lock(model: Any, obj: Any, *related: str) -> Any:
    """`obj`'s row re-read and locked till the end of the transaction (PostgreSQL; SQLite
    serialises writers anyway)."""
    rows = model.objects.select_for_update(of=("self",))
    return (rows.select_related(*related) if related else rows).get(pk=obj.pk)


def _url(case: Case) -> str:
    try:
        return reverse("cases:detail", args=[case.pk])
    except NoReverseMatch:
        return ""


def _clean_goods(lines: list[GoodsLine]) -> list[CaseGoods]:
    rows = []
    for number, line in enumerate(lines, start=1):
        try:
            quantity = line.quantity if isinstance(line.quantity, Decimal) else parse_quantity(line.quantity)
        except ValidationError as exc:
            raise ValidationError({"goods": f"Dòng hàng {number}: {exc.messages[0]}"}) from exc
        if quantity <= 0 or not line.description.strip() or not line.unit.strip():
            raise ValidationError(
                {"goods": f"Dòng hàng {number}: cần mô tả, số lượng lớn hơn 0 và đơn vị tính."}
            )
        if line.value_vnd < 0:
            raise ValidationError({"goods": f"Dòng hàng {number}: trị giá không được âm."})
        rows.append(
            CaseGoods(
                description=line.description.strip(),
                brand=line.brand.strip(),
                quantity=quantity,
                unit=line.unit.strip(),
                value_vnd=line.value_vnd,
            )
        )
    return rows


def _check(data: CaseInput) -> None:
    """What every case must say, when recorded and when corrected."""
    errors: dict[str, str] = {}
    if data.detection not in Detection.values:
        errors["detection"] = "Chọn cách phát hiện."
    if data.detected_on > timezone.localdate():
        errors["detected_on"] = "Ngày phát hiện không được ở tương lai."
    if not data.violations or any(v not in ViolationKind.values for v in data.violations):
        errors["violations"] = "Chọn ít nhất một loại vi phạm."
    if len(data.summary.strip()) < 5:
        errors["summary"] = "Hãy tóm tắt vụ việc."
    if data.detection == Detection.TIP and data.tip is None:
        errors["tip"] = "Vụ việc phát hiện từ tin báo phải gắn với tin báo đó."
    if data.violation_ended_on and data.violation_ended_on > data.detected_on:
        errors["violation_ended_on"] = "Ngày kết thúc vi phạm không được sau ngày phát hiện."
    if errors:
        raise ValidationError(errors)


def check_case(data: CaseInput) -> None:
    """Everything `record_case` checks in what a case says, its goods lines and its violator,
    without saving anything (an import checks every row with it before it writes)."""
    errors: dict[str, list[str]] = {}
    for step in (lambda: _check(data), lambda: _clean_goods(data.goods)):
        try:
            step()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if data.violator:
        try:
            subject_services.clean(**data.violator)  # type: ignore[arg-type]
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"subject_{name}", []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _tell_lead(actor: User, case: Case, lead: Agency) -> None:
    """The agency that leads the case's field by law is told and may read it (Decision 19/2016)."""
    if LeadNotice.objects.filter(case=case, to_agency=lead).exists():
        return
    LeadNotice.objects.create(case=case, to_agency=lead)
    CaseShare.objects.get_or_create(case=case, agency=lead, defaults={"can_edit": False})
    add_event(case, "lead_notified", actor, f"Thông báo cơ quan chủ trì: {lead.name}", lead)
    outbox.emit(
        lead, EventKind.LEAD_NOTICE, case, by=case.owner.code, field=case.field.code, area=case.area.code
    )
    notify_agency(
        lead,
        f"Vụ việc thuộc lĩnh vực cơ quan chủ trì: {case.reference}",
        f"{case.owner.name} phát hiện: {case.summary}",
        _url(case),
    )


def record_case(actor: User, data: CaseInput) -> Case:
    """Record a case for the actor's agency. When the place and field belong to another
    agency's lead, that agency is told at once (Decision 19/2016) and the case says so."""
    return record_cases(actor, [data])[0]


def _province_id(area: Area) -> int | None:
    return area.pk if area.kind == AreaKind.PROVINCE else area.province_id


def record_cases(actor: User, inputs: Sequence[CaseInput]) -> list[Case]:
    """Record cases for the actor's agency, all or nothing: each checked, routed to the agency
    that leads its place and field, linked to its violator (found or created in the registry),
    written with its timeline, audit entries, report-fact markers and campaign tags, and the
    lead agencies told. One case (a form) or thousands (an import): the same writer, a few
    inserts per table for the whole set instead of some fifty queries per case."""
    policy.require(actor, "create", Case)
    agency = actor.agency
    assert agency is not None
    goods_of = []
    for data in inputs:
        _check(data)
        goods_of.append(_clean_goods(data.goods))
    routed: dict[tuple[Any, ...], Field] = {}
    fields = []
    for data in inputs:
        key = (data.area.kind, data.goods_group.pk if data.goods_group else None, bool(data.url.strip()))
        if key not in routed:
            routed[key] = routing_field(data.area, data.goods_group, data.url)
        fields.append(routed[key])
    answers: dict[tuple[int, int, datetime.date], Jurisdiction] = {}
    for day in {d.detected_on for d in inputs}:
        pairs = [(d.area, f) for d, f in zip(inputs, fields, strict=True) if d.detected_on == day]
        areas = list({a.pk: a for a, _f in pairs}.values())
        wanted = list({f.pk: f for _a, f in pairs}.values())
        for (area_id, field_id), answer in resolve_many(areas, wanted, day).items():
            answers[area_id, field_id, day] = answer
    leads = [answers[d.area.pk, f.pk, d.detected_on] for d, f in zip(inputs, fields, strict=True)]
    with transaction.atomic():
        typed = [(i, d.violator) for i, d in enumerate(inputs) if d.violator]
        try:
            found = subject_services.find_or_create_many(actor, [v for _i, v in typed], source=Source.CASE)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError({f"subject_{k}": v for k, v in exc.message_dict.items()}) from None
        violators: dict[int, Subject] = {
            i: subject for (i, _v), (subject, _new) in zip(typed, found, strict=True)
        }
        cases = [
            Case(
                owner=agency,
                detected_by=agency,
                lead_agency=answer.lead,
                created_by=actor,
                year=data.detected_on.year,
                detection=data.detection,
                detected_on=data.detected_on,
                violation_ended_on=data.violation_ended_on,
                area=data.area,
                province_id=_province_id(data.area),
                place=data.place.strip(),
                url=data.url.strip(),
                channel=data.channel,
                field=fld,
                goods_group=data.goods_group,
                summary=data.summary.strip(),
                principal=principal_of(data.violations),
                search_text=search_text(
                    data.summary, data.place, [violators[i].search_name] if i in violators else []
                ),
                tip=data.tip,
            )
            for i, (data, fld, answer) in enumerate(zip(inputs, fields, leads, strict=True))
        ]
        with counted.bulk():  # the facts are marked below, for the cases and all they hold
            Case.objects.bulk_create(cases)
            CaseViolation.objects.bulk_create(
                [
                    CaseViolation(case=case, kind=k)
                    for case, data in zip(cases, inputs, strict=True)
                    for k in sorted(set(data.violations))
                ]
            )
            for case, goods in zip(cases, goods_of, strict=True):
                for row in goods:
                    row.case = case
            CaseGoods.objects.bulk_create([row for goods in goods_of for row in goods])
            CaseSubject.objects.bulk_create(
                [
                    CaseSubject(case=cases[i], subject=subject, role=SubjectRole.VIOLATOR)
                    for i, subject in violators.items()
                ]
            )
        facts.mark({case.detected_on for case in cases})
        for area in {case.area_id: case.area for case in cases}.values():
            effects.invalidate(area)
        events: list[CaseEvent] = []
        entries = []
        told: dict[int, list[Case]] = {}
        for i, (case, answer) in enumerate(zip(cases, leads, strict=True)):
            events.append(_event(case, "recorded", actor, case.summary, agency))
            lead_code = answer.lead.code if answer.lead else None
            entries.append(
                audit.entry(
                    actor, "case.record", case, object_repr=case.reference, changes={"lead": lead_code}
                )
            )
            if i in violators:
                subject = violators[i]
                kind = in_vietnamese(subject.get_kind_display())
                events.append(_event(case, "subject_added", actor, f"{kind}: {subject.name}"))
                entries.append(
                    audit.entry(
                        actor,
                        "case.subject_add",
                        case,
                        object_repr=case.reference,
                        changes={"subject": subject.pk, "role": SubjectRole.VIOLATOR},
                    )
                )
            if answer.lead is not None and answer.lead.pk != agency.pk:
                told.setdefault(answer.lead.pk, []).append(case)
                events.append(
                    _event(
                        case,
                        "lead_notified",
                        actor,
                        f"Thông báo cơ quan chủ trì: {answer.lead.name}",
                        answer.lead,
                    )
                )
            elif answer.lead is None:
                events.append(
                    _event(
                        case,
                        "no_lead",
                        actor,
                        "Chưa xác định được cơ quan chủ trì (khoảng trống hoặc chồng chéo).",
                    )
                )
        CaseEvent.objects.bulk_create(events)
        audit.append(entries)
        for case, data in zip(cases, inputs, strict=True):
            if data.tip is not None:
                note_case_opened(actor, data.tip, case.reference)
        tag_cases(cases)
        for told_cases in told.values():
            _tell_leads(told_cases)
        area_duty.cases_found(cases)  # the officers answering for the areas, when another force found them
        brands_named(cases)  # the rights holders whose brand a goods line names are told
    return cases


def _tell_leads(cases: list[Case]) -> None:
    """The lead agency of these new cases (one agency) is told and may read them: a notice
    and a share each, an event each for its systems, one message to its officers."""
    lead = cases[0].lead_agency
    assert lead is not None
    LeadNotice.objects.bulk_create([LeadNotice(case=case, to_agency=lead) for case in cases])
    CaseShare.objects.bulk_create([CaseShare(case=case, agency=lead, can_edit=False) for case in cases])
    outbox.emit_many(
        lead,
        EventKind.LEAD_NOTICE,
        [(case, {"by": case.owner.code, "field": case.field.code, "area": case.area.code}) for case in cases],
    )
    first = cases[0]
    if len(cases) == 1:
        notify_agency(
            lead,
            f"Vụ việc thuộc lĩnh vực cơ quan chủ trì: {first.reference}",
            f"{first.owner.name} phát hiện: {first.summary}",
            _url(first),
        )
        return
    shown = ", ".join(c.reference for c in cases[:10]) + ("…" if len(cases) > 10 else "")
    notify_agency(
        lead,
        f"{len(cases)} vụ việc thuộc lĩnh vực cơ quan chủ trì, từ {first.owner.name}",
        f"Nhập từ bảng tính: {shown}",
        reverse("home"),
    )


# What a correction may change and how the timeline shows it; the counted ones move report
# figures and are refused once their month is locked (`reports.locks`).
COUNTED_FIELDS = ("detected_on", "area", "violations", "goods", "goods_group", "channel", "url")


def _goods_text(lines: list[Any]) -> str:
    return (
        "; ".join(
            f"{g.description} {format_quantity(g.quantity)} {g.unit} {format_vnd(g.value_vnd)}" for g in lines
        )
        or "—"
    )


class Unchanged(ValidationError):
    """A correction that changes nothing (a page says so; a repeated push is simply a no-op)."""


def amend_case(actor: User, case: Case, data: CaseInput, reason: str = "") -> Case:
    """Correct what a saved case says (summary, place, dates, kinds, goods lines and values):
    the owner or an editing share may. The timeline keeps the values before, with who, when
    and why; a reason is required once a sanction is decided; a change to what the reports
    count is refused when the month it counts in is locked. The report facts of the days and
    areas before and after are marked, and a new lead agency (another place or field) is told."""
    with transaction.atomic():
        case = _lock(Case, case, "area", "goods_group", "owner")
        policy.require(actor, "edit", case)
        data.detection, data.tip = case.detection, case.tip
        _check(data)
        goods = _clean_goods(data.goods)
        old_goods = list(case.goods.order_by("pk"))
        old_kinds = sorted(case.violations.values_list("kind", flat=True))
        new_kinds = sorted(set(data.violations))
        kind_names = {k: in_vietnamese(v) for k, v in ViolationKind.choices}
        channel_names = {k: in_vietnamese(v) for k, v in CaseChannel.choices}

        def day(d: datetime.date | None) -> str:
            return f"{d:%d/%m/%Y}" if d else "—"

        compared: list[tuple[str, str, Any, Any, Callable[[Any], str]]] = [
            ("summary", gettext_noop("Tóm tắt"), case.summary, data.summary.strip(), str),
            ("place", gettext_noop("Địa điểm"), case.place, data.place.strip(), str),
            ("url", gettext_noop("Đường dẫn"), case.url, data.url.strip(), str),
            ("detected_on", gettext_noop("Ngày phát hiện"), case.detected_on, data.detected_on, day),
            (
                "violation_ended_on",
                gettext_noop("Ngày chấm dứt vi phạm"),
                case.violation_ended_on,
                data.violation_ended_on,
                day,
            ),
            ("area", gettext_noop("Địa bàn"), case.area, data.area, lambda a: a.name),
            ("channel", gettext_noop("Kênh"), case.channel, data.channel, lambda c: channel_names.get(c, c)),
            (
                "goods_group",
                gettext_noop("Nhóm hàng"),
                case.goods_group,
                data.goods_group,
                lambda g: g.name if g else "—",
            ),
            (
                "violations",
                gettext_noop("Loại vi phạm"),
                old_kinds,
                new_kinds,
                lambda ks: "; ".join(kind_names[k] for k in ks),
            ),
        ]
        changes = [
            {"field": name, "label": label, "before": show(old), "after": show(new)}
            for name, label, old, new, show in compared
            if old != new
        ]
        line = lambda g: (g.description, g.brand, Decimal(g.quantity), g.unit, g.value_vnd)  # noqa: E731
        if [line(g) for g in old_goods] != [line(g) for g in goods]:
            changes.append(
                {
                    "field": "goods",
                    "label": gettext_noop("Hàng hóa"),
                    "before": _goods_text(old_goods),
                    "after": _goods_text(goods),
                }
            )
            old_value, new_value = sum(g.value_vnd for g in old_goods), sum(g.value_vnd for g in goods)
            if old_value != new_value:
                changes.append(
                    {
                        "field": "goods",
                        "label": gettext_noop("Trị giá"),
                        "before": format_vnd(old_value),
                        "after": format_vnd(new_value),
                    }
                )
        if not changes:
            raise Unchanged(_("Không có gì thay đổi so với hồ sơ đã lưu."))
        reason = reason.strip()
        if not reason and case.sanctions.filter(decision_date__isnull=False).exists():
            raise ValidationError({"reason": "Vụ việc đã có quyết định xử phạt: hãy ghi lý do đính chính."})
        if any(c["field"] in COUNTED_FIELDS for c in changes):
            for d in {case.detected_on, data.detected_on}:
                if (lock := lock_of(d)) is not None:
                    raise ValidationError(lock.message)
        before = effects.case_state(case)
        names = {c["field"] for c in changes}
        case.summary, case.place, case.url = data.summary.strip(), data.place.strip(), data.url.strip()
        case.detected_on, case.violation_ended_on = data.detected_on, data.violation_ended_on
        case.year = data.detected_on.year
        case.area, case.province = data.area, province_of(data.area)
        case.channel, case.goods_group = data.channel, data.goods_group
        case.principal = principal_of(new_kinds)
        subject_names = Subject.objects.filter(cases__case=case).values_list("search_name", flat=True)
        case.search_text = search_text(case.summary, case.place, list(subject_names))
        if names & {"area", "goods_group", "url", "detected_on"}:
            case.field = routing_field(case.area, case.goods_group, case.url)
            case.lead_agency = who_leads(case.area, case.field, case.detected_on).lead
        case.save()
        if "violations" in names:
            case.violations.all().delete()
            CaseViolation.objects.bulk_create([CaseViolation(case=case, kind=k) for k in new_kinds])
        if "goods" in names:
            for row in goods:
                row.case = case
            with counted.bulk():  # the facts are marked below, before and after
                case.goods.all().delete()
                CaseGoods.objects.bulk_create(goods)
        effects.case_changed(case, before)
        summary = "; ".join(f"{c['label']}: {c['before']} → {c['after']}" for c in changes)
        CaseEvent.objects.create(
            case=case,
            kind="amended",
            actor=actor,
            agency=actor.agency,
            text=f"Đính chính: {summary}" + (f". Lý do: {reason}" if reason else ""),
            changes={"fields": changes, "reason": reason},
        )
        _audit(actor, "case.amend", case, changes={"fields": changes, "reason": reason})
        if case.lead_agency is not None and case.lead_agency.pk != case.owner_id:
            _tell_lead(actor, case, case.lead_agency)
        if "detected_on" in names or "area" in names:
            tag_case(case)
        _tell_sharers(actor, case, EventKind.CASE_AMENDED, {"fields": sorted(names)})
    return case


def _tell_sharers(actor: User, case: Case, kind: str, payload: dict[str, Any]) -> None:
    """The agencies that hold the case (its owner and those it is shared with), but the one
    acting, hear of the change through their systems' event feeds."""
    agencies = {case.owner_id, *case.shares.values_list("agency_id", flat=True)} - {actor.agency_id}
    for agency in Agency.objects.filter(pk__in=agencies):
        outbox.emit(agency, kind, case, **payload)


def version_of(case: Case) -> int:
    """The case's version for `If-Match`: its latest timeline entry (every change writes one)."""
    return case.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def push_case(
    actor: User,
    data: CaseInput,
    *,
    source_system: str = "",
    source_id: str = "",
    expected_version: int | None = None,
    reason: str = "",
) -> tuple[Case, str]:
    """A case sent by another agency's system: recorded the first time its external reference
    `(agency, source_system, source_id)` is seen, corrected (`amend_case`) when it is sent
    again, left as it is when nothing changed. (case, "created" | "updated" | "unchanged").
    `expected_version` (the API's If-Match) refuses an update of a case changed since (Stale)."""
    system, sid = refs.check(source_system, source_id)
    if not system:
        return record_case(actor, data), "created"
    agency = actor.agency
    assert agency is not None
    for _attempt in range(2):
        try:
            with transaction.atomic():
                ref = refs.locked(agency, "case", system, sid)
                if ref is None:
                    case = record_case(actor, data)
                    refs.remember(agency, "case", system, sid, case.pk)
                    return case, "created"
                case = Case.objects.get(pk=ref.object_id)
                if expected_version is not None and expected_version != version_of(case):
                    raise refs.Stale(version_of(case))
                try:
                    amend_case(actor, case, data, reason or f"Cập nhật từ hệ thống {system}")
                except Unchanged:
                    return case, "unchanged"
                refs.touch(ref)
                return case, "updated"
        except IntegrityError:  # the same reference pushed twice at once: the other one created it
            continue
    raise ValidationError({"source_id": "Bản ghi đang được gửi đồng thời; hãy gửi lại."})


def push_cases(
    actor: User, items: Sequence[tuple[str, CaseInput]], *, source_system: str, reason: str = ""
) -> list[tuple[Case, str]]:
    """`push_case` for many records of one system at once (an import), all or nothing: the
    references are read and locked in one query, the new records written by `record_cases`
    in one set with their references, the known ones corrected one by one. In order of
    `items` ((source id, input)): (case, "created" | "updated" | "unchanged")."""
    system, _sid = refs.check(source_system, "x")
    agency = actor.agency
    assert agency is not None and system
    try:
        return _push_cases(actor, agency, system, items, reason)
    except IntegrityError:  # another import of the same references committed first
        raise ValidationError("Các bản ghi này đang được gửi đồng thời; hãy gửi lại tệp.") from None


def _push_cases(
    actor: User, agency: Agency, system: str, items: Sequence[tuple[str, CaseInput]], reason: str
) -> list[tuple[Case, str]]:
    with transaction.atomic():
        known = {
            ref.source_id: ref
            for ref in ExternalRef.objects.select_for_update().filter(
                agency=agency, kind="case", source_system=system, source_id__in=[sid for sid, _d in items]
            )
        }
        fresh = [(sid, data) for sid, data in items if sid not in known]
        created = dict(
            zip([sid for sid, _d in fresh], record_cases(actor, [d for _s, d in fresh]), strict=True)
        )
        ExternalRef.objects.bulk_create(
            [
                ExternalRef(
                    agency=agency, kind="case", source_system=system, source_id=sid, object_id=case.pk
                )
                for sid, case in created.items()
            ]
        )
        answers = []
        for sid, data in items:
            if sid in created:
                answers.append((created[sid], "created"))
                continue
            ref = known[sid]
            case = Case.objects.get(pk=ref.object_id)
            try:
                amend_case(actor, case, data, reason or f"Cập nhật từ hệ thống {system}")
            except Unchanged:
                answers.append((case, "unchanged"))
                continue
            refs.touch(ref)
            answers.append((case, "updated"))
    return answers


def attach_file(actor: User, case: Case, upload: IO[bytes], name: str) -> Attachment:
    """A photo or document of the case (concealment, the violation record, a decision)."""
    with transaction.atomic():
        case = _lock(Case, case)
        policy.require(actor, "edit", case)
        attachment = attach(actor, case, upload, name)
        add_event(case, "file_added", actor, attachment.original_name)
    return attachment


def search_text(summary: str, place: str, names: list[str]) -> str:
    """What the case list's search reads: summary, place and subjects' names, folded."""
    return " ".join([fold(f"{summary} {place}"), *sorted(set(names))])[:SEARCH_TEXT_LENGTH]


def _link_subject(actor: User, case: Case, subject: Subject, role: str) -> CaseSubject:
    link, created = CaseSubject.objects.get_or_create(case=case, subject=subject, role=role)
    if created:
        names = Subject.objects.filter(cases__case=case).values_list("search_name", flat=True)
        case.search_text = search_text(case.summary, case.place, list(names))
        case.save(update_fields=["search_text"])
        add_event(
            case, "subject_added", actor, f"{in_vietnamese(subject.get_kind_display())}: {subject.name}"
        )
        _audit(actor, "case.subject_add", case, changes={"subject": subject.pk, "role": role})
        if role == SubjectRole.VIOLATOR:  # violators are counted; owners and others are not
            effects.case_changed(case)
    return link


def add_subject(actor: User, case: Case, subject: Subject, role: str = "violator") -> CaseSubject:
    """A person, business, vehicle or shop in the case; a violator counts in the reports."""
    with transaction.atomic():
        case = _lock(Case, case, "area")
        policy.require(actor, "edit", case)
        return _link_subject(actor, case, subject, role)


def record_subject(actor: User, case: Case, fields: dict[str, str], role: str = "violator") -> CaseSubject:
    """A subject typed on the case page (CCCD, tax code, plate, URL...), found in the registry
    or created there, and linked to the case: all or nothing."""
    with transaction.atomic():
        case = _lock(Case, case, "area")
        policy.require(actor, "edit", case)
        subject, _created = find_or_create(actor, source=Source.CASE, source_id=str(case.pk), **fields)
        return _link_subject(actor, case, subject, role)


def answer_notice(actor: User, notice: LeadNotice, status: str) -> LeadNotice:
    """The lead agency acknowledges, takes over (becomes the owner) or coordinates."""
    if status not in (NoticeStatus.ACKNOWLEDGED, NoticeStatus.TAKEN_OVER, NoticeStatus.COORDINATING):
        raise ValidationError(_("Trả lời không hợp lệ."))
    with transaction.atomic():
        notice = _lock(LeadNotice, notice, "to_agency")
        policy.require(actor, "answer", notice)
        if notice.status != NoticeStatus.SENT:
            raise ValidationError(_("Thông báo này đã được trả lời."))
        notice.status, notice.answered_at = status, timezone.now()
        notice.save()
        case = _lock(Case, notice.case, "area", "owner")
        if status == NoticeStatus.TAKEN_OVER:
            _transfer_owner(actor, case, notice.to_agency)
        elif status == NoticeStatus.COORDINATING:
            CaseShare.objects.filter(case=case, agency=notice.to_agency).update(can_edit=True)
        add_event(
            case, f"notice_{status}", actor, in_vietnamese(NoticeStatus(status).label), notice.to_agency
        )
        _audit(actor, "case.notice_answer", case, changes={"status": status})
    return notice


def _transfer_owner(actor: User, case: Case, to: Agency) -> None:
    previous = case.owner
    case.owner = to
    case.save(update_fields=["owner"])
    CaseShare.objects.filter(case=case, agency=to).delete()
    CaseShare.objects.update_or_create(case=case, agency=previous, defaults={"can_edit": False})
    add_event(case, "owner_changed", actor, f"{previous.name} → {to.name}", to)
    effects.case_changed(case)  # its figures move to the new owner


def transfer_ownership(actor: User, case: Case, to: Agency, reason: str) -> Case:
    """One owner at a time; the explicit hand-over keeps the previous owner as a reader."""
    with transaction.atomic():
        case = _lock(Case, case, "area", "owner")
        policy.require(actor, "own", case)
        if to.pk == case.owner_id:
            raise ValidationError(_("Cơ quan này đang là chủ hồ sơ."))
        if len(reason.strip()) < 5:
            raise ValidationError({"reason": "Ghi rõ lý do chuyển giao hồ sơ."})
        _transfer_owner(actor, case, to)
        _audit(actor, "case.owner_transfer", case, changes={"to": to.code}, reason=reason)
        outbox.emit(to, EventKind.CASE_TRANSFERRED, case, by=actor.agency.code if actor.agency else "")
    return case


def share(actor: User, case: Case, agency: Agency, can_edit: bool) -> CaseShare:
    with transaction.atomic():
        case = _lock(Case, case)
        policy.require(actor, "own", case)
        if agency.pk == case.owner_id:
            raise ValidationError(_("Không chia sẻ cho chính cơ quan chủ hồ sơ."))
        row, _created = CaseShare.objects.update_or_create(
            case=case, agency=agency, defaults={"can_edit": can_edit}
        )
        add_event(case, "shared", actor, f"{agency.name} ({'sửa' if can_edit else 'xem'})", agency)
        _audit(actor, "case.share", case, changes={"agency": agency.code, "edit": can_edit})
        outbox.emit(agency, EventKind.CASE_SHARED, case, can_edit=can_edit)
    return row


def set_confidential(actor: User, case: Case, reason: str, readers: list[User]) -> Case:
    """Only the named readers (and the recorder) see a confidential case's details."""
    with transaction.atomic():
        case = _lock(Case, case)
        policy.require(actor, "own", case)
        if len(reason.strip()) < 10:
            raise ValidationError({"reason": "Ghi rõ lý do bảo mật vụ việc (ít nhất 10 ký tự)."})
        case.confidential, case.confidential_reason = True, reason.strip()
        case.save(update_fields=["confidential", "confidential_reason"])
        case.confidential_readers.set([*readers, actor])
        add_event(case, "confidential", actor, "Đánh dấu bảo mật")
        _audit(
            actor,
            "case.confidential",
            case,
            reason=reason,
            changes={"readers": [u.username for u in readers]},
        )
    return case


def violation_errors(case: Case, *, record_no: str, record_date: datetime.date, route: str) -> dict[str, str]:
    """What is wrong with a violation record for this case, by field (empty: nothing)."""
    errors = {}
    if route not in deadlines.Route.values:
        errors["route"] = "Chọn trường hợp thời hạn ra quyết định."
    if not record_no.strip():
        errors["record_no"] = "Hãy nhập số biên bản."
    if record_date < case.detected_on or record_date > timezone.localdate():
        errors["record_date"] = "Ngày lập biên bản phải từ ngày phát hiện đến hôm nay."
    return errors


def decision_errors(
    case: Case,
    *,
    record_date: datetime.date,
    decided_already: bool,
    decision_no: str,
    decision_date: datetime.date,
    fine: int,
    measures: list[str],
) -> dict[str, str]:
    """What is wrong with a sanction decision on a record of `record_date`, by field."""
    errors: dict[str, str] = {}
    if not decision_no.strip():
        errors["decision_no"] = "Hãy nhập số quyết định xử phạt."
    if decision_date < record_date:
        errors["decision_date"] = (
            f"Quyết định xử phạt không thể ký trước ngày lập biên bản ({record_date:%d/%m/%Y})."
        )
    if decision_date > timezone.localdate():
        errors["decision_date"] = "Ngày quyết định không được ở tương lai."
    if fine < 0:
        errors["fine"] = "Số tiền phạt không được âm."
    if any(m not in Measure.values for m in measures):
        errors["measures"] = "Biện pháp khắc phục không hợp lệ."
    if decided_already:
        errors["decision_no"] = "Biên bản này đã có quyết định xử phạt."
    if decision_date > case.limitation_ends:
        errors["decision_date"] = (
            f"Đã hết thời hiệu xử phạt (ngày {case.limitation_ends:%d/%m/%Y}, Điều 6 LXLVPHC)."
        )
    return errors


def payment_error(*, decided: bool, paid: int, fine: int, amount: int) -> str:
    """Why a payment of `amount` cannot be recorded on a fine of `fine` with `paid` paid ("")."""
    if not decided:
        return "Chưa có quyết định xử phạt."
    if amount <= 0:
        return "Số tiền nộp phải lớn hơn 0."
    if paid + amount > fine:
        return f"Số tiền nộp vượt số tiền phạt còn phải nộp ({fine - paid:,} đ).".replace(",", ".")
    return ""


def record_violation(
    actor: User,
    case: Case,
    *,
    record_no: str,
    record_date: datetime.date,
    route: str,
    subject: Subject | None = None,
) -> Sanction:
    """The violation record (biên bản) opens the administrative track; the decision deadline
    follows from it (LXLVPHC Art. 66(1))."""
    with transaction.atomic():
        case = _lock(Case, case)
        policy.require(actor, "edit", case)
        errors = violation_errors(case, record_no=record_no, record_date=record_date, route=route)
        if errors:
            raise ValidationError(errors)
        sanction = Sanction.objects.create(
            case=case,
            subject=subject,
            record_no=record_no.strip(),
            record_date=record_date,
            route=route,
            decision_due=deadlines.decision_deadline(record_date, route),
        )
        add_event(
            case,
            "violation_record",
            actor,
            f"Biên bản {sanction.record_no} ngày {record_date:%d/%m/%Y}; "
            f"hạn ra quyết định {sanction.decision_due:%d/%m/%Y}",
        )
        _audit(actor, "case.violation_record", case, changes={"record_no": sanction.record_no})
    return sanction


def decide_sanction(
    actor: User,
    sanction: Sanction,
    *,
    decision_no: str,
    decision_date: datetime.date,
    fine: int,
    measures: list[str],
) -> Sanction:
    """The sanction decision on a violation record (one decision per record, within the
    limitation period of LXLVPHC Art. 6); the case's figures count it on its date."""
    with transaction.atomic():
        sanction = _lock(Sanction, sanction)
        case = _lock(Case, sanction.case, "area")
        policy.require(actor, "edit", case)
        errors = decision_errors(
            case,
            record_date=sanction.record_date,
            decided_already=bool(sanction.decision_no),
            decision_no=decision_no,
            decision_date=decision_date,
            fine=fine,
            measures=measures,
        )
        if errors:
            raise ValidationError(errors)
        sanction.decision_no, sanction.decision_date = decision_no.strip(), decision_date
        sanction.fine_decided, sanction.measures = fine, sorted(set(measures))
        sanction.save()
        case.status = CaseStatus.SANCTIONED
        case.save(update_fields=["status"])
        effects.case_changed(case)
        late = " (quá hạn)" if sanction.decided_late else ""
        add_event(
            case,
            "sanction_decision",
            actor,
            f"Quyết định {sanction.decision_no} ngày {decision_date:%d/%m/%Y}{late}; phạt {fine:,} đ".replace(
                ",", "."
            ),
        )
        _audit(actor, "case.sanction_decision", case, changes={"fine": fine, "late": sanction.decided_late})
    return sanction


def annul_decision(actor: User, sanction: Sanction, *, on: datetime.date, reason: str) -> Sanction:
    """The sanction decision is annulled (hủy bỏ): it stays on record with the date and the
    reason, no longer counts in any figure, and its published notice is withdrawn with a
    public note (`portal.effects.decision_annulled`)."""
    with transaction.atomic():
        sanction = _lock(Sanction, sanction)
        case = _lock(Case, sanction.case, "area")
        policy.require(actor, "edit", case)
        errors = {}
        if not sanction.decision_no:
            errors["sanction"] = "Biên bản này chưa có quyết định xử phạt để hủy."
        elif sanction.annulled_on is not None:
            errors["sanction"] = f"Quyết định đã bị hủy ngày {sanction.annulled_on:%d/%m/%Y}."
        elif on < (sanction.decision_date or on) or on > timezone.localdate():
            errors["on"] = "Ngày hủy phải từ ngày ra quyết định đến hôm nay."
        if not reason.strip():
            errors["reason"] = "Hãy ghi lý do hủy quyết định (căn cứ, quyết định hủy)."
        if errors:
            raise ValidationError(errors)
        sanction.annulled_on, sanction.annul_reason = on, reason.strip()[:500]
        sanction.save(update_fields=["annulled_on", "annul_reason"])
        effects.case_changed(case)
        add_event(
            case,
            "sanction_annulled",
            actor,
            f"Hủy quyết định {sanction.decision_no} ngày {on:%d/%m/%Y}: {sanction.annul_reason}",
        )
        _audit(actor, "case.sanction_annulled", case, changes={"decision_no": sanction.decision_no})
        portal.decision_annulled(actor, sanction)
    return sanction


def amend_decision(
    actor: User, sanction: Sanction, *, amending_no: str, fine: int, measures: list[str], reason: str
) -> Sanction:
    """A decision amending the sanction (quyết định sửa đổi, bổ sung): the fine and remedies
    change, the values before are kept in the timeline, a payment beyond the new fine is
    refused, and a published notice is corrected with a public note."""
    with transaction.atomic():
        sanction = _lock(Sanction, sanction)
        case = _lock(Case, sanction.case, "area")
        policy.require(actor, "edit", case)
        errors = {}
        if not sanction.decision_no or sanction.annulled_on is not None:
            errors["sanction"] = "Chỉ sửa đổi được một quyết định xử phạt đang có hiệu lực."
        if not amending_no.strip():
            errors["amending_no"] = "Hãy nhập số quyết định sửa đổi, bổ sung."
        if not reason.strip():
            errors["reason"] = "Hãy ghi nội dung sửa đổi."
        if fine < sanction.fine_paid:
            errors["fine"] = (
                f"Tiền phạt mới thấp hơn số đã nộp ({format_vnd(sanction.fine_paid)}): "
                "hãy ghi hoàn trả trước."
            )
        if any(m not in Measure.values for m in measures):
            errors["measures"] = "Biện pháp khắc phục không hợp lệ."
        if errors:
            raise ValidationError(errors)
        before = {"fine": sanction.fine_decided, "measures": sanction.measures}
        sanction.fine_decided, sanction.measures = fine, sorted(set(measures))
        sanction.save(update_fields=["fine_decided", "measures"])
        effects.case_changed(case)
        note = f"Quyết định sửa đổi {amending_no.strip()}: {reason.strip()}"
        event = _event(case, "sanction_amended", actor, note)
        event.changes = before
        event.save()
        _audit(actor, "case.sanction_amended", case, changes={"before": before, "fine": fine})
        portal.decision_amended(actor, sanction, note[:500])
    return sanction


def record_payment(actor: User, sanction: Sanction, amount: int) -> Sanction:
    """A payment of the fine: the sanction's row is locked, so concurrent payments add up and
    none can take the total past the fine decided."""
    with transaction.atomic():
        sanction = _lock(Sanction, sanction, "case__area")
        policy.require(actor, "edit", sanction.case)
        error = payment_error(
            decided=bool(sanction.decision_no) and sanction.annulled_on is None,
            paid=sanction.fine_paid,
            fine=sanction.fine_decided,
            amount=amount,
        )
        if error:
            raise ValidationError({"amount": error})
        sanction.fine_paid += amount
        sanction.save(update_fields=["fine_paid"])
        add_event(sanction.case, "fine_paid", actor, f"Nộp phạt {amount:,} đ".replace(",", "."))
        _audit(actor, "case.fine_paid", sanction.case, changes={"amount": amount})
        effects.case_changed(sanction.case)  # fines paid count on the decision's day
    return sanction


def refer(actor: User, case: Case, to_agency: Agency, referred_on: datetime.date) -> Referral:
    """Signs of a crime: the file goes to an agency that may prosecute (LXLVPHC Art. 62)."""
    with transaction.atomic():
        case = _lock(Case, case, "area")
        policy.require(actor, "edit", case)
        if not (to_agency.can_investigate or to_agency.kind == "procuracy"):
            raise ValidationError({"to_agency": "Chỉ chuyển hồ sơ cho cơ quan điều tra hoặc Viện kiểm sát."})
        if referred_on < case.detected_on or referred_on > timezone.localdate():
            raise ValidationError({"referred_on": "Ngày chuyển phải từ ngày phát hiện đến hôm nay."})
        referral = Referral.objects.create(case=case, to_agency=to_agency, referred_on=referred_on)
        effects.case_changed(case)
        case.status = CaseStatus.REFERRED
        case.save(update_fields=["status"])
        CaseShare.objects.update_or_create(case=case, agency=to_agency, defaults={"can_edit": False})
        add_event(case, "referred", actor, f"Chuyển hồ sơ đến {to_agency.name}", to_agency)
        _audit(actor, "case.refer", case, changes={"to": to_agency.code})
    notify_agency(
        to_agency, f"Hồ sơ vụ việc có dấu hiệu tội phạm: {case.reference}", case.summary, _url(case)
    )
    return referral


def referral_decision(
    actor: User,
    referral: Referral,
    *,
    decision: str,
    decided_on: datetime.date,
    criminal_case_no: str = "",
    defendants: int = 0,
) -> Referral:
    """The prosecution body's decision on a referred file: prosecute (with the criminal case
    number and defendants, counted in the reports) or return it."""
    with transaction.atomic():
        referral = _lock(Referral, referral, "to_agency")
        policy.require(actor, "decide", referral)
        if referral.decision != ReferralDecision.PENDING:
            raise ValidationError(_("Hồ sơ này đã có quyết định."))
        if decision not in (ReferralDecision.PROSECUTED, ReferralDecision.RETURNED):
            raise ValidationError({"decision": "Chọn khởi tố hoặc trả hồ sơ."})
        if decided_on < referral.referred_on:
            raise ValidationError({"decided_on": "Ngày quyết định không được trước ngày nhận hồ sơ."})
        if decision == ReferralDecision.PROSECUTED and (not criminal_case_no.strip() or defendants < 0):
            raise ValidationError({"criminal_case_no": "Hãy nhập số quyết định khởi tố vụ án."})
        case = _lock(Case, referral.case, "area")
        referral.decision, referral.decided_on = decision, decided_on
        referral.criminal_case_no, referral.defendants = criminal_case_no.strip(), defendants
        referral.save()
        case.status = CaseStatus.PROSECUTED if decision == ReferralDecision.PROSECUTED else CaseStatus.OPEN
        case.save(update_fields=["status"])
        effects.case_changed(case)
        text = (
            f"Khởi tố vụ án {referral.criminal_case_no}, {defendants} bị can"
            if decision == ReferralDecision.PROSECUTED
            else f"Không khởi tố; hạn trả hồ sơ {referral.file_return_due:%d/%m/%Y}"
        )
        add_event(case, "referral_decision", actor, text, referral.to_agency)
        _audit(actor, "case.referral_decision", case, changes={"decision": decision})
    return referral


def file_returned(actor: User, referral: Referral, on: datetime.date) -> Referral:
    """The prosecution body sends the file back after deciding not to prosecute; the return
    is flagged late when it passes the 3 working days of LXLVPHC Art. 63(1)."""
    with transaction.atomic():
        referral = _lock(Referral, referral, "to_agency", "case")
        policy.require(actor, "decide", referral)
        due = referral.file_return_due
        if due is None:
            raise ValidationError(_("Chỉ trả hồ sơ sau quyết định không khởi tố."))
        if referral.file_returned_on is not None:
            raise ValidationError(_("Hồ sơ đã được trả."))
        if on < (referral.decided_on or on) or on > timezone.localdate():
            raise ValidationError({"on": "Ngày trả hồ sơ phải từ ngày quyết định đến hôm nay."})
        referral.file_returned_on = on
        referral.save(update_fields=["file_returned_on"])
        late = f" (quá hạn {due:%d/%m/%Y})" if on > due else ""
        add_event(
            referral.case, "file_returned", actor, f"Trả hồ sơ ngày {on:%d/%m/%Y}{late}", referral.to_agency
        )
        _audit(actor, "case.file_returned", referral.case, changes={"on": on, "late": on > due})
    return referral
