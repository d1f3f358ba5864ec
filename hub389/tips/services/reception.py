"""Receiving a tip: from a citizen's form or an officer's reception book, validated, routed,
numbered, sealed (the informant), filed and announced in one transaction; the informant's
later replies; the receipt look-up."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.committee.services import areas as area_duty
from hub389.exchange import outbox
from hub389.exchange.models import EventKind as ExchangeEvent
from hub389.lib.locale import in_vietnamese
from hub389.notifications.services import notify_agency, notify_users
from hub389.plans.campaigns import tag_tip
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.registry.routing import route, routing_field
from hub389.reports import effects
from hub389.tips import clocks, vault
from hub389.tips.files import _attach_files, check_files
from hub389.tips.models import (
    Channel,
    EventKind,
    Informant,
    Kind,
    Nature,
    Routing,
    Status,
    Tip,
    TipEvent,
)
from hub389.tips.services.common import (
    _audit,
    _event,
)

INFORMANT_FIELDS = ("full_name", "phone", "email", "address", "id_number")


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


def informant_of(data: TipInput) -> dict[str, str]:
    """The informant's details worth sealing (blank fields dropped)."""
    return {k: v.strip() for k, v in (data.informant or {}).items() if k in INFORMANT_FIELDS and v.strip()}


@transaction.atomic
def _create(
    actor: Any,
    data: TipInput,
    reception_agency: Agency | None,
    files: list[Any],
    *,
    receipt_hash: str,
    sealed: tuple[bytes, bytes] | None,
) -> Tip:
    """Validate, route, number, attach and announce a new tip, in one transaction. The
    informant's identity comes sealed and the receipt as its keyed hash (the code is never
    stored)."""
    check_files(files)
    _validate(data)
    received_at = data.received_at or timezone.now()
    day = timezone.localdate(received_at)
    field = routing_field(data.area, data.goods_group, data.url)
    lead, coordinators, flag = route(data.area, field, day)
    reception = reception_agency or lead
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
        has_informant=sealed is not None,
        agency=lead,
        routing=flag,
        clock_start=day,
        due_on=clocks.deadline(clocks.Clock(start=day)),
        procuracy_notice_due=clocks.procuracy_notice_due(day),
        receipt_hash=receipt_hash,
    )
    tip.coordinators.set(coordinators)
    if sealed is not None:
        Informant.objects.create(tip=tip, wrapped_key=sealed[0], ciphertext=sealed[1])
    _event(tip, EventKind.RECEIVED, actor, in_vietnamese(tip.get_channel_display()), to_agency=reception)
    _event(tip, EventKind.ROUTED, actor, in_vietnamese(Routing(flag).label), to_agency=lead)
    title = f"Tin báo mới {tip.reference}"
    if flag != Routing.RULE:
        title += f" ({in_vietnamese(Routing(flag).label).lower()})"
    _attach_files(actor, tip, files, from_informant=actor is None)
    tag_tip(tip)
    effects.tip_changed(tip, None)
    area_duty.tip_found(tip)  # the officer answering for the area, when another force takes it
    notify_agency(lead, title, tip.summary, reverse("tips:detail", args=[tip.pk]))
    outbox.emit(lead, ExchangeEvent.TIP_ROUTED, tip, routing=flag, area=tip.area.code)
    # Last: the audit chain's single lock is then held only from here to the commit, not while
    # files are stored and the agency notified (every tip in the country waits on it).
    _audit(
        actor,
        "tip.receive",
        tip,
        changes={
            "channel": tip.channel,
            "agency": lead.code,
            "routing": flag,
            "informant": sealed is not None,
        },
    )
    return tip


def _sealed(data: TipInput) -> tuple[bytes, bytes] | None:
    informant = informant_of(data)
    return vault.seal(informant) if informant else None


def submit_public(data: TipInput, files: list[Any]) -> tuple[Tip, str]:
    """A citizen's tip, received and processed at once (the demo data and scripted callers; the
    public form only receives, `intake.receive`, and the worker processes). Returns the tip
    and its receipt code, which is never stored (only its keyed hash)."""
    from hub389.tips import intake

    with transaction.atomic():
        row, code = intake.receive(data, files)
        tip = intake.process(row.pk)
    assert tip is not None
    return tip, code


def record_tip(actor: User, data: TipInput, files: list[Any]) -> tuple[Tip, str]:
    """An officer records a tip received by phone, letter, in person, e-mail or from another
    agency, in their agency's reception book. A receipt code is issued too (for the informant
    to follow the tip) and shown once."""
    policy.require(actor, "create", Tip)
    if data.channel == Channel.WEB:
        raise ValidationError({"channel": "Chọn kênh tiếp nhận (đường dây nóng, thư, trực tiếp…)."})
    code = vault.new_receipt()
    tip = _create(
        actor, data, actor.agency, files, receipt_hash=vault.receipt_hash(code), sealed=_sealed(data)
    )
    return tip, code


def find_by_receipt(code: str) -> Tip | None:
    hashed = vault.typed_receipt_hash(code)
    if not hashed:
        return None
    return Tip.objects.select_related("agency", "merged_into__agency").filter(receipt_hash=hashed).first()


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


def public_view(tip: Tip) -> Tip:
    """The tip whose status an informant sees: a merged duplicate shows its primary."""
    while tip.status == Status.MERGED and tip.merged_into is not None:
        tip = Tip.objects.select_related("agency", "merged_into").get(pk=tip.merged_into.pk)
    return tip
