"""Every write on a tip: validated (Vietnamese messages, nothing saved on error), checked
against the access policy and the tip's lock, saved and audited in one transaction.

The informant's identity is never passed to the audit log, notifications or e-mails: they carry
the tip's reference and a link; the page behind the link checks access.
"""

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.notifications.services import notify_agency, notify_users
from hub389.plans.campaigns import tag_tip
from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, AreaKind, Field, GoodsGroup, SteeringCommittee
from hub389.reports import effects
from hub389.tips import clocks, vault
from hub389.tips.models import (
    CRIMINAL_OUTCOMES,
    OPEN_STATUSES,
    Channel,
    EventKind,
    Informant,
    Kind,
    Nature,
    Outcome,
    Routing,
    Status,
    Tip,
    TipEvent,
)

LOCK_MINUTES = 15
MAX_FILES = 5
INFORMANT_FIELDS = ("full_name", "phone", "email", "address", "id_number")
# Where a tip lands by the kind of place, before the goods group is considered.
PLACE_FIELDS = {
    AreaKind.BORDER_GATE: "hai-quan",
    AreaKind.SEAPORT: "hai-quan",
    AreaKind.AIRPORT: "hai-quan",
    AreaKind.CUSTOMS_ZONE: "hai-quan",
    AreaKind.SEA_AREA: "bien",
    AreaKind.ONLINE_PLATFORM: "tmdt",
}
DEFAULT_FIELD = "luu-thong"


@dataclass
class TipInput:
    """What a tip says, from the public form or an officer's reception form."""

    summary: str
    description: str
    area: Area
    place: str = ""
    url: str = ""
    goods_group: GoodsGroup | None = None
    happened: str = ""
    kind: str = Kind.REPORT
    channel: str = Channel.WEB
    nature: str = Nature.UNKNOWN
    source_agency: Agency | None = None
    received_at: datetime.datetime | None = None
    informant: dict[str, str] | None = None


# ---------------------------------------------------------------- routing


def routing_field(area: Area, goods_group: GoodsGroup | None, url: str) -> Field:
    """The field a tip belongs to: the kind of place first (a border gate is customs ground),
    then an online link (e-commerce), then the goods group's field."""
    code = PLACE_FIELDS.get(AreaKind(area.kind))
    if code is None and url:
        code = "tmdt"
    if code is None and goods_group is not None and goods_group.field_id:
        return goods_group.field  # type: ignore[return-value]
    return Field.objects.get(code=code or DEFAULT_FIELD)


def standing_office_for(area: Area) -> Agency:
    """The standing office that takes tips nobody leads: the province's (or the nation's)."""
    target = area.province or area if area.kind != AreaKind.NATIONAL else area
    committee = SteeringCommittee.objects.select_related("standing_office").filter(area=target).first()
    if committee is None:
        committee = SteeringCommittee.objects.select_related("standing_office").get(level="national")
    return committee.standing_office


def route(area: Area, field: Field, day: datetime.date) -> tuple[Agency, list[Agency], str]:
    """(lead agency, coordinators, routing flag) by `who_leads`; a gap or an overlap goes to
    the standing office, flagged."""
    answer = who_leads(area, field, day)
    if answer.lead is not None:
        return answer.lead, answer.coordinators, Routing.RULE
    flag = Routing.OVERLAP if answer.is_overlap else Routing.GAP
    return standing_office_for(area), [], flag


# ---------------------------------------------------------------- files


def scrub_image(data: bytes) -> bytes | None:
    """Re-encode a photo from its pixels only, so EXIF (GPS, device, author), XMP, IPTC and
    comments are gone; the orientation is applied first. None if `data` is not a photo."""
    try:
        img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError):
        return None  # not a photo: the attachment check judges it
    try:
        with img:
            fmt = img.format
            if fmt not in {"JPEG", "PNG", "WEBP"}:
                return None
            upright: Image.Image = ImageOps.exif_transpose(img)
            if upright.mode not in {"RGB", "RGBA", "L"}:
                upright = upright.convert(
                    "RGBA" if "A" in upright.getbands() or upright.mode == "P" else "RGB"
                )
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationError("Ảnh bị hỏng hoặc quá lớn, không đọc được.") from exc
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.convert("RGB").save(out, format="JPEG", quality=90)
    else:
        clean.save(out, format=fmt)
    return out.getvalue()


def _attach_files(actor: Any, tip: Tip, files: Iterable[IO[bytes]], *, from_informant: bool) -> int:
    count = 0
    batch = tip.events.count() if from_informant and files else 0
    for upload in files:
        data = upload.read()
        name = getattr(upload, "name", "") or "tep"
        clean = scrub_image(data) if data else None
        if clean is not None:
            data = clean
        if from_informant:
            # The informant's own file names may identify them: keep only the extension.
            suffix = name.rsplit(".", 1)[-1].lower()[:5] if "." in name else "bin"
            name = f"tep-nguoi-bao-{batch}-{count + 1}.{suffix}"
        attach(actor, tip, io.BytesIO(data), name)
        count += 1
    return count


def check_files(files: list[Any]) -> None:
    if len(files) > MAX_FILES:
        raise ValidationError(f"Gửi tối đa {MAX_FILES} tệp mỗi lần.")


# ---------------------------------------------------------------- reception


def _event(tip: Tip, kind: str, actor: Any = None, text: str = "", **agencies: Agency | None) -> TipEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return TipEvent.objects.create(tip=tip, kind=kind, actor=user, text=text, **agencies)


def _audit(actor: Any, action: str, tip: Tip, **kwargs: Any) -> None:
    audit.record(actor, action, tip, object_repr=tip.reference, **kwargs)


def _validate(data: TipInput) -> None:
    errors: dict[str, str] = {}
    if len(data.summary.strip()) < 5:
        errors["summary"] = "Tóm tắt quá ngắn: cho biết việc gì, ở đâu (ít nhất 5 ký tự)."
    if len(data.description.strip()) < 20:
        errors["description"] = "Hãy mô tả cụ thể hơn (ít nhất 20 ký tự): hàng gì, ở đâu, khi nào."
    if data.kind == Kind.PROSECUTION_REQUEST and data.source_agency is None:
        errors["source_agency"] = "Kiến nghị khởi tố phải ghi cơ quan kiến nghị."
    if data.received_at and data.received_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["received_at"] = "Thời điểm tiếp nhận không được ở tương lai."
    if errors:
        raise ValidationError(errors)


def _book_number(agency: Agency, year: int) -> int:
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # serialise numbering
    last = Tip.objects.filter(reception_agency=agency, book_year=year).aggregate(m=Max("book_number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def _create(actor: Any, data: TipInput, reception_agency: Agency | None, files: list[Any]) -> tuple[Tip, str]:
    """Validate, route, number, seal, attach and announce a new tip, in one transaction;
    returns it with its receipt code (only the code's keyed hash is stored)."""
    check_files(files)
    _validate(data)
    code = vault.new_receipt()
    received_at = data.received_at or timezone.now()
    day = timezone.localdate(received_at)
    field = routing_field(data.area, data.goods_group, data.url)
    lead, coordinators, flag = route(data.area, field, day)
    reception = reception_agency or lead
    informant = {
        k: v.strip() for k, v in (data.informant or {}).items() if k in INFORMANT_FIELDS and v.strip()
    }
    nature = Nature.CRIME if data.kind == Kind.PROSECUTION_REQUEST else data.nature
    tip = Tip.objects.create(
        kind=data.kind,
        channel=data.channel,
        nature=nature,
        summary=data.summary.strip()[:200],
        description=data.description.strip(),
        area=data.area,
        place=data.place.strip()[:300],
        url=data.url.strip(),
        goods_group=data.goods_group,
        field=field,
        happened=data.happened.strip()[:100],
        source_agency=data.source_agency,
        received_at=received_at,
        received_on=day,
        received_by=actor if getattr(actor, "is_authenticated", False) else None,
        reception_agency=reception,
        book_year=day.year,
        book_number=_book_number(reception, day.year),
        has_informant=bool(informant),
        agency=lead,
        routing=flag,
        clock_start=day,
        due_on=clocks.deadline(clocks.Clock(start=day)),
        procuracy_notice_due=clocks.procuracy_notice_due(day),
        receipt_hash=vault.receipt_hash(code),
    )
    tip.coordinators.set(coordinators)
    if informant:
        wrapped, ciphertext = vault.seal(informant)
        Informant.objects.create(tip=tip, wrapped_key=wrapped, ciphertext=ciphertext)
    _event(tip, EventKind.RECEIVED, actor, tip.get_channel_display(), to_agency=reception)
    _event(tip, EventKind.ROUTED, actor, Routing(flag).label, to_agency=lead)
    title = f"Tin báo mới {tip.reference}"
    if flag != Routing.RULE:
        title += f" ({Routing(flag).label.lower()})"
    _attach_files(actor, tip, files, from_informant=actor is None)
    tag_tip(tip)
    effects.tip_changed(tip, None)
    notify_agency(lead, title, tip.summary, reverse("tips:detail", args=[tip.pk]))
    # Last: the audit chain's single lock is then held only from here to the commit, not while
    # files are stored and the agency notified (every tip in the country waits on it).
    _audit(
        actor,
        "tip.receive",
        tip,
        changes={"channel": tip.channel, "agency": lead.code, "routing": flag, "informant": bool(informant)},
    )
    return tip, code


def submit_public(data: TipInput, files: list[Any]) -> tuple[Tip, str]:
    """A citizen's tip from the public form. Returns the tip and its receipt code, which is
    never stored (only its keyed hash). The caller shows the code only after this returns,
    i.e. after the commit."""
    data.channel = Channel.WEB
    data.received_at = None
    data.source_agency = None
    return _create(None, data, None, files)


def record_tip(actor: User, data: TipInput, files: list[Any]) -> tuple[Tip, str]:
    """An officer records a tip received by phone, letter, in person, e-mail or from another
    agency, in their agency's reception book. A receipt code is issued too (for the informant
    to follow the tip) and shown once."""
    policy.require(actor, "create", Tip)
    if data.channel == Channel.WEB:
        raise ValidationError({"channel": "Chọn kênh tiếp nhận (đường dây nóng, thư, trực tiếp…)."})
    return _create(actor, data, actor.agency, files)


def find_by_receipt(code: str) -> Tip | None:
    digits = vault.normalise_receipt(code)
    if not digits:
        return None
    return (
        Tip.objects.select_related("agency", "merged_into__agency")
        .filter(receipt_hash=vault.receipt_hash(digits))
        .first()
    )


def informant_reply(tip: Tip, text: str, files: list[Any]) -> TipEvent:
    """The informant answers a question or adds information, through the receipt channel."""
    text = text.strip()
    if not text and not files:
        raise ValidationError({"text": "Hãy nhập nội dung hoặc đính kèm tệp."})
    check_files(files)
    with transaction.atomic():
        tip = Tip.objects.select_for_update().get(pk=tip.pk)
        count = _attach_files(None, tip, files, from_informant=True)
        if count:
            text = (text + f"\n(Kèm {count} tệp)").strip()
        event = _event(tip, EventKind.ANSWER, None, text)
        _audit(None, "tip.informant_reply", tip, changes={"files": count})
    notify_users(
        [tip.handler] if tip.handler else User.objects.filter(agency=tip.agency, role=Role.HEAD),
        f"Người báo tin bổ sung thông tin: {tip.reference}",
        url=reverse("tips:detail", args=[tip.pk]),
    )
    return event


# ---------------------------------------------------------------- handling


def _fresh(tip: Tip) -> Tip:
    """The tip's row re-read and locked till the transaction ends, remembering what it counts
    under before the change (`_save` compares)."""
    fresh = Tip.objects.select_for_update(of=("self",)).select_related("agency", "handler").get(pk=tip.pk)
    fresh._counted_before = effects.tip_state(fresh)  # type: ignore[attr-defined]
    return fresh


def _save(tip: Tip) -> None:
    """Save a tip read by `_fresh` and tell the report facts and dashboards when what it counts
    under moved (status, agency, area, its days, its deadline); a lock alone moves nothing."""
    tip.save()
    effects.tip_changed(tip, getattr(tip, "_counted_before", None))


def _hold(actor: User, tip: Tip) -> None:
    """Refuse when another officer holds the tip's lock; otherwise (re)take it for the actor."""
    holder = tip.lock_holder()
    if holder is not None and holder.pk != actor.pk:
        until = timezone.localtime(tip.locked_until)
        raise ValidationError(
            f"{holder.full_name or holder.username} đang xử lý tin này (khoá đến {until:%H:%M}). "
            "Hãy chờ hoặc đề nghị họ mở khoá."
        )
    tip.locked_by = actor
    tip.locked_until = timezone.now() + datetime.timedelta(minutes=LOCK_MINUTES)


def _open(tip: Tip) -> None:
    if tip.status not in OPEN_STATUSES:
        raise ValidationError(f"Tin đã kết thúc ({tip.get_status_display().lower()}), không thao tác được.")


def _handling(actor: User, tip: Tip, action: str = "handle") -> Tip:
    tip = _fresh(tip)
    policy.require(actor, action, tip)
    _open(tip)
    _hold(actor, tip)
    return tip


def _refresh_clock(tip: Tip) -> None:
    tip.due_on = clocks.deadline(tip.clock)


def acquire_lock(actor: User, tip: Tip) -> Tip:
    with transaction.atomic():
        tip = _handling(actor, tip)
        tip.save(update_fields=["locked_by", "locked_until"])
    return tip


def release_lock(actor: User, tip: Tip) -> None:
    with transaction.atomic():
        tip = _fresh(tip)
        if policy.can(actor, "unlock", tip):
            tip.locked_by, tip.locked_until = None, None
            tip.save(update_fields=["locked_by", "locked_until"])
            _audit(actor, "tip.unlock", tip)


def _accept(actor: User, tip: Tip) -> None:
    if tip.status == Status.NEW:
        tip.status = Status.IN_PROGRESS
        tip.accepted_on = timezone.localdate()
        _event(tip, EventKind.ACCEPTED, actor, to_agency=tip.agency)


def assign(actor: User, tip: Tip, handler: User) -> Tip:
    """Give the tip to a handler of the same agency (and accept it: thụ lý)."""
    with transaction.atomic():
        tip = _fresh(tip)
        action = "take" if handler.pk == actor.pk and tip.handler_id is None else "assign"
        policy.require(actor, action, tip)
        _open(tip)
        if handler.agency_id != tip.agency_id or not handler.is_active:
            raise ValidationError({"handler": "Chỉ giao cho cán bộ đang làm việc của cơ quan giải quyết."})
        _hold(actor, tip)
        if handler.pk != actor.pk:
            tip.locked_by, tip.locked_until = None, None
        tip.handler = handler
        _accept(actor, tip)
        _save(tip)
        _event(tip, EventKind.ASSIGNED, actor, handler.full_name or handler.username)
        _audit(actor, "tip.assign", tip, changes={"handler": handler.username})
    if handler.pk != actor.pk:
        notify_users(
            [handler],
            f"Bạn được giao xử lý tin {tip.reference}",
            tip.summary,
            reverse("tips:detail", args=[tip.pk]),
        )
    return tip


def add_note(actor: User, tip: Tip, text: str) -> TipEvent:
    if not text.strip():
        raise ValidationError({"text": "Ghi chú trống."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        tip.save(update_fields=["locked_by", "locked_until"])
        event = _event(tip, EventKind.NOTE, actor, text.strip())
        _audit(actor, "tip.note", tip)
    return event


def ask_informant(actor: User, tip: Tip, question: str) -> TipEvent:
    """A question the informant reads on the status page with their receipt code."""
    if len(question.strip()) < 5:
        raise ValidationError({"text": "Câu hỏi quá ngắn."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        if not tip.receipt_hash:
            raise ValidationError("Tin này không có mã tra cứu: không hỏi người báo qua cổng được.")
        tip.save(update_fields=["locked_by", "locked_until"])
        event = _event(tip, EventKind.QUESTION, actor, question.strip())
        _audit(actor, "tip.ask", tip)
    return event


def classify(actor: User, tip: Tip, nature: str) -> Tip:
    if nature not in Nature.values:
        raise ValidationError({"nature": "Tính chất không hợp lệ."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        old, tip.nature = tip.nature, nature
        _accept(actor, tip)
        _save(tip)
        _event(tip, EventKind.CLASSIFIED, actor, Nature(nature).label)
        _audit(actor, "tip.classify", tip, changes={"nature": [old, nature]})
    return tip


def transfer(actor: User, tip: Tip, to_agency: Agency, reason: str) -> Tip:
    """Art. 146(2): an agency not competent transfers the tip immediately to the competent one.
    The history stays with the tip; the new agency's clock starts on the day it receives it."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ lý do chuyển."})
    with transaction.atomic():
        tip = _handling(actor, tip, "transfer")
        if to_agency.pk == tip.agency_id:
            raise ValidationError({"to_agency": "Tin đang ở chính cơ quan này."})
        if not to_agency.is_active:
            raise ValidationError({"to_agency": "Cơ quan nhận đã ngừng hoạt động."})
        if tip.nature == Nature.CRIME and not to_agency.can_investigate:
            raise ValidationError(
                {
                    "to_agency": "Tin về tội phạm phải chuyển cho cơ quan có thẩm quyền giải quyết "
                    "(cơ quan điều tra, Hải quan, Biên phòng, Cảnh sát biển, Kiểm lâm — Điều 145(3) BLTTHS)."
                }
            )
        previous = tip.agency
        tip.past_agencies.add(previous)
        today = timezone.localdate()
        tip.agency, tip.handler, tip.routing = to_agency, None, Routing.TRANSFER
        tip.locked_by, tip.locked_until = None, None
        tip.status, tip.accepted_on = Status.NEW, None
        tip.clock_start, tip.extended_on, tip.procuracy_until = today, None, None
        tip.suspended_on, tip.resumed_on, tip.suspension_reason = None, None, ""
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        tip.coordinators.remove(to_agency)
        _event(tip, EventKind.TRANSFERRED, actor, reason.strip(), from_agency=previous, to_agency=to_agency)
        _audit(
            actor, "tip.transfer", tip, changes={"from": previous.code, "to": to_agency.code}, reason=reason
        )
    notify_agency(
        to_agency,
        f"Tin báo được chuyển đến: {tip.reference}",
        tip.summary,
        reverse("tips:detail", args=[tip.pk]),
    )
    return tip


def suggested_transfer(tip: Tip) -> Agency | None:
    """For a crime report held by an agency that may not settle it: the police of the
    province (or the nation's police for national tips)."""
    province = tip.area.province or tip.area
    code = "VN-C03" if province.kind == AreaKind.NATIONAL else f"{province.code}-CA"
    return Agency.objects.filter(code=code).first()


def extend(actor: User, tip: Tip, reason: str) -> Tip:
    """Art. 147(2): a complex case may run up to 2 months from receipt."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ vì sao vụ việc phức tạp."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        today = timezone.localdate()
        problem = clocks.extension_problem(tip.clock, today)
        if problem:
            raise ValidationError(problem)
        tip.extended_on = today
        _accept(actor, tip)
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.EXTENDED, actor, f"Hạn mới: {tip.due_on:%d/%m/%Y}. {reason.strip()}")
        _audit(actor, "tip.extend", tip, changes={"due_on": tip.due_on}, reason=reason)
    return tip


def procuracy_extend(actor: User, tip: Tip, until: datetime.date, decision: str) -> Tip:
    """Art. 147(2): the procuracy extends once more, by at most 2 months."""
    if len(decision.strip()) < 3:
        raise ValidationError({"decision": "Ghi số, ngày quyết định gia hạn của Viện kiểm sát."})
    with transaction.atomic():
        tip = _handling(actor, tip)
        problem = clocks.procuracy_extension_problem(tip.clock, until)
        if problem:
            raise ValidationError({"until": problem})
        tip.procuracy_until = until
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.PROCURACY_EXTENDED, actor, f"Hạn mới: {until:%d/%m/%Y}. {decision.strip()}")
        _audit(actor, "tip.procuracy_extend", tip, changes={"due_on": until}, reason=decision)
    return tip


def suspend(actor: User, tip: Tip, reason: str) -> Tip:
    """Art. 148: suspension (expert examination, valuation, foreign legal assistance…) stops
    the clock; the procuracy is notified within 3 days."""
    if len(reason.strip()) < 5:
        raise ValidationError(
            {"reason": "Ghi rõ lý do tạm đình chỉ (chờ giám định, định giá, tương trợ tư pháp…)."}
        )
    with transaction.atomic():
        tip = _handling(actor, tip)
        if tip.status == Status.SUSPENDED:
            raise ValidationError("Tin đang tạm đình chỉ.")
        if not tip.agency.can_investigate:
            raise ValidationError(
                "Chỉ cơ quan có thẩm quyền giải quyết tin báo tội phạm mới ra quyết định "
                "tạm đình chỉ (Điều 148 BLTTHS)."
            )
        today = timezone.localdate()
        tip.status, tip.suspended_on, tip.resumed_on = Status.SUSPENDED, today, None
        tip.accepted_on = tip.accepted_on or today
        tip.suspension_reason = reason.strip()[:300]
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.SUSPENDED, actor, reason.strip())
        _audit(actor, "tip.suspend", tip, reason=reason)
    return tip


def resume(actor: User, tip: Tip, reason: str = "") -> Tip:
    """Art. 149: after resumption, at most 1 more month; the procuracy is notified in 3 days."""
    with transaction.atomic():
        tip = _handling(actor, tip)
        if tip.status != Status.SUSPENDED:
            raise ValidationError("Tin không ở trạng thái tạm đình chỉ.")
        today = timezone.localdate()
        tip.status, tip.resumed_on = Status.IN_PROGRESS, today
        tip.procuracy_notice_due, tip.procuracy_notified_on = clocks.procuracy_notice_due(today), None
        _refresh_clock(tip)
        _save(tip)
        _event(tip, EventKind.RESUMED, actor, f"Hạn mới: {tip.due_on:%d/%m/%Y}. {reason.strip()}".strip())
        _audit(actor, "tip.resume", tip, reason=reason)
    return tip


def procuracy_notified(actor: User, tip: Tip, on: datetime.date, reference: str) -> Tip:
    """Record the written notice to the procuracy (Art. 146(3), 148, 149)."""
    with transaction.atomic():
        tip = _handling(actor, tip)
        if on > timezone.localdate():
            raise ValidationError({"on": "Ngày thông báo không được ở tương lai."})
        tip.procuracy_notified_on = on
        _save(tip)
        _event(tip, EventKind.PROCURACY_NOTIFIED, actor, f"{on:%d/%m/%Y} {reference.strip()}".strip())
        _audit(actor, "tip.procuracy_notified", tip, changes={"on": on})
    return tip


def settle(actor: User, tip: Tip, outcome: str, public_result: str) -> Tip:
    """Art. 147(1): the tip is settled; the informant is told the result (Art. 145(4))."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Chọn kết quả giải quyết."})
    if len(public_result.strip()) < 10:
        raise ValidationError(
            {"public_result": "Ghi kết quả để thông báo cho người báo tin (ít nhất 10 ký tự)."}
        )
    with transaction.atomic():
        tip = _handling(actor, tip)
        if outcome in CRIMINAL_OUTCOMES and not tip.agency.can_investigate:
            raise ValidationError(
                {
                    "outcome": "Cơ quan này không có thẩm quyền quyết định khởi tố / không khởi tố: "
                    "hãy chuyển tin cho cơ quan có thẩm quyền (Điều 145(3), 146(2) BLTTHS)."
                }
            )
        if tip.status == Status.SUSPENDED:
            raise ValidationError("Tin đang tạm đình chỉ: phục hồi trước khi kết luận.")
        today = timezone.localdate()
        _accept(actor, tip)
        tip.status, tip.outcome, tip.settled_on = Status.SETTLED, outcome, today
        tip.public_result = public_result.strip()
        tip.due_at_settlement = tip.due_on
        tip.locked_by, tip.locked_until = None, None
        _save(tip)
        _event(tip, EventKind.SETTLED, actor, f"{Outcome(outcome).label}. {tip.public_result}")
        _audit(
            actor,
            "tip.settle",
            tip,
            changes={"outcome": outcome, "on_time": tip.due_on is None or today <= tip.due_on},
        )
    return tip


def note_case_opened(actor: User, tip: Tip, case_reference: str) -> TipEvent:
    """A case was recorded from this tip (by any agency): the tip's history says so, so its
    handler sees where the tip led. Called by `cases.services.record_case` in its transaction."""
    with transaction.atomic():
        event = _event(tip, EventKind.CASE_OPENED, actor, case_reference, from_agency=actor.agency)
        _audit(actor, "tip.case_opened", tip, changes={"case": case_reference})
    return event


def mark_not_a_tip(actor: User, tip: Tip, reason: str) -> Tip:
    """Triage: spam, a test, a message that is not a tip at all. Kept, counted apart."""
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": "Ghi rõ vì sao đây không phải tin báo."})
    with transaction.atomic():
        tip = _handling(actor, tip, "triage")
        tip.status = Status.NOT_A_TIP
        tip.locked_by, tip.locked_until = None, None
        _save(tip)
        _event(tip, EventKind.NOT_A_TIP, actor, reason.strip())
        _audit(actor, "tip.not_a_tip", tip, reason=reason)
    return tip


def merge(actor: User, primary: Tip, duplicates: list[Tip]) -> Tip:
    """Triage: duplicates are closed into `primary`; their informants follow `primary`'s
    status and result with their own receipt codes."""
    if not duplicates:
        raise ValidationError("Chọn ít nhất hai tin để gộp.")
    with transaction.atomic():
        primary = _handling(actor, primary, "triage")
        for dup in duplicates:
            dup = _handling(actor, dup, "triage")
            if dup.pk == primary.pk:
                continue
            if dup.agency_id != primary.agency_id:
                raise ValidationError("Chỉ gộp các tin cùng cơ quan giải quyết.")
            dup.status, dup.merged_into = Status.MERGED, primary
            dup.locked_by, dup.locked_until = None, None
            _save(dup)
            _event(dup, EventKind.MERGED, actor, f"Gộp vào {primary.reference}")
            _event(primary, EventKind.NOTE, actor, f"Đã gộp tin trùng {dup.reference}")
            _audit(actor, "tip.merge", dup, changes={"into": primary.reference})
        primary.save(update_fields=["locked_by", "locked_until"])
    return primary


def assign_many(actor: User, tips: list[Tip], handler: User) -> list[Tip]:
    """Bulk triage from the queue: every selected tip to one officer, or none if any is
    refused (another officer's lock, a tip of another agency)."""
    with transaction.atomic():
        return [assign(actor, tip, handler) for tip in tips]


def mark_many_not_tips(actor: User, tips: list[Tip], reason: str) -> list[Tip]:
    """Bulk triage: the selected items are not tips (spam, a question), all or none."""
    with transaction.atomic():
        return [mark_not_a_tip(actor, tip, reason) for tip in tips]


def reveal_informant(actor: User, tip: Tip, reason: str) -> dict[str, str]:
    """The informant's identity, for the assigned handler or the agency head only; every reveal
    needs a reason and is audited (the identity itself is not written to the log)."""
    policy.require(actor, "reveal", tip)
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": "Ghi rõ lý do cần xem danh tính người báo tin (ít nhất 10 ký tự)."})
    informant = Informant.objects.filter(tip=tip).first()
    if informant is None:
        raise ValidationError("Người báo tin ẩn danh: không có danh tính để xem.")
    with transaction.atomic():
        _audit(actor, "tip.informant_reveal", tip, reason=reason.strip())
    return vault.unseal(bytes(informant.wrapped_key), bytes(informant.ciphertext))


def public_view(tip: Tip) -> Tip:
    """The tip whose status an informant sees: a merged duplicate shows its primary."""
    while tip.status == Status.MERGED and tip.merged_into is not None:
        tip = Tip.objects.select_related("agency", "merged_into").get(pk=tip.merged_into.pk)
    return tip
