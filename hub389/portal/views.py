"""The officers' side of the portal (/publications/): propose a sanction decision for
publication from its case, the standing office's queue to approve or refuse, correct or
withdraw; the warnings an office writes and publishes. Every write is one service call."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.attachments.models import Attachment
from hub389.cases.models import Measure, Sanction, ViolationKind
from hub389.lib.actions import Action, perform
from hub389.portal import services
from hub389.portal.models import Channel, Notice, NoticeStatus, PublicationRule, Warning, WarningStatus
from hub389.registry.models import GoodsGroup


def _live_rules() -> list[PublicationRule]:
    return list(PublicationRule.objects.filter(is_active=True).order_by("pk"))


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    rows = policy.visible(user, "view", Notice).select_related("agency", "province", "proposed_by")
    waiting = [
        n
        for n in rows.filter(status=NoticeStatus.PROPOSED).order_by("proposed_at")
        if policy.can(user, "review", n)
    ]
    return render(
        request,
        "portal/office.html",
        {
            "waiting": waiting,
            "notices": rows.order_by("-proposed_at")[:100],
            "waiting_warnings": [
                w
                for w in policy.visible(user, "view", Warning).filter(status=WarningStatus.DRAFT)
                if policy.can(user, "publish", w)
            ],
            "warnings": policy.visible(user, "view", Warning)
            .select_related("committee")
            .order_by("-written_at")[:50],
            "can_write": policy.can(user, "edit", Warning),
        },
    )


def _case_photos(sanction: Sanction) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type__app_label="cases",
            owner_type__model="case",
            owner_id=str(sanction.case_id),
            content_type__startswith="image/",
        ).order_by("uploaded_at")
    )


@login_required
def propose(request: AuthedRequest, sanction: int) -> HttpResponse:
    """The proposal form, from a decided sanction on the case page."""
    found = get_object_or_404(Sanction.objects.select_related("case__area", "subject"), pk=sanction)
    policy.require(request.user, "propose", found)
    photos = _case_photos(found)
    rules = _live_rules()
    if request.method == "POST":
        p = request.POST
        chosen = {i for i in p.getlist("photo") if i.isdigit()}
        faces = {i for i in p.getlist("bystander") if i.isdigit()}
        try:
            notice = services.propose(
                request.user,
                found,
                rule=next((r for r in rules if str(r.pk) == p.get("rule")), None),
                legal_basis=p.get("legal_basis", ""),
                legal_article=p.get("legal_article", ""),
                summary=p.get("summary", ""),
                name_individual=p.get("name_individual") == "1",
                publication_clause=p.get("publication_clause", ""),
                photos=[
                    services.Photo(a, publish=str(a.pk) in chosen, bystander=str(a.pk) in faces)
                    for a in photos
                ],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã gửi đề nghị công khai tới Cơ quan Thường trực."))
            return redirect("publications:detail", pk=notice.pk)
    return render(
        request,
        "portal/propose.html",
        {
            "sanction": found,
            "case": found.case,
            "photos": photos,
            "rules": rules,
            "posted": request.POST,
            "is_person": found.subject is not None and found.subject.kind == "person",
        },
    )


ACTIONS: dict[str, Action] = {
    "approve": Action(
        lambda u, n, r: services.approve(u, n), gettext_lazy("Đã duyệt: quyết định được công khai.")
    ),
    "refuse": Action(
        lambda u, n, r: services.refuse(u, n, r.POST.get("reason", "")), gettext_lazy("Đã không duyệt.")
    ),
    "withdraw": Action(
        lambda u, n, r: services.withdraw(u, n, r.POST.get("note", "")),
        gettext_lazy("Đã thu hồi thông tin công khai."),
    ),
    "correct": Action(
        lambda u, n, r: services.correct(u, n, r.POST.get("note", "")),
        gettext_lazy("Đã đính chính thông tin công khai."),
    ),
}


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(
        Notice.objects.select_related(
            "agency", "province", "area", "rule", "sanction__case", "proposed_by", "reviewed_by"
        ),
        pk=pk,
    )
    policy.require(request.user, "view", notice)
    kinds, measures = dict(ViolationKind.choices), dict(Measure.choices)
    return render(
        request,
        "portal/office_notice.html",
        {
            "notice": notice,
            "kind_names": [kinds.get(k, k) for k in notice.kinds],
            "measure_names": [measures.get(m, m) for m in notice.measures],
            "photos": Attachment.objects.filter(
                owner_type__app_label="portal", owner_type__model="notice", owner_id=str(notice.pk)
            ).order_by("pk"),
            "corrections": notice.corrections.all(),
            "can_review": policy.can(request.user, "review", notice),
            "can_view_case": policy.can(request.user, "view", notice.sanction.case),
            "can_withdraw": policy.can(request.user, "withdraw", notice),
        },
    )


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    policy.require(request.user, "view", notice)
    perform(request, ACTIONS, action, notice)
    return redirect("publications:detail", pk=notice.pk)


def _warning_input(request: AuthedRequest) -> services.WarningInput:
    p = request.POST
    return services.WarningInput(
        title=p.get("title", ""),
        what_happens=p.get("what_happens", ""),
        how_to_recognise=p.get("how_to_recognise", ""),
        what_to_do=p.get("what_to_do", ""),
        goods_groups=list(GoodsGroup.objects.filter(code__in=p.getlist("goods"))),
        channels=p.getlist("channels"),
        hotline=p.get("hotline", ""),
        notices=list(Notice.objects.live().filter(pk__in=[i for i in p.getlist("notices") if i.isdigit()])),
    )


def _warning_page(request: AuthedRequest, warning: Warning | None) -> HttpResponse:
    chosen: dict[str, Any] = {}
    if warning is not None:
        chosen = {
            "title": warning.title,
            "what_happens": warning.what_happens,
            "how_to_recognise": warning.how_to_recognise,
            "what_to_do": warning.what_to_do,
            "hotline": warning.hotline,
            "goods": [g.code for g in warning.goods_groups.all()],
            "channels": warning.channels,
            "notices": [n.pk for n in warning.notices.all()],
        }
    if request.method == "POST":
        p = request.POST
        chosen = {
            k: p.get(k, "") for k in ("title", "what_happens", "how_to_recognise", "what_to_do", "hotline")
        }
        chosen.update(
            goods=p.getlist("goods"),
            channels=p.getlist("channels"),
            notices=[int(i) for i in p.getlist("notices") if i.isdigit()],
        )
    area = warning.committee.area if warning else (request.user.agency.area if request.user.agency else None)
    related = Notice.objects.live().select_related("province").order_by("-decision_date")
    if area is not None and area.kind != "national":
        related = related.filter(province=area)
    return render(
        request,
        "portal/warning_form.html",
        {
            "warning": warning,
            "chosen": chosen,
            "groups": GoodsGroup.objects.order_by("sort_order", "name"),
            "channels": Channel.choices,
            "related": related[:50],
            "can_publish": warning is not None and policy.can(request.user, "publish", warning),
            "photos": services.warning_photos(warning) if warning else [],
            "can_edit": warning is not None and policy.can(request.user, "edit", warning),
            "can_withdraw": warning is not None
            and warning.status == WarningStatus.PUBLISHED
            and policy.can(request.user, "edit", warning),
        },
    )


@login_required
def warning_new(request: AuthedRequest) -> HttpResponse:
    if not policy.can(request.user, "edit", Warning):
        raise PermissionDenied
    if request.method == "POST":
        try:
            warning = services.write_warning(request.user, _warning_input(request))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Đã lưu bản nháp cảnh báo: cần một cán bộ khác hoặc lãnh đạo duyệt để công khai.")
            )
            return redirect("publications:warning", pk=warning.pk)
    return _warning_page(request, None)


WARNING_ACTIONS: dict[str, Action] = {
    "save": Action(lambda u, w, r: services.edit_warning(u, w, _warning_input(r))),
    "publish": Action(lambda u, w, r: services.publish_warning(u, w), gettext_lazy("Đã công khai cảnh báo.")),
    "withdraw": Action(lambda u, w, r: services.withdraw_warning(u, w), gettext_lazy("Đã gỡ cảnh báo.")),
    "photo": Action(
        lambda u, w, r: services.add_warning_photo(u, w, r.FILES.get("photo")), gettext_lazy("Đã thêm ảnh.")
    ),
}


@login_required
def warning_page(request: AuthedRequest, pk: int) -> HttpResponse:
    warning = get_object_or_404(
        Warning.objects.select_related("committee__area", "committee__standing_office"), pk=pk
    )
    policy.require(request.user, "view", warning)
    if (
        request.method == "POST"
        and perform(request, WARNING_ACTIONS, request.POST.get("action", ""), warning).ok
    ):
        return redirect("publications:warning", pk=warning.pk)
    return _warning_page(request, warning)
