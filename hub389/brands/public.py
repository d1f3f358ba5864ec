"""The citizen's side (/hang-that/): check a product by its barcode or name (the public
features, authorised sellers near the citizen, the usual price, known fakes), "Tôi nghi hàng
giả" to a tip form prefilled with the product, and the rights holders' application. No
account, no cookie beyond the language; the look-ups are not logged with an address."""

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hub389.attachments.models import Attachment
from hub389.audit.context import current_ip
from hub389.brands import lookup, services
from hub389.brands.gtin import prefix_note
from hub389.brands.models import HolderKind, KnownFake, Product, TitleKind
from hub389.registry.models import Area, AreaKind


def _province(request: HttpRequest) -> Area | None:
    code = request.GET.get("tinh", "")
    return Area.objects.filter(kind=AreaKind.PROVINCE, code=code).first() if code else None


def check(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":  # a photo of the barcode (no camera reader in the browser)
        try:
            code = lookup.read_photo(request.FILES.get("photo"))
            return redirect(f"{reverse('brands_public:check')}?{urlencode({'q': code})}")
        except ValidationError as exc:
            found = lookup.Found(query="", error=exc.messages[0])
    else:
        found = lookup.find(lookup.public_products(), request.GET.get("q", ""))
    tip = ""
    if found.checksum or (found.by_barcode and not found.products):
        tip = code_tip_link(found.gtin or "".join(c for c in found.query if c.isdigit()), found.checksum)
    return render(
        request,
        "brands/public_check.html",
        {
            "found": found,
            "tip_url": tip,
            "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
            "province": _province(request),
        },
    )


def code_tip_link(code: str, wrong: bool) -> str:
    """The tip form for a barcode that is not registered, or printed with a wrong check digit."""
    with translation.override("vi"):  # what the tip keeps is in Vietnamese, whoever types it
        summary = _("Nghi hàng giả: mã vạch %(c)s") % {"c": code}
        why = _("sai chữ số kiểm tra") if wrong else _("chưa có trong cơ sở dữ liệu hàng thật")
        description = _("Sản phẩm có mã vạch %(c)s (%(why)s). Tên sản phẩm, nơi bán: ") % {
            "c": code,
            "why": why,
        }
    return f"{reverse('tips_public:submit')}?{urlencode({'summary': summary, 'description': description})}"


def tip_link(product: Product, province: Area | None = None) -> str:
    """The tip form, prefilled with the product (the citizen still says where and what)."""
    with translation.override("vi"):  # what the tip keeps is in Vietnamese, whoever types it
        query: dict[str, str] = {
            "summary": (_("Nghi hàng giả: %(p)s") % {"p": str(product)})[:200],
            "description": _(
                "Sản phẩm %(p)s, mã vạch %(gtin)s, chủ thể quyền %(holder)s. Tôi nghi hàng giả vì: "
            )
            % {"p": str(product), "gtin": product.gtin or "—", "holder": product.holder.name},
        }
    if product.goods_group_id:
        query["goods_group"] = product.goods_group.code  # type: ignore[union-attr]
    if province is not None:
        query["province"] = province.code
    return f"{reverse('tips_public:submit')}?{urlencode(query)}"


def product(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(lookup.public_products().select_related("holder", "goods_group"), pk=pk)
    province = _province(request)
    fakes = list(item.fakes.all())
    return render(
        request,
        "brands/public_product.html",
        {
            "product": item,
            "prefix": prefix_note(item.gtin),
            "photos": lookup.photos(item),
            "sellers": lookup.sellers(item, province),
            "prices": list(item.prices.all()),
            "fakes": fakes,
            "fake_photos": lookup.fake_photos(fakes),
            "tip_url": tip_link(item, province),
            "near": any(s.province_id == province.pk for s in item.sellers.all()) if province else False,
            "province": province,
            "provinces": Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
        },
    )


def photo(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    """A photo of a verified holder's product or of one of its known fakes."""
    item = get_object_or_404(lookup.public_products(), pk=pk)
    owners = [item, *KnownFake.objects.filter(product=item)]
    allowed = {a.pk: a for o in owners for a in lookup.photos(o)}
    attachment: Attachment | None = allowed.get(photo)
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Cache-Control"] = "public, max-age=3600"
    return response


FIELDS = (
    "kind",
    "name",
    "country",
    "tax_code",
    "address",
    "clients",
    "contact_name",
    "contact_phone",
    "contact_email",
    "username",
    "title_kind",
    "title_number",
    "title_owner",
    "title_classes",
    "title_office",
    "title_valid_until",
)


def apply(request: HttpRequest) -> HttpResponse:
    """A rights holder (or its representative) applies for an account."""
    errors: dict[str, Any] = {}
    if request.method == "POST":
        token = current_ip.set(None)
        p = request.POST
        try:
            holder = services.apply(
                services.Application(
                    kind=p.get("kind", ""),
                    name=p.get("name", ""),
                    country=p.get("country", ""),
                    tax_code=p.get("tax_code", ""),
                    address=p.get("address", ""),
                    clients=p.get("clients", ""),
                    contact_name=p.get("contact_name", ""),
                    contact_phone=p.get("contact_phone", ""),
                    contact_email=p.get("contact_email", ""),
                    username=p.get("username", ""),
                    password=p.get("password", ""),
                    title=services.TitleInput.typed(p),
                )
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        else:
            # the name the page repeats is the one just saved, never one from the address
            request.session["brands.applied"] = holder.name[:200]
            return redirect("brands_public:applied")
        finally:
            current_ip.reset(token)
    values = (
        {k: request.POST.get(k, "") for k in FIELDS}
        if request.method == "POST"
        else {"kind": HolderKind.OWNER}
    )
    return render(
        request,
        "brands/apply.html",
        {"errors": errors, "v": values, "kinds": HolderKind.choices, "title_kinds": TitleKind.choices},
        status=400 if errors else 200,
    )


def applied(request: HttpRequest) -> HttpResponse:
    name = request.session.pop("brands.applied", "")
    return render(request, "brands/applied.html", {"name": name})
