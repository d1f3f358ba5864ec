"""The officers', rights holders' and standing office's pages (/brands/): the look-up by barcode
or name, a product's sheet (the features each reader may see; every view of covert features is
audited), a holder's own products, requests and users, the office's list of holders with their
answer rates."""

import datetime
import re
import statistics
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.api import services as api_services
from hub389.api.models import ApiClient
from hub389.audit import services as audit
from hub389.brands import lookup, services
from hub389.brands.access import seat, verifier
from hub389.brands.gtin import prefix_note
from hub389.brands.models import (
    Answer,
    BrandMention,
    Channel,
    HolderStatus,
    IPTitle,
    Product,
    RightsHolder,
    SellerRole,
    TitleKind,
    VerificationRequest,
)
from hub389.cases.models import Case
from hub389.lib.actions import Action, perform
from hub389.lib.dates import parse_date
from hub389.lib.numbers import parse_money
from hub389.portal.models import Notice
from hub389.registry.models import Agency, AgencyKind, Area, AreaKind, GoodsGroup

# Who tests goods: market surveillance, police (forensic science), customs, health (drug and
# food testing), agriculture, science and technology (standards and quality).
LAB_KINDS = [
    AgencyKind.MARKET_SURVEILLANCE,
    AgencyKind.POLICE,
    AgencyKind.CUSTOMS,
    AgencyKind.HEALTH,
    AgencyKind.AGRICULTURE_ENVIRONMENT,
    AgencyKind.SCIENCE_TECHNOLOGY,
]


def _provinces() -> Any:
    return Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name")


def _date(text: str, name: str) -> datetime.date:
    day = parse_date(text or "")
    if day is None:
        raise ValidationError({name: _("Ngày không hợp lệ: viết dd/mm/yyyy, ví dụ 01/12/2026.")})
    return day


@login_required
def lookup_page(request: AuthedRequest) -> HttpResponse:
    """Look a product up by its barcode or words of its name (officers and holders)."""
    if not policy.can(request.user, "view", Product):
        raise PermissionDenied
    case = _case(request)
    if request.method == "POST":
        try:
            code = lookup.read_photo(request.FILES.get("photo"))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            code = ""
        query = (
            {"q": code, **({"case": str(case.pk)} if case else {})}
            if code
            else ({"case": str(case.pk)} if case else {})
        )
        return redirect(f"{request.path}?{urlencode(query)}" if query else request.path)
    mine = policy.visible(request.user, "view", Product)
    # A holder's user looks up other holders' products as a citizen does (their public sheet).
    rows = (mine | lookup.public_products()).distinct() if seat(request.user) else mine
    found = lookup.find(rows, request.GET.get("q", ""))
    suffix = f"?case={case.pk}" if case else ""
    opened = set(mine.filter(pk__in=[p.pk for p in found.products]).values_list("pk", flat=True))
    for p in found.products:
        found.links[p.pk] = (
            f"/brands/products/{p.pk}/{suffix}" if p.pk in opened else f"/hang-that/san-pham/{p.pk}/"
        )
    if found.by_barcode and len(found.products) == 1 and not found.error:
        return redirect(found.links[found.products[0].pk])
    return render(
        request,
        "brands/lookup.html",
        {
            "found": found,
            "case": case,
            "case_suffix": f"?case={case.pk}" if case else "",
            "menu_active": "brands",
        },
    )


def _case(request: AuthedRequest) -> Case | None:
    """The case an officer came from (?case=), if they may work it."""
    raw = request.GET.get("case") or request.POST.get("case") or ""
    if not raw.isdigit():
        return None
    case = Case.objects.filter(pk=int(raw)).first()
    return case if case is not None and policy.can(request.user, "ask", case) else None


def _product_input(request: AuthedRequest, holder: RightsHolder) -> services.ProductInput:
    p = request.POST
    group = GoodsGroup.objects.filter(code=p.get("goods_group", "")).first()
    title = (
        IPTitle.objects.filter(holder=holder, pk=int(p["title"])).first()
        if p.get("title", "").isdigit()
        else None
    )
    return services.ProductInput(
        brand=p.get("brand", ""),
        name=p.get("name", ""),
        gtin=p.get("gtin", ""),
        variant=p.get("variant", ""),
        goods_group=group,
        packaging=p.get("packaging", ""),
        public_features=p.get("public_features", ""),
        officer_features=p.get("officer_features", ""),
        lab_features=p.get("lab_features", ""),
        external_id=p.get("external_id", ""),
        title=title,
    )


def _money(text: str, name: str) -> int:
    try:
        return parse_money(text)
    except ValidationError as exc:
        raise ValidationError({name: exc.messages[0]}) from exc


def _ask(user: Any, product: Product, request: AuthedRequest) -> VerificationRequest:
    p = request.POST
    reference = p.get("case_reference", "").strip().upper()
    found = re.fullmatch(r"(?:VV-)?(\d{4})-0*(\d+)", reference)
    case = Case.objects.filter(year=int(found[1]), pk=int(found[2])).first() if found else None
    if case is None or not policy.can(user, "ask", case):
        raise ValidationError(
            {
                "case_reference": _("Không tìm thấy vụ việc %(ref)s trong các vụ bạn đang xử lý.")
                % {"ref": reference or "—"}
            }
        )
    return services.ask(
        user,
        case,
        product,
        services.AskInput(question=p.get("question", ""), photos=request.FILES.getlist("photos")),
    )


PRODUCT_ACTIONS: dict[str, Action] = {
    "save": Action(lambda u, o, r: services.save_product(u, _product_input(r, o.holder), o)),
    "seller": Action(
        lambda u, o, r: services.add_seller(
            u,
            o,
            role=r.POST.get("role", ""),
            name=r.POST.get("seller_name", ""),
            tax_code=r.POST.get("tax_code", ""),
            province=Area.objects.filter(kind=AreaKind.PROVINCE, code=r.POST.get("province", "")).first(),
            address=r.POST.get("address", ""),
            url=r.POST.get("url", ""),
        ),
        gettext_lazy("Đã thêm người bán được ủy quyền."),
    ),
    "remove_seller": Action(
        lambda u, o, r: services.remove_seller(u, get_object_or_404(o.sellers, pk=r.POST.get("seller") or 0)),
        gettext_lazy("Đã gỡ người bán."),
    ),
    "price": Action(
        lambda u, o, r: services.set_price(
            u,
            o,
            channel=r.POST.get("channel", ""),
            low=_money(r.POST.get("low", ""), "low"),
            high=_money(r.POST.get("high", ""), "high"),
            unit=r.POST.get("unit", ""),
        )
    ),
    "photo": Action(
        lambda u, o, r: services.add_photo(u, o, r.FILES.get("photo")), gettext_lazy("Đã thêm ảnh.")
    ),
    "fake": Action(
        lambda u, o, r: services.add_fake(
            u,
            o,
            description=r.POST.get("description", ""),
            how_to_tell=r.POST.get("how_to_tell", ""),
            where_found=r.POST.get("where_found", ""),
            found_on=_date(r.POST["found_on"], "found_on") if r.POST.get("found_on") else None,
            photo=r.FILES.get("photo"),
        ),
        gettext_lazy("Đã thêm mẫu hàng giả."),
    ),
    "watch": Action(
        lambda u, o, r: services.watch(
            u,
            o,
            reason=r.POST.get("reason", ""),
            starts_on=_date(r.POST.get("starts_on", ""), "starts_on"),
            ends_on=_date(r.POST.get("ends_on", ""), "ends_on"),
            provinces=list(_provinces().filter(code__in=r.POST.getlist("provinces"))),
        ),
        gettext_lazy("Đã gửi đề nghị theo dõi tới các cơ quan."),
    ),
    "ask": Action(_ask, gettext_lazy("Đã gửi đề nghị xác minh tới chủ thể quyền.")),
}


@login_required
def product(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Product.objects.select_related("holder", "goods_group", "title"), pk=pk)
    user = request.user
    policy.require(user, "view", item)
    if request.method == "POST":
        action = request.POST.get("action", "")
        # the services check the policy on the locked row and audit a refusal
        if perform(request, PRODUCT_ACTIONS, action, item).ok:
            return redirect("brands:product", pk=item.pk)
    covert = policy.can(user, "covert", item)
    lab = policy.can(user, "lab", item)
    if covert and seat(user) is None:
        audit.record(user, "brand.view_covert", item, object_repr=str(item), changes={"lab": lab})
    fakes = list(item.fakes.all())
    case = _case(request)
    return render(
        request,
        "brands/product.html",
        {
            "product": item,
            "covert": covert,
            "lab": lab,
            "can_edit": policy.can(user, "edit", item),
            "can_ask": seat(user) is None and item.holder.status == HolderStatus.VERIFIED,
            "is_holder": seat(user) is not None,
            "holder_rate": answer_rate([item.holder_id]).get(item.holder_id),
            "case": case,
            "ask_reference": request.POST.get("case_reference") or (case.reference if case else ""),
            "prefix": prefix_note(item.gtin),
            "photos": lookup.photos(item),
            "sellers": lookup.sellers(
                item, user.agency.area.province or user.agency.area if user.agency else None
            ),
            "prices": list(item.prices.all()),
            "fakes": fakes,
            "fake_photos": lookup.fake_photos(fakes),
            "watches": lookup.live_watches(item),
            "groups": GoodsGroup.objects.order_by("sort_order", "name"),
            "titles": item.holder.titles.all(),
            "roles": SellerRole.choices,
            "channels": Channel.choices,
            "provinces": _provinces(),
            "post": request.POST if request.method == "POST" else {},
            "requests": policy.visible(user, "view", VerificationRequest)
            .filter(product=item)
            .select_related("case")[:20],
            "menu_active": "brands",
        },
    )


@login_required
def product_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    s = seat(user)
    if s is None:
        raise PermissionDenied
    if request.method == "POST":
        try:
            item = services.save_product(user, _product_input(request, s.holder))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Đã đăng ký sản phẩm: hãy thêm người bán được ủy quyền, giá và ảnh."))
            if item.disputed:
                messages.warning(
                    request,
                    _(
                        "Mã vạch này đã được một chủ thể quyền khác đăng ký: Văn phòng Thường trực đã "
                        "được báo để xác minh."
                    ),
                )
            return redirect("brands:product", pk=item.pk)
    return render(
        request,
        "brands/product_form.html",
        {
            "holder": s.holder,
            "can_edit": policy.can(user, "edit", Product),
            "groups": GoodsGroup.objects.order_by("sort_order", "name"),
            "titles": s.holder.titles.all(),
            "post": request.POST if request.method == "POST" else {},
            "menu_active": "brands",
        },
    )


def answer_rate(holder_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Per holder: requests, those due (answered, or past their day), answered on time, the share
    of the due ones answered on time (a request not yet due counts for nothing), the median
    hours to answer, open late, and `low` (below 80 %: the holder loses its priority)."""
    rows = VerificationRequest.objects.all()
    if holder_ids is not None:
        rows = rows.filter(holder_id__in=holder_ids)
    today = timezone.localdate()
    out: dict[int, dict[str, Any]] = {}
    for r in rows.values("holder_id", "asked_at", "answered_at", "due_on"):
        s = out.setdefault(
            r["holder_id"],
            {"asked": 0, "due": 0, "answered": 0, "on_time": 0, "late_open": 0, "waiting": 0, "hours": []},
        )
        s["asked"] += 1
        if r["answered_at"] is not None:
            s["due"] += 1
            s["answered"] += 1
            s["on_time"] += timezone.localdate(r["answered_at"]) <= r["due_on"]
            s["hours"].append((r["answered_at"] - r["asked_at"]).total_seconds() / 3600)
        elif today > r["due_on"]:
            s["due"] += 1
            s["late_open"] += 1
        else:
            s["waiting"] += 1
    for s in out.values():
        s["rate"] = round(100 * s["on_time"] / s["due"]) if s["due"] else None
        s["low"] = s["rate"] is not None and s["rate"] < 80
        s["median_hours"] = round(statistics.median(s["hours"]), 1) if s["hours"] else None
    return out


def _member_action(u: Any, holder: RightsHolder, r: AuthedRequest) -> Any:
    return services.add_member(
        u,
        holder,
        username=r.POST.get("username", ""),
        full_name=r.POST.get("full_name", ""),
        email=r.POST.get("email", ""),
        password=r.POST.get("password", ""),
    )


def _upload(u: Any, h: RightsHolder, r: AuthedRequest) -> tuple[int, int]:
    upload = r.FILES.get("sheet")
    if upload is None:
        raise ValidationError(_("Hãy chọn tệp XLSX hoặc CSV theo mẫu."))
    return services.upload_products(u, upload, upload.name or "")


HOLDER_ACTIONS: dict[str, Action] = {
    "upload": Action(
        _upload,
        lambda done: (
            _("Đã nhập bảng tính: %(c)s sản phẩm mới, %(u)s sản phẩm cập nhật.")
            % {"c": done[0], "u": done[1]}
        ),
    ),
    "member": Action(_member_action, gettext_lazy("Đã thêm người dùng.")),
    "remove_member": Action(
        lambda u, h, r: services.remove_member(
            u, h, get_object_or_404(h.members.select_related("user"), user_id=r.POST.get("user") or 0).user
        ),
        gettext_lazy("Đã gỡ người dùng."),
    ),
    "title": Action(
        lambda u, h, r: services.add_title(u, h, services.TitleInput.typed(r.POST)),
        gettext_lazy("Đã thêm văn bằng."),
    ),
    "check_titles": Action(
        lambda u, h, r: services.check_titles(u, h), gettext_lazy("Đã ghi việc đối chiếu.")
    ),
    "verify": Action(
        lambda u, h, r: services.verify(
            u,
            h,
            answer_days=_days(r),
            lab_agencies=list(Agency.objects.filter(code__in=r.POST.getlist("lab"))),
        ),
        gettext_lazy("Đã xác minh và kích hoạt tài khoản chủ thể quyền."),
    ),
    "refuse": Action(
        lambda u, h, r: services.refuse(u, h, r.POST.get("reason", "")), gettext_lazy("Đã ghi quyết định.")
    ),
    "terms": Action(
        lambda u, h, r: services.set_terms(
            u,
            h,
            answer_days=_days(r),
            lab_agencies=list(Agency.objects.filter(code__in=r.POST.getlist("lab"))),
        )
    ),
}


def _days(r: AuthedRequest) -> int:
    raw = r.POST.get("answer_days", "")
    if not raw.strip().isdigit():
        raise ValidationError({"answer_days": _("Thời hạn trả lời từ 1 đến 15 ngày làm việc.")})
    return int(raw)


def mentions(holder: RightsHolder) -> dict[str, Any]:
    """The cases naming the holder's brands, as counts by province and month, with the goods'
    value, and the sanction decisions published on the portal for them (public already)."""
    rows = BrandMention.objects.filter(holder=holder)
    by_place = list(
        rows.values("case__province__name")
        .annotate(cases=Count("case", distinct=True), value=Sum("value_vnd"))
        .order_by("-cases", "case__province__name")
    )
    by_month = list(
        rows.annotate(month=TruncMonth("case__detected_on"))
        .values("month")
        .annotate(cases=Count("case", distinct=True))
        .order_by("-month")[:12]
    )
    notices = Notice.objects.live().filter(sanction__case__in=rows.values("case"))
    return {
        "cases": rows.values("case").distinct().count(),
        "value": rows.aggregate(v=Sum("value_vnd"))["v"] or 0,
        "by_place": by_place,
        "by_month": by_month,
        "notices": list(notices.order_by("-published_on")[:20]),
    }


def _holder_page(request: AuthedRequest, holder: RightsHolder, template: str) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        action = request.POST.get("action", "")
        if perform(request, HOLDER_ACTIONS, action, holder).ok:
            return redirect(request.path)
    holder.refresh_from_db()
    reqs = VerificationRequest.objects.filter(holder=holder).select_related("case__area", "product")
    return render(
        request,
        template,
        {
            "holder": holder,
            "titles": holder.titles.all(),
            "products": holder.products.annotate(n_sellers=Count("sellers")).order_by("brand", "name"),
            "members": holder.members.select_related("user").order_by("-is_master", "user__username"),
            "requests": reqs.order_by("answered_at", "due_on")[:50],
            "open_requests": reqs.filter(answered_at__isnull=True).count(),
            "rate": answer_rate([holder.pk]).get(holder.pk),
            "viewer_is_holder": seat(user) is not None,
            "conflicts": services.conflicts(holder) if verifier(user) else [],
            "unchecked": holder.titles.filter(checked_at__isnull=True).exists(),
            "mentions": mentions(holder),
            "api_clients": policy.visible(user, "manage", ApiClient)
            .filter(holder=holder)
            .order_by("-created_at"),
            "can_manage": policy.can(user, "manage_users", holder),
            "can_verify": policy.can(user, "verify", holder),
            "can_edit": policy.can(user, "edit", Product),
            "today": timezone.localdate(),
            "kinds": TitleKind.choices,
            "agencies": Agency.objects.filter(
                kind__in=LAB_KINDS, area__kind__in=[AreaKind.NATIONAL, AreaKind.PROVINCE]
            ).order_by("area__kind", "kind", "name"),
            "lab": set(holder.lab_agencies.values_list("code", flat=True)),
            "post": request.POST if request.method == "POST" else {},
            "menu_active": "brands",
        },
    )


TOKEN_ONCE = "brands.api_token.{}"


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """A rights holder's home: its status, products, requests to answer, users, its systems."""
    s = seat(request.user)
    if s is None:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") in ("api_client", "api_revoke"):
        return _api_client(request, s.holder)
    return _holder_page(request, s.holder, "brands/mine.html")


def _api_client(request: AuthedRequest, holder: RightsHolder) -> HttpResponse:
    """The master user registers the holder's system (its token shown once, on a page of its
    own) or revokes one."""
    p = request.POST
    try:
        if p.get("action") == "api_revoke":
            client = get_object_or_404(
                policy.visible(request.user, "manage", ApiClient), pk=p.get("client") or 0
            )
            api_services.revoke(request.user, client, p.get("reason", ""))
            messages.success(request, _("Đã thu hồi khoá."))
            return redirect("brands:mine")
        client, token = api_services.register_holder_client(
            request.user,
            holder,
            name=p.get("api_name", ""),
            contact=p.get("api_contact", ""),
            expires_on=parse_date(p.get("api_expires_on", "")) or timezone.localdate(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("brands:mine")
    request.session[TOKEN_ONCE.format(client.pk)] = token
    return redirect("brands:api_token", pk=client.pk)


@login_required
def api_token(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(policy.visible(request.user, "manage", ApiClient), pk=pk)
    token = request.session.pop(TOKEN_ONCE.format(client.pk), None)
    return render(
        request, "brands/api_token.html", {"client": client, "token": token, "menu_active": "brands"}
    )


@login_required
def upload_template(request: AuthedRequest) -> HttpResponse:
    if seat(request.user) is None:
        raise PermissionDenied
    response = HttpResponse(
        services.upload_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-san-pham.xlsx"'
    return response


@login_required
def holders(request: AuthedRequest) -> HttpResponse:
    """The national office's list: applications first, then every holder with its answer rate."""
    if not verifier(request.user):
        raise PermissionDenied
    rows = list(
        policy.visible(request.user, "view", RightsHolder)
        .annotate(
            n_products=Count("products", distinct=True),
            n_disputed=Count("products", filter=Q(products__disputed=True), distinct=True),
        )
        .order_by("status", "name")
    )
    rates = answer_rate([h.pk for h in rows])
    order = {
        HolderStatus.PENDING: 0,
        HolderStatus.VERIFIED: 1,
        HolderStatus.SUSPENDED: 2,
        HolderStatus.REFUSED: 3,
    }
    rows.sort(key=lambda h: (order.get(h.status, 9), h.name))
    for h in rows:
        h.rate = rates.get(h.pk)
    disputed = (
        Product.objects.filter(disputed=True).select_related("holder").order_by("gtin", "holder__name")[:100]
    )
    codes = [h.tax_code for h in rows if h.tax_code and h.status != HolderStatus.REFUSED]
    twice = {c for c in codes if codes.count(c) > 1}
    return render(
        request,
        "brands/holders.html",
        {"holders": rows, "disputed": disputed, "twice": twice, "menu_active": "brands"},
    )


@login_required
def holder(request: AuthedRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(RightsHolder, pk=pk)
    policy.require(request.user, "view", found)
    return _holder_page(request, found, "brands/holder.html")


ANSWER_ACTIONS: dict[str, Action] = {
    "answer": Action(
        lambda u, o, r: services.answer(u, o, verdict=r.POST.get("verdict", ""), note=r.POST.get("note", "")),
        gettext_lazy("Đã gửi trả lời: câu trả lời được đưa vào hồ sơ vụ việc."),
    ),
}


@login_required
def request_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """A verification request: what was asked (the case's reference and area only, never its
    officers' names or informants), the photos, and the holder's answer."""
    item = get_object_or_404(
        VerificationRequest.objects.select_related("case__area", "product", "holder"), pk=pk
    )
    policy.require(request.user, "view", item)
    if request.method == "POST" and perform(request, ANSWER_ACTIONS, request.POST.get("action", ""), item).ok:
        return redirect("brands:request", pk=item.pk)
    return render(
        request,
        "brands/request.html",
        {
            "item": item,
            "photos": lookup.photos(item),
            "can_answer": policy.can(request.user, "answer", item),
            "answers": Answer.choices,
            "is_holder": seat(request.user) is not None,
            "menu_active": "brands",
        },
    )
