"""The public side: a citizen sends a tip without an account, keeps a receipt code, and with it
follows the tip, answers the handler's questions and reads the result.

Nothing here records the citizen's IP address: the audit context is cleared for these views,
the rate limit keeps only a keyed hash in the cache for its window.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from hub389.audit.context import current_ip
from hub389.registry.models import Area, AreaKind, GoodsGroup
from hub389.registry.public import national_hotline
from hub389.tips import guard, intake, services, vault
from hub389.tips.forms import SPECIAL_KINDS, PublicTipForm, ReceiptForm, ReplyForm
from hub389.tips.models import EventKind, Status, Tip, TipIntake

SESSION_KEY = "tips.receipt"
RECEIPT_SESSION_SECONDS = 30 * 60
INFORMANT_POST_FIELDS = ("full_name", "phone", "email", "address", "code")


def untraced(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view with no client IP in the audit context and no caching of the page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = current_ip.set(None)
        try:
            return view(request, *args, **kwargs)
        finally:
            current_ip.reset(token)

    return never_cache(sensitive_post_parameters(*INFORMANT_POST_FIELDS)(wrapper))


def _form_page(request: HttpRequest, form: PublicTipForm, status: int = 200) -> HttpResponse:
    challenge = guard.new_challenge()
    if form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]
        data["challenge"], data["solution"] = challenge, ""
        form.data = data
    else:
        form.initial["challenge"] = challenge
    province = form["province"].value()
    return render(
        request,
        "tips/public_form.html",
        {"form": form, "pow_bits": settings.HUB389_TIP_POW_BITS, **places_in(province)},
        status=status,
    )


def places_in(province: Any) -> dict[str, Any]:
    """The commune and special-place choices of a province (pk), for the place pickers."""
    if not province or not str(province).isascii() or not str(province).isdigit():
        return {"communes": [], "specials": []}  # nothing chosen, or not a province's id
    areas = Area.objects.filter(province_id=province).only("code", "name", "kind").order_by("name")
    return {
        "communes": [a for a in areas if a.kind == AreaKind.COMMUNE],
        "specials": [a for a in areas if a.kind in SPECIAL_KINDS],
    }


PREFILLED = {"summary": 200, "description": 2000, "goods_group": 40, "province": 2}


def prefill(request: HttpRequest) -> dict[str, Any]:
    """What a link may prefill in the tip form (the product check's "Tôi nghi hàng giả"): the
    summary, the description and the goods group, cut to size; the citizen sees and edits them."""
    found: dict[str, Any] = {
        k: request.GET[k][:n] for k, n in PREFILLED.items() if request.GET.get(k, "").strip()
    }
    if "goods_group" in found:
        group = GoodsGroup.objects.filter(code=found.pop("goods_group")).first()
        if group is not None:
            found["goods_group"] = group.pk
    if "province" in found:
        province = Area.objects.filter(kind=AreaKind.PROVINCE, code=found.pop("province")).first()
        if province is not None:
            found["province"] = province.pk
    return found


@untraced
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, PublicTipForm(initial=prefill(request)))
    form = PublicTipForm(request.POST, request.FILES)
    key = guard.client_key(request)
    if guard.blocked("tip", key, settings.HUB389_TIP_RATE_PER_HOUR):
        form.is_valid()
        hotline = national_hotline()["hotline"]
        form.add_error(
            None,
            "Bạn đã gửi nhiều tin trong thời gian ngắn. Hãy thử lại sau một giờ, hoặc gọi đường dây nóng"
            + (f" {hotline}" if hotline else "")
            + " (số của từng cơ quan ở trang Đường dây nóng).",
        )
        return _form_page(request, form, status=429)
    if form.is_valid():
        problem = guard.check_pow(form.cleaned_data["challenge"], form.cleaned_data.get("solution") or "")
        if problem:
            form.add_error(None, problem)
        else:
            try:
                row, code = intake.receive(form.tip_input(), form.cleaned_data["attachments"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                guard.hit("tip", key, settings.HUB389_TIP_RATE_PER_HOUR, 3600)
                # The intake row has committed: only now is the receipt shown. The worker makes
                # the tip from it within seconds; until then the status page says so.
                request.session["tips.new_receipt"] = code
                request.session[SESSION_KEY] = {"intake": row.pk, "at": timezone.now().timestamp()}
                return redirect("tips_public:receipt")
    return _form_page(request, form, status=400)


def add_service_errors(form: Any, exc: ValidationError, prefix: str = "") -> None:
    """Put a service's ValidationError on the form: on the field it names (or `prefix` + the
    field, for sub-forms), else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            name = field if field in form.fields else f"{prefix}{field}"
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@untraced
def places(request: HttpRequest) -> HttpResponse:
    """The commune and special-place pickers for a province (htmx)."""
    return render(request, "tips/_places.html", places_in(request.GET.get("province") or None))


@untraced
def receipt(request: HttpRequest) -> HttpResponse:
    """Shows the receipt code once: it is removed from the session as it is displayed."""
    code = request.session.pop("tips.new_receipt", None)
    if code is None:
        return redirect("tips_public:status")
    return render(request, "tips/public_receipt.html", {"code": vault.format_receipt(code)})


def _session_tip(request: HttpRequest) -> Tip | TipIntake | None:
    """The citizen's tip, or its intake row while the worker has not made the tip yet."""
    held = request.session.get(SESSION_KEY)
    if not held or timezone.now().timestamp() - held["at"] > RECEIPT_SESSION_SECONDS:
        request.session.pop(SESSION_KEY, None)
        return None
    if "intake" in held:
        row = TipIntake.objects.filter(pk=held["intake"]).first()
        if row is None or row.tip_id is None:
            return row
        request.session[SESSION_KEY] = {"tip": row.tip_id, "at": held["at"]}
        held = request.session[SESSION_KEY]
    return Tip.objects.select_related("agency", "merged_into").filter(pk=held["tip"]).first()


@untraced
def lookup(request: HttpRequest) -> HttpResponse:
    """Enter a receipt code. A wrong code says nothing about whether a tip exists; repeated
    wrong codes from one address are throttled (and then even a right one is refused)."""
    form = ReceiptForm(request.POST or None)
    key = guard.client_key(request)
    limit = settings.HUB389_RECEIPT_TRIES
    if request.method == "POST" and form.is_valid():
        if guard.blocked("receipt", key, limit):
            form.add_error(None, "Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.")
            return render(request, "tips/public_lookup.html", {"form": form}, status=429)
        # The pending row first: made into a tip between the two reads, it is found as a tip.
        row = intake.find_pending(form.cleaned_data["code"])
        tip = services.find_by_receipt(form.cleaned_data["code"]) if row is None else None
        if tip is None and row is None:
            guard.hit("receipt", key, limit, 15 * 60)
            form.add_error("code", "Mã tra cứu không đúng. Kiểm tra lại 16 chữ số.")
            return render(request, "tips/public_lookup.html", {"form": form}, status=400)
        request.session.cycle_key()
        held = {"tip": tip.pk} if tip is not None else {"intake": row.pk}  # type: ignore[union-attr]
        request.session[SESSION_KEY] = {**held, "at": timezone.now().timestamp()}
        return redirect("tips_public:status")
    return render(request, "tips/public_lookup.html", {"form": form})


@untraced
def status(request: HttpRequest) -> HttpResponse:
    own = _session_tip(request)
    if own is None:
        return redirect("tips_public:lookup")
    if isinstance(own, TipIntake):
        return render(request, "tips/public_routing.html", {"row": own})
    shown = services.public_view(own)
    form = ReplyForm()
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.informant_reply(shown, form.cleaned_data["text"], form.cleaned_data["attachments"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                request.session["tips.flash"] = "Đã gửi. Cơ quan giải quyết sẽ nhận được ngay."
                return redirect("tips_public:status")
    events = [e for e in shown.events.select_related("from_agency", "to_agency") if e.is_public]
    if shown.pk != own.pk:
        events = [e for e in own.events.select_related("to_agency") if e.is_public] + events
    return render(
        request,
        "tips/public_status.html",
        {
            "own": own,
            "tip": shown,
            "events": events,
            "form": form,
            "flash": request.session.pop("tips.flash", ""),
            "open_question": any(e.kind == EventKind.QUESTION for e in events[-3:]),
            "settled": shown.status == Status.SETTLED,
        },
    )


@require_POST
@untraced
def leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("tips_public:lookup")
