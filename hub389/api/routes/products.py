"""Genuine products: the agencies' systems look a product up by its barcode or words of its name
(what an officer's page shows: the covert features, the laboratory ones to the agencies the
holder named); a rights holder's system keeps its catalogue current, one product at a time by
its own product code (created or corrected, a second holder's GTIN flagged, never overwritten)."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api import idempotency
from hub389.api.auth import ClientToken, actor
from hub389.api.fields import Len
from hub389.api.schemas import ERRORS, WRITE_ERRORS
from hub389.audit import services as audit
from hub389.brands import lookup, services
from hub389.brands.models import Product
from hub389.registry.models import GoodsGroup

router = Router(tags=["products"])


class SellerOut(Schema):
    role: str
    name: str
    tax_code: str
    province: str


class PriceOut(Schema):
    channel: str
    low: int
    high: int
    unit: str


class ProductOut(Schema):
    id: int
    holder: str
    brand: str
    name: str
    variant: str
    gtin: str
    external_id: str
    goods_group: str
    public_features: str
    officer_features: str | None = Constraint(None, description="officers of any agency, and the holder")
    lab_features: str | None = Constraint(None, description="the agencies the holder named, and the holder")
    disputed: bool
    sellers: list[SellerOut]
    prices: list[PriceOut]


class ProductQuery(Schema):
    q: Annotated[str, Len(120)] = Constraint(
        ..., description="a barcode (GTIN-13 / GTIN-8) or words of the name"
    )
    limit: int = Constraint(20, ge=1, le=50)


def _out(user: Any, p: Product) -> dict[str, Any]:
    return {
        "id": p.pk,
        "holder": p.holder.name,
        "brand": p.brand,
        "name": p.name,
        "variant": p.variant,
        "gtin": p.gtin,
        "external_id": p.external_id,
        "goods_group": p.goods_group.code if p.goods_group else "",
        "public_features": p.public_features,
        "officer_features": p.officer_features if policy.can(user, "covert", p) else None,
        "lab_features": p.lab_features if policy.can(user, "lab", p) else None,
        "disputed": p.disputed,
        "sellers": [
            {
                "role": s.role,
                "name": s.name,
                "tax_code": s.tax_code,
                "province": s.province.code if s.province else "",
            }
            for s in p.sellers.all()
        ],
        "prices": [
            {"channel": x.channel, "low": x.low, "high": x.high, "unit": x.unit} for x in p.prices.all()
        ],
    }


@router.get(
    "/products",
    auth=ClientToken("products:read"),
    response={200: list[ProductOut], **ERRORS},
    summary="Tra cứu sản phẩm chính hãng theo mã vạch hoặc tên",
)
def search(request: HttpRequest, filters: Query[ProductQuery]) -> list[dict[str, Any]]:
    found = lookup.find(policy.visible(request.user, "view", Product), filters.q, limit=filters.limit)
    if found.error:
        raise ValidationError({"q": found.error})
    ids = [p.pk for p in found.products]
    rows = (
        Product.objects.filter(pk__in=ids)
        .select_related("holder", "goods_group")
        .prefetch_related("sellers__province", "prices", "holder__lab_agencies")
    )
    by_id = {p.pk: p for p in rows}
    out = [_out(request.user, by_id[i]) for i in ids]
    covert = [o["id"] for o in out if o["officer_features"] is not None]
    if covert:  # as on the product page: a read of the covert features is audited
        audit.record(
            request.user,
            "brand.view_covert",
            object_type="brands.product",
            object_repr=f"{len(covert)} sản phẩm (API)",
            changes={"products": covert},
        )
    return out


class ProductIn(Schema):
    brand: Annotated[str, Len(120)]
    name: Annotated[str, Len(200)]
    variant: Annotated[str, Len(200)] = ""
    gtin: Annotated[str, Len(20)] = ""
    goods_group: Annotated[str, Len(40)] = ""
    packaging: Annotated[str, Len(2000)] = ""
    public_features: Annotated[str, Len(4000)] = ""
    officer_features: Annotated[str, Len(4000)] = ""
    lab_features: Annotated[str, Len(4000)] = ""


@router.put(
    "/products/{external_id}",
    auth=ClientToken("products:write"),
    response={200: ProductOut, 201: ProductOut, **WRITE_ERRORS},
    summary="Tạo hoặc cập nhật một sản phẩm theo mã sản phẩm của doanh nghiệp (chủ thể quyền)",
)
def put(request: HttpRequest, external_id: Annotated[str, Len(64)], body: ProductIn) -> Status[Any]:
    def work() -> tuple[int, dict[str, Any]]:
        user = actor(request)
        existing = policy.visible(user, "view", Product).filter(external_id=external_id).first()
        group = GoodsGroup.objects.filter(code=body.goods_group).first() if body.goods_group else None
        data = services.ProductInput(
            **body.model_dump(exclude={"goods_group"}), goods_group=group, external_id=external_id
        )
        if existing is not None:
            data.title = existing.title  # the IP title is chosen on the page, not sent by a system
        saved = services.save_product(user, data, existing)
        return (200 if existing else 201), _out(
            user, Product.objects.select_related("holder", "goods_group").get(pk=saved.pk)
        )

    return idempotency.run(request, work)
