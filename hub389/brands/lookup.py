"""Finding a product by what an officer or a citizen has in hand: the barcode (typed or read by
the phone's camera), or words of the brand and name, with or without diacritics. One indexed
query either way (the GTIN column; the folded `search` column, with a full-text index on
PostgreSQL: every word typed must be there, the last as a prefix), so a look-up stays fast over
a million products (bench/brands.py)."""

import re
from dataclasses import dataclass, field
from typing import Any

import zxingcpp
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hub389.attachments.models import Attachment
from hub389.brands.gtin import clean_gtin, looks_like_gtin, prefix_note
from hub389.brands.models import HolderStatus, KnownFake, Product, Seller, Watch
from hub389.lib.text import fold

LIMIT = 20


@dataclass
class Found:
    query: str
    products: list[Product] = field(default_factory=list)
    gtin: str = ""
    error: str = ""
    prefix: str = ""
    more: bool = False
    links: dict[int, str] = field(default_factory=dict)  # where each product opens, if not the default
    checksum: bool = False  # a barcode whose check digit is wrong (itself a sign of a fake)

    @property
    def by_barcode(self) -> bool:
        return bool(self.gtin)


PHOTO_PIXELS = 40_000_000  # a phone's 12 MP photo with room; anything larger is refused


def read_photo(upload: Any) -> str:
    """The barcode (EAN-13, EAN-8, UPC-A as its GTIN-13) in a photo of a package, read with
    zxing-cpp; a ValidationError that says how to take a better photo otherwise."""
    if upload is None:
        raise ValidationError(_("Hãy chọn hoặc chụp ảnh mã vạch."))
    try:
        with Image.open(upload) as img:
            if img.width * img.height > PHOTO_PIXELS:
                raise ValidationError(_("Ảnh quá lớn."))
            gray = ImageOps.exif_transpose(img).convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Tệp không phải là ảnh (chỉ nhận JPG, PNG, WEBP).")) from exc
    formats = zxingcpp.BarcodeFormats(
        [zxingcpp.BarcodeFormat.EAN13, zxingcpp.BarcodeFormat.EAN8, zxingcpp.BarcodeFormat.UPCA]
    )
    for code in zxingcpp.read_barcodes(gray, formats=formats):
        digits = code.text
        if code.format == zxingcpp.BarcodeFormat.UPCA and len(digits) == 12:
            digits = "0" + digits
        if digits.isdigit() and len(digits) in (8, 13):
            return digits
    raise ValidationError(
        _(
            "Không đọc được mã vạch trong ảnh: chụp gần hơn, đủ sáng, mã vạch thẳng và rõ nét, "
            "hoặc gõ các chữ số."
        )
    )


def public_products() -> QuerySet[Product]:
    """What a citizen may look up: the products of verified holders."""
    return Product.objects.filter(holder__status=HolderStatus.VERIFIED)


def find(rows: QuerySet[Product], text: str, limit: int = LIMIT) -> Found:
    text = " ".join(text.split())[:120]
    found = Found(query=text)
    if not text:
        return found
    rows = rows.select_related("holder")
    if looks_like_gtin(text):
        try:
            found.gtin = clean_gtin(text)
        except ValidationError as exc:
            found.error = exc.messages[0]
            found.checksum = exc.error_list[0].code == "checksum"
            return found
        found.prefix = prefix_note(found.gtin)
        found.products = list(rows.filter(gtin=found.gtin).order_by("pk")[:limit])
        return found
    words = [w for w in re.split(r"[^a-z0-9]+", fold(text)) if len(w) >= 2][:6]
    if not words:
        return found
    if connection.vendor == "postgresql":
        # Every word, the last one as a prefix (still being typed), over the full-text index.
        query = " & ".join([*words[:-1], f"{words[-1]}:*"])
        rows = rows.annotate(words=SearchVector("search", config="simple")).filter(
            words=SearchQuery(query, search_type="raw", config="simple")
        )
    else:
        for word in words:
            rows = rows.filter(search__contains=word)
    # The first matches the index gives, sorted here: ordering every match of a common pair of
    # words ("sua bot": a tenth of a million products) would read them all. More than `limit`
    # means the reader should type more (`more`).
    if connection.vendor == "postgresql":
        # With a LIMIT and no order, the planner may hope to meet matches early in a sequential
        # scan; for a rare pair of words that is a scan of the whole table. The index always.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
            hits = list(rows.order_by()[: limit + 1])
    else:
        hits = list(rows.order_by()[: limit + 1])
    found.more = len(hits) > limit
    found.products = sorted(hits[:limit], key=lambda p: (p.brand, p.name, p.pk))
    return found


def photos(owner: Any) -> list[Attachment]:
    kind = ContentType.objects.get_for_model(type(owner))
    return list(Attachment.objects.filter(owner_type=kind, owner_id=str(owner.pk)).order_by("pk"))


def fake_photos(fakes: list[KnownFake]) -> dict[int, list[Attachment]]:
    kind = ContentType.objects.get_for_model(KnownFake)
    rows = Attachment.objects.filter(owner_type=kind, owner_id__in=[str(f.pk) for f in fakes]).order_by("pk")
    out: dict[int, list[Attachment]] = {}
    for a in rows:
        out.setdefault(int(a.owner_id), []).append(a)
    return out


def sellers(product: Product, province: Any = None) -> list[Seller]:
    """Authorised sellers, those of the reader's province first."""
    rows = list(product.sellers.select_related("province").order_by("role", "name"))
    if province is not None:
        rows.sort(key=lambda s: (s.province_id not in (None, province.pk), s.province_id is None))
    return rows


def live_watches(product: Product) -> list[Watch]:
    today = timezone.localdate()
    return [
        w
        for w in product.watches.filter(
            withdrawn_at__isnull=True, starts_on__lte=today, ends_on__gte=today
        ).prefetch_related("provinces")
    ]
