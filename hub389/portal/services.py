"""Every write of the public side: propose a sanction decision for publication, approve or
refuse it, correct or withdraw it; write, publish and take down a warning. Each opens its
transaction, re-reads and locks the row, checks the policy on it, validates (Vietnamese
messages, nothing saved), saves, audits and invalidates the portal's cached pages
(`public_changed`): a notice is never served a minute after it was withdrawn."""

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hub389 import policy
from hub389.accounts.access import committee_of
from hub389.accounts.models import Role, User
from hub389.attachments.images import scrub_image
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach
from hub389.audit import services as audit
from hub389.cases.models import Case, CaseSubject, Sanction, SubjectRole
from hub389.lib.text import fold
from hub389.lib.vnformat import format_vnd
from hub389.notifications.services import notify_agency, notify_users
from hub389.portal.models import (
    Channel,
    Notice,
    NoticeCorrection,
    NoticeStatus,
    PublicationRule,
    Publicity,
    Warning,
    WarningStatus,
)
from hub389.registry.models import GoodsGroup
from hub389.registry.routing import standing_office_for
from hub389.registry.services import clean_phone
from hub389.subjects.models import Subject, SubjectKind

VERSION_KEY = "portal:version"
MAX_PHOTOS = 6


def version() -> int:
    """The portal's cache generation: every publish, correction and withdrawal moves it."""
    found = cache.get(VERSION_KEY)
    if found is None:
        found = int(timezone.now().timestamp())
        cache.add(VERSION_KEY, found, None)
    return int(found)


def _bump() -> None:
    version()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, int(timezone.now().timestamp()), None)


def public_changed() -> None:
    """Drop every cached public page: now, and again once the transaction has committed (a
    reader between the two could cache a page built from the rows before the change)."""
    _bump()
    transaction.on_commit(_bump)


@dataclass
class Photo:
    """A file of the case offered for publication, and what the officer says of it."""

    attachment: Attachment
    publish: bool
    bystander: bool = False


def _violator(sanction: Sanction) -> Subject | None:
    if sanction.subject_id is not None:
        return sanction.subject
    links = list(
        CaseSubject.objects.filter(case_id=sanction.case_id, role=SubjectRole.VIOLATOR).select_related(
            "subject"
        )[:2]
    )
    return links[0].subject if len(links) == 1 else None


def _publicity(subject: Subject, name_individual: bool) -> str:
    if subject.kind in (SubjectKind.ORGANISATION, SubjectKind.HOUSEHOLD):
        return Publicity.NAMED
    return Publicity.INDIVIDUAL if name_individual else Publicity.WITHHELD


def _snapshot(sanction: Sanction, publicity: str) -> dict[str, Any]:
    """What the portal will show of the decision, copied from the records now."""
    case = sanction.case
    subject = _violator(sanction)
    assert subject is not None
    named = publicity != Publicity.WITHHELD
    goods = "; ".join(
        f"{g.description}{f' ({g.brand})' if g.brand else ''}" for g in case.goods.order_by("pk")
    )[:600]
    province = case.area.province or case.area
    return {
        "decision_no": sanction.decision_no,
        "decision_date": sanction.decision_date,
        "agency": case.owner,
        "province": province,
        "area": case.area,
        "goods_group": case.goods_group,
        "kinds": sorted(case.violations.values_list("kind", flat=True)),
        "violator": subject.name if named else "",
        "tax_code": subject.tax_code if named and subject.kind != SubjectKind.PERSON else "",
        "address": subject.address if named else "",
        "goods": goods,
        "fine": sanction.fine_decided,
        "measures": list(sanction.measures),
    }


def _search_text(notice: Notice) -> str:
    parts = [
        notice.decision_no,
        notice.violator,
        notice.tax_code,
        notice.address,
        notice.summary,
        notice.goods,
    ]
    return fold(" ".join(p for p in parts if p))[:1500]


def _copy_photos(actor: User, notice: Notice, photos: list[Photo]) -> None:
    for photo in photos:
        with photo.attachment.file.open("rb") as f:
            clean = scrub_image(f.read())
        if clean is None:
            raise ValidationError({"photos": f"Tệp {photo.attachment.original_name} không phải ảnh."})
        attach(actor, notice, io.BytesIO(clean), f"anh-cong-khai-{notice.pk}.{_suffix(photo.attachment)}")


def _suffix(attachment: Attachment) -> str:
    return {"image/png": "png", "image/webp": "webp"}.get(attachment.content_type, "jpg")


def _photo_errors(case: Case, photos: list[Photo]) -> list[str]:
    errors = []
    chosen = [p for p in photos if p.publish]
    for p in chosen:
        if p.attachment.owner_id != str(case.pk) or p.attachment.owner_type.model != "case":
            errors.append("Ảnh không thuộc hồ sơ vụ việc này.")
        elif not p.attachment.content_type.startswith("image/"):
            errors.append(f"Tệp {p.attachment.original_name} không phải ảnh, không công khai được.")
        elif p.bystander:
            errors.append(
                f"Ảnh {p.attachment.original_name} có khuôn mặt người không liên quan: "
                "hãy che mặt rồi tải ảnh mới lên hồ sơ, hoặc bỏ chọn ảnh này."
            )
    if len(chosen) > MAX_PHOTOS:
        errors.append(f"Chọn tối đa {MAX_PHOTOS} ảnh để công khai.")
    return errors


def propose(
    actor: User,
    sanction: Sanction,
    *,
    rule: PublicationRule | None,
    legal_basis: str,
    legal_article: str,
    summary: str,
    name_individual: bool = False,
    publication_clause: str = "",
    photos: list[Photo] | None = None,
) -> Notice:
    """Propose a sanction decision for publication: the standing office of the place is told
    and approves or refuses it. A legal basis is required; an individual is named only when
    the decision itself says so (its publication clause); a photo the officer flags as
    showing a bystander's face is refused. The chosen photos are copied without metadata."""
    photos = photos or []
    with transaction.atomic():
        sanction = (
            Sanction.objects.select_for_update(of=("self",))
            .select_related("case__area", "subject")
            .get(pk=sanction.pk)
        )
        case = sanction.case
        if not policy.can(actor, "propose", sanction):
            raise PermissionDenied("Bạn không có quyền đề nghị công khai quyết định của vụ việc này.")
        errors: dict[str, list[str]] = {}

        def add(key: str, text: str) -> None:
            errors.setdefault(key, []).append(text)

        if not sanction.decision_no or sanction.decision_date is None:
            add("sanction", "Biên bản này chưa có quyết định xử phạt.")
        elif sanction.annulled_on is not None:
            add(
                "sanction",
                f"Quyết định đã bị hủy ngày {sanction.annulled_on:%d/%m/%Y}, không công khai được.",
            )
        elif Notice.objects.filter(
            sanction=sanction, status__in=[NoticeStatus.PROPOSED, NoticeStatus.PUBLISHED]
        ).exists():
            add("sanction", "Quyết định này đã được đề nghị hoặc đang công khai.")
        if case.confidential:
            add("sanction", "Vụ việc đang được bảo mật: không công khai được.")
        if rule is None or not rule.is_active:
            add("rule", "Chọn quy tắc công khai đang áp dụng.")
        elif rule.kinds and not set(case.violations.values_list("kind", flat=True)) & set(rule.kinds):
            add("rule", "Loại vi phạm của vụ việc không thuộc quy tắc công khai đã chọn.")
        elif sanction.fine_decided < rule.min_fine:
            add("rule", f"Quy tắc này áp dụng cho mức phạt từ {format_vnd(rule.min_fine)}.")
        if not legal_basis.strip():
            add("legal_basis", "Hãy nêu căn cứ pháp lý của việc công khai.")
        if not legal_article.strip():
            add("legal_article", "Hãy nêu điều khoản vi phạm (điểm, khoản, điều, nghị định).")
        if not summary.strip():
            add("summary", "Hãy tóm tắt hành vi vi phạm để công bố.")
        subject = _violator(sanction)
        if subject is None:
            add("sanction", "Quyết định chưa ghi rõ một đối tượng bị xử phạt: hãy ghi đối tượng trước.")
        elif subject.kind not in (SubjectKind.ORGANISATION, SubjectKind.HOUSEHOLD, SubjectKind.PERSON):
            add("sanction", "Chỉ công khai quyết định xử phạt tổ chức, hộ kinh doanh hoặc cá nhân.")
        elif name_individual and subject.kind == SubjectKind.PERSON and not publication_clause.strip():
            add(
                "publication_clause",
                "Chỉ công khai tên cá nhân khi quyết định xử phạt có điều khoản công khai: "
                "hãy trích điều khoản đó.",
            )
        for text in _photo_errors(case, photos):
            add("photos", text)
        if errors:
            raise ValidationError(errors)
        assert subject is not None and rule is not None
        publicity = _publicity(subject, name_individual)
        notice = Notice(
            sanction=sanction,
            rule=rule,
            legal_basis=legal_basis.strip()[:300],
            legal_article=legal_article.strip()[:300],
            summary=summary.strip()[:600],
            publicity=publicity,
            publication_clause=publication_clause.strip()[:300] if publicity == Publicity.INDIVIDUAL else "",
            proposed_by=actor,
            **_snapshot(sanction, publicity),
        )
        notice.search_text = _search_text(notice)
        notice.save()
        _copy_photos(actor, notice, [p for p in photos if p.publish])
        audit.record(
            actor, "portal.propose", notice, object_repr=str(notice), changes={"case": case.reference}
        )
        # To those who may approve it: the standing officers of the place, not the office's
        # other staff (the title names no case: they may not all read it).
        office = standing_office_for(case.area)
        owner = case.owner.short_name or case.owner.name
        notify_users(
            _reviewers(case.area),
            f"Đề nghị công khai quyết định {notice.decision_no} của {owner}",
            url=f"/publications/{notice.pk}/",
            agency=office,
        )
    return notice


def _reviewers(area: Any) -> Any:
    """The standing officers of the place's standing office: who may approve or withdraw."""
    office = standing_office_for(area)
    return User.objects.officers().filter(agency=office, role=Role.STANDING_OFFICE)


def _lock(notice: Notice) -> Notice:
    return Notice.objects.select_for_update(of=("self",)).select_related("area", "sanction").get(pk=notice.pk)


def approve(actor: User, notice: Notice) -> Notice:
    """The standing office approves: the notice is published today for the rule's period."""
    with transaction.atomic():
        notice = _lock(notice)
        if notice.proposed_by_id == actor.pk:
            raise ValidationError("Người đề nghị không tự duyệt đề nghị của mình.")
        policy.require(actor, "review", notice)
        if notice.sanction.annulled_on is not None:
            raise ValidationError("Quyết định đã bị hủy sau khi đề nghị: không duyệt được.")
        today = timezone.localdate()
        notice.status = NoticeStatus.PUBLISHED
        notice.reviewed_by, notice.reviewed_at = actor, timezone.now()
        notice.published_on = today
        notice.expires_on = today + datetime.timedelta(days=notice.rule.period_days)
        notice.updated_at = timezone.now()
        notice.save()
        audit.record(
            actor,
            "portal.approve",
            notice,
            object_repr=str(notice),
            changes={"expires_on": notice.expires_on},
        )
        notify_agency(
            notice.sanction.case.owner,
            f"Đã công khai quyết định {notice.decision_no}",
            url=f"/publications/{notice.pk}/",
        )
        public_changed()
    return notice


def refuse(actor: User, notice: Notice, reason: str) -> Notice:
    with transaction.atomic():
        notice = _lock(notice)
        policy.require(actor, "review", notice)
        if not reason.strip():
            raise ValidationError({"reason": "Hãy ghi lý do không duyệt."})
        notice.status = NoticeStatus.REFUSED
        notice.reviewed_by, notice.reviewed_at = actor, timezone.now()
        notice.refusal_reason = reason.strip()[:500]
        notice.save()
        audit.record(actor, "portal.refuse", notice, object_repr=str(notice), reason=notice.refusal_reason)
        notify_agency(
            notice.sanction.case.owner,
            f"Không duyệt công khai quyết định {notice.decision_no}: {notice.refusal_reason}",
            url=f"/publications/{notice.pk}/",
        )
    return notice


def _withdraw(actor: Any, notice: Notice, note: str) -> None:
    today = timezone.localdate()
    notice.status = NoticeStatus.WITHDRAWN
    notice.withdrawn_on, notice.withdrawn_note = today, note[:500]
    notice.updated_at = timezone.now()
    notice.save()
    NoticeCorrection.objects.create(notice=notice, on=today, note=note[:500])
    audit.record(actor, "portal.withdraw", notice, object_repr=str(notice), reason=note[:500])
    public_changed()


def withdraw(actor: User, notice: Notice, note: str) -> Notice:
    """Take a published notice down, with a public note: the page then says "đã thu hồi"."""
    with transaction.atomic():
        notice = _lock(notice)
        policy.require(actor, "withdraw", notice)
        if not note.strip():
            raise ValidationError({"note": "Hãy ghi lý do thu hồi (sẽ hiện công khai)."})
        _withdraw(actor, notice, note.strip())
    return notice


def _correct(actor: Any, notice: Notice, note: str) -> None:
    before = {"fine": notice.fine, "measures": notice.measures, "decision_no": notice.decision_no}
    fresh = _snapshot(notice.sanction, notice.publicity)
    notice.fine, notice.measures = fresh["fine"], fresh["measures"]
    notice.updated_at = timezone.now()
    notice.search_text = _search_text(notice)
    notice.save()
    NoticeCorrection.objects.create(notice=notice, on=timezone.localdate(), note=note[:500], before=before)
    audit.record(actor, "portal.correct", notice, object_repr=str(notice), changes={"before": before})
    public_changed()


def correct(actor: User, notice: Notice, note: str) -> Notice:
    """Bring a published notice in line with its decision as it stands, with a public note."""
    with transaction.atomic():
        notice = _lock(notice)
        policy.require(actor, "withdraw", notice)
        if not note.strip():
            raise ValidationError({"note": "Hãy ghi nội dung đính chính (sẽ hiện công khai)."})
        _correct(actor, notice, note.strip())
    return notice


def _open_notices(sanction: Sanction) -> list[Notice]:
    return list(
        Notice.objects.select_for_update(of=("self",))
        .select_related("sanction")
        .filter(sanction=sanction, status__in=[NoticeStatus.PROPOSED, NoticeStatus.PUBLISHED])
    )


def decision_annulled(actor: Any, sanction: Sanction) -> None:
    """Called by `cases.services.annul_decision` in its transaction: a published notice is
    withdrawn with a public note, a proposal is refused."""
    for notice in _open_notices(sanction):
        note = f"Quyết định {sanction.decision_no} đã bị hủy ngày {sanction.annulled_on:%d/%m/%Y}."
        if notice.status == NoticeStatus.PUBLISHED:
            _withdraw(actor, notice, note)
            notify_users(
                _reviewers(notice.area),
                f"Đã thu hồi thông tin công khai quyết định {notice.decision_no}: quyết định đã bị hủy",
                url=f"/publications/{notice.pk}/",
            )
        else:
            notice.status, notice.refusal_reason = NoticeStatus.REFUSED, note
            notice.save(update_fields=["status", "refusal_reason"])
            audit.record(actor, "portal.refuse", notice, object_repr=str(notice), reason=note)


def decision_amended(actor: Any, sanction: Sanction, note: str) -> None:
    """Called by `cases.services.amend_decision`: a published notice is corrected with a
    public note; a proposal is brought up to date silently (nothing was public yet)."""
    for notice in _open_notices(sanction):
        if notice.status == NoticeStatus.PUBLISHED:
            _correct(actor, notice, note)
        else:
            notice.fine, notice.measures = sanction.fine_decided, list(sanction.measures)
            notice.save(update_fields=["fine", "measures"])


# Warnings ----------------------------------------------------------------------------------


@dataclass
class WarningInput:
    title: str
    what_happens: str
    how_to_recognise: str
    what_to_do: str
    goods_groups: list[GoodsGroup]
    channels: list[str]
    hotline: str = ""
    notices: list[Notice] | None = None


def _warning_errors(data: WarningInput) -> dict[str, str]:
    errors = {}
    for name, label in (
        ("title", "tiêu đề"),
        ("what_happens", "thủ đoạn"),
        ("how_to_recognise", "cách nhận biết"),
        ("what_to_do", "việc người dân cần làm"),
    ):
        if not getattr(data, name).strip():
            errors[name] = f"Hãy nhập {label}."
    if len(data.title) > 200:
        errors["title"] = "Tiêu đề tối đa 200 ký tự."
    if any(c not in Channel.values for c in data.channels):
        errors["channels"] = "Kênh không hợp lệ."
    if data.hotline:
        try:
            data.hotline = clean_phone(data.hotline, "hotline")
        except ValidationError as exc:
            errors["hotline"] = exc.messages[0]
    return errors


def _fill(warning: Warning, data: WarningInput) -> None:
    warning.title = data.title.strip()
    warning.what_happens = data.what_happens.strip()
    warning.how_to_recognise = data.how_to_recognise.strip()
    warning.what_to_do = data.what_to_do.strip()
    warning.channels = sorted(set(data.channels))
    warning.hotline = data.hotline or (
        warning.committee.standing_office.hotline if warning.committee_id else ""
    )
    warning.updated_at = timezone.now()


def write_warning(actor: User, data: WarningInput) -> Warning:
    """A new draft warning of the writer's committee."""
    with transaction.atomic():
        committee = committee_of(actor)
        if (
            committee is None
            or not policy.can(actor, "edit", Warning)
            or committee.standing_office_id != actor.agency_id
        ):
            raise PermissionDenied("Chỉ Cơ quan Thường trực Ban Chỉ đạo viết cảnh báo.")
        errors = _warning_errors(data)
        if errors:
            raise ValidationError(errors)
        warning = Warning(committee=committee, written_by=actor)
        _fill(warning, data)
        warning.save()
        warning.goods_groups.set(data.goods_groups)
        _link_notices(warning, data)
        audit.record(actor, "portal.warning_write", warning, object_repr=warning.title)
        # Who may approve it: the committee's leaders and the office's other standing officers.
        approvers = (
            User.objects.officers()
            .filter(
                Q(role=Role.LEADER, agency__area=committee.area)
                | Q(role=Role.STANDING_OFFICE, agency=committee.standing_office)
            )
            .exclude(pk=actor.pk)
        )
        notify_users(
            approvers, f"Cảnh báo chờ duyệt: {warning.title}", url=f"/publications/warnings/{warning.pk}/"
        )
    return warning


def _link_notices(warning: Warning, data: WarningInput) -> None:
    if data.notices is not None:
        warning.notices.set([n for n in data.notices if n.status == NoticeStatus.PUBLISHED])


def _lock_warning(warning: Warning) -> Warning:
    return (
        Warning.objects.select_for_update(of=("self",))
        .select_related("committee__area", "committee__standing_office")
        .get(pk=warning.pk)
    )


def edit_warning(actor: User, warning: Warning, data: WarningInput) -> Warning:
    with transaction.atomic():
        warning = _lock_warning(warning)
        policy.require(actor, "edit", warning)
        errors = _warning_errors(data)
        if errors:
            raise ValidationError(errors)
        _fill(warning, data)
        warning.save()
        warning.goods_groups.set(data.goods_groups)
        _link_notices(warning, data)
        audit.record(actor, "portal.warning_edit", warning, object_repr=warning.title)
        if warning.status == WarningStatus.PUBLISHED:
            public_changed()
    return warning


def publish_warning(actor: User, warning: Warning) -> Warning:
    """Approve and publish a draft (another officer of the office than its writer, or the
    committee's leader): for the nation, or for the committee's province."""
    with transaction.atomic():
        warning = _lock_warning(warning)
        if warning.written_by_id == actor.pk and warning.status == WarningStatus.DRAFT:
            raise ValidationError(
                "Người viết không tự duyệt cảnh báo của mình: hãy nhờ một cán bộ khác hoặc lãnh đạo."
            )
        policy.require(actor, "publish", warning)
        warning.status = WarningStatus.PUBLISHED
        warning.approved_by, warning.published_on = actor, timezone.localdate()
        warning.updated_at = timezone.now()
        warning.save()
        audit.record(actor, "portal.warning_publish", warning, object_repr=warning.title)
        public_changed()
    return warning


def add_warning_photo(actor: User, warning: Warning, upload: Any) -> Attachment:
    """A photo of the trick (a fake label, a scam message) on a warning, copied without its
    camera's metadata; at most MAX_PHOTOS."""
    with transaction.atomic():
        warning = _lock_warning(warning)
        policy.require(actor, "edit", warning)
        if upload is None:
            raise ValidationError({"photo": "Chọn ảnh để tải lên."})
        clean = scrub_image(upload.read())
        if clean is None:
            raise ValidationError({"photo": "Chỉ nhận ảnh JPG, PNG hoặc WEBP."})
        if len(warning_photos(warning)) >= MAX_PHOTOS:
            raise ValidationError({"photo": f"Mỗi cảnh báo có tối đa {MAX_PHOTOS} ảnh."})
        photo = attach(actor, warning, io.BytesIO(clean), f"anh-canh-bao-{warning.pk}.jpg")
        if warning.status == WarningStatus.PUBLISHED:
            public_changed()
    return photo


def warning_photos(warning: Warning) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type__app_label="portal", owner_type__model="warning", owner_id=str(warning.pk)
        ).order_by("pk")
    )


def withdraw_warning(actor: User, warning: Warning) -> Warning:
    with transaction.atomic():
        warning = _lock_warning(warning)
        policy.require(actor, "edit", warning)
        if warning.status != WarningStatus.PUBLISHED:
            raise ValidationError("Cảnh báo này không đang công khai.")
        warning.status, warning.withdrawn_on = WarningStatus.WITHDRAWN, timezone.localdate()
        warning.updated_at = timezone.now()
        warning.save()
        audit.record(actor, "portal.warning_withdraw", warning, object_repr=warning.title)
        public_changed()
    return warning
