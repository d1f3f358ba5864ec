"""Every write on rights holders and products. Each opens its transaction, re-reads and locks
the row it changes, checks the policy on it, validates (messages in Vietnamese, nothing saved),
saves, audits and says what it triggers: the national office is told of an application and of
a GTIN claimed twice; the holder of a verification request; the case's agency of the answer,
which joins the case's timeline. A refusal by the policy is audited too (`_refuse`)."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.attachments.images import scrub_image
from hub389.attachments.models import Attachment
from hub389.attachments.services import attach, sniff
from hub389.audit import services as audit
from hub389.brands.gtin import clean_gtin
from hub389.brands.models import (
    Answer,
    Channel,
    HolderKind,
    HolderStatus,
    HolderUser,
    IPTitle,
    KnownFake,
    Price,
    Product,
    RightsHolder,
    Seller,
    SellerRole,
    TitleKind,
    VerificationRequest,
    Watch,
)
from hub389.cases.models import Case
from hub389.cases.services import add_event
from hub389.lib.dates import parse_date
from hub389.lib.locale import in_vietnamese
from hub389.lib.text import fold
from hub389.notifications.services import notify_agency, notify_users
from hub389.registry.models import Agency, AgencyKind, Area, AreaKind, GoodsGroup, SteeringCommittee
from hub389.registry.workdays import add_working_days
from hub389.subjects import services as subjects
from hub389.subjects.identifiers import clean_tax_code
from hub389.subjects.models import Source, SubjectKind

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


class Refused(PermissionDenied):
    """A refusal by the policy, audited by `audited` once the service's transaction is gone."""

    def __init__(self, actor: Any, action: str, obj: Any, what: str) -> None:
        super().__init__(what)
        self.actor, self.action, self.obj, self.what = actor, action, obj, what


def audited[T](func: Callable[..., T]) -> Callable[..., T]:
    """Audit a refused attempt after the service's transaction has rolled back (an entry written
    inside it would roll back with it), then let the refusal through."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except Refused as exc:
            actor = exc.actor if getattr(exc.actor, "pk", None) else None
            audit.record(actor, f"{exc.action}.refused", exc.obj, reason=exc.what[:500])
            raise

    return wrapper


def _refuse(actor: Any, action: str, obj: Any, what: str) -> None:
    raise Refused(actor, action, obj, what)


def _require(actor: Any, action: str, obj: Any, what: str = "") -> None:
    if not policy.can(actor, action, obj):
        target = obj if not isinstance(obj, type) else None
        _refuse(actor, f"brand.{action}", target, what or _("Bạn không có quyền thực hiện thao tác này."))


def _office_users() -> Any:
    national = SteeringCommittee.objects.filter(level="national").values("standing_office_id")
    return User.objects.officers().filter(agency_id__in=national, role=Role.STANDING_OFFICE)


def _members(holder: RightsHolder) -> Any:
    return User.objects.filter(is_active=True, holder_seat__holder=holder)


# -- applying and verifying
@dataclass
class TitleInput:
    kind: str
    number: str
    owner: str
    valid_until: datetime.date | None
    classes: str = ""
    office: str = "Cục Sở hữu trí tuệ"
    typed_date: str = ""  # as typed, to tell an impossible date from an empty one

    @classmethod
    def typed(cls, data: Any) -> "TitleInput":
        """From a form's fields as typed (`title_kind`, `title_number`, ... `title_valid_until`)."""
        day = data.get("title_valid_until", "")
        return cls(
            kind=data.get("title_kind", ""),
            number=data.get("title_number", ""),
            owner=data.get("title_owner", ""),
            valid_until=parse_date(day),
            typed_date=day,
            classes=data.get("title_classes", ""),
            office=data.get("title_office", ""),
        )


@dataclass
class Application:
    kind: str
    name: str
    contact_name: str
    contact_phone: str
    contact_email: str
    username: str
    password: str
    title: TitleInput
    country: str = "Việt Nam"
    tax_code: str = ""
    address: str = ""
    clients: str = ""


def _title_errors(t: TitleInput, today: datetime.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if t.kind not in TitleKind.values:
        errors["title_kind"] = _("Hãy chọn loại văn bằng.")
    if len(t.number.strip()) < 3:
        errors["title_number"] = _("Hãy nhập số văn bằng bảo hộ (ví dụ 4-0312345-000).")
    if len(t.owner.strip()) < 2:
        errors["title_owner"] = _("Hãy nhập chủ văn bằng như ghi trên văn bằng.")
    if t.valid_until is None and t.typed_date.strip():
        errors["title_valid_until"] = _(
            "Ngày “%(d)s” không đọc được: viết ngày/tháng/năm, ví dụ 31/12/2030."
        ) % {"d": t.typed_date.strip()[:20]}
    elif t.valid_until is None:
        errors["title_valid_until"] = _("Hãy nhập ngày hết hiệu lực của văn bằng (dd/mm/yyyy).")
    elif t.valid_until < today:
        errors["title_valid_until"] = _(
            "Văn bằng đã hết hiệu lực từ ngày %(day)s: hãy gia hạn trước khi đăng ký."
        ) % {"day": t.valid_until.strftime("%d/%m/%Y")}
    return errors


def _account_errors(username: str, password: str, errors: dict[str, str]) -> str:
    """The username as kept (lower case); its and the password's problems added to `errors`."""
    username = username.strip().lower()
    if len(username) < 3 or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        errors["username"] = _("Tên đăng nhập từ 3 ký tự: chữ không dấu, số, dấu chấm hoặc gạch.")
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("Tên đăng nhập này đã có người dùng: hãy chọn tên khác.")
    try:
        validate_password(password, User(username=username))
    except ValidationError as exc:
        errors["password"] = " ".join(exc.messages)
    return username


def apply(data: Application) -> RightsHolder:
    """A rights holder (or its representative) applies; nobody is signed in. The master user is
    created with the application and can sign in to see it waiting; nothing else is open to it
    until the national office verifies the holder."""
    errors: dict[str, str] = {}
    if data.kind not in HolderKind.values:
        errors["kind"] = _("Hãy chọn chủ sở hữu quyền hay tổ chức đại diện.")
    if len(data.name.strip()) < 2:
        errors["name"] = _("Hãy nhập tên chủ thể quyền.")
    if data.kind == HolderKind.REPRESENTATIVE and not data.clients.strip():
        errors["clients"] = _("Tổ chức đại diện hãy ghi các chủ sở hữu quyền mà mình đại diện.")
    tax_code = ""
    if data.tax_code.strip():
        try:
            tax_code = clean_tax_code(data.tax_code)
        except ValidationError as exc:
            errors["tax_code"] = exc.messages[0]
    elif fold(data.country or "Việt Nam") in ("viet nam", "vietnam"):
        errors["tax_code"] = _("Doanh nghiệp Việt Nam hãy nhập mã số thuế.")
    if (
        tax_code
        and RightsHolder.objects.filter(tax_code=tax_code).exclude(status=HolderStatus.REFUSED).exists()
    ):
        errors["tax_code"] = _(
            "Mã số thuế này đã có tài khoản chủ thể quyền: người dùng chính của tài khoản đó thêm được "
            "người dùng mới; nếu không biết ai, hãy liên hệ Văn phòng Thường trực."
        )
    if len(data.contact_name.strip()) < 2:
        errors["contact_name"] = _("Hãy nhập người liên hệ.")
    if sum(c.isdigit() for c in data.contact_phone) < 8:
        errors["contact_phone"] = _("Hãy nhập số điện thoại liên hệ được cả ngoài giờ (24/7).")
    if "@" not in data.contact_email:
        errors["contact_email"] = _("Địa chỉ thư điện tử không hợp lệ.")
    username = _account_errors(data.username, data.password, errors)
    errors.update(_title_errors(data.title, timezone.localdate()))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        holder = RightsHolder.objects.create(
            kind=data.kind,
            name=data.name.strip(),
            country=data.country.strip() or "Việt Nam",
            tax_code=tax_code,
            address=data.address.strip(),
            clients=data.clients.strip(),
            contact_name=data.contact_name.strip(),
            contact_phone=data.contact_phone.strip(),
            contact_email=data.contact_email.strip(),
        )
        _add_title(holder, data.title)
        user = User.objects.create_user(
            username,
            data.contact_email.strip(),
            data.password,
            full_name=data.contact_name.strip(),
            role=Role.RIGHTS_HOLDER,
        )
        HolderUser.objects.create(holder=holder, user=user, is_master=True)
        audit.record(None, "brand.apply", holder, object_repr=holder.name)
        notify_users(
            _office_users(),
            f"Đề nghị cấp tài khoản chủ thể quyền: {holder.name}",
            url=f"/brands/holders/{holder.pk}/",
        )
    return holder


def _add_title(holder: RightsHolder, t: TitleInput) -> IPTitle:
    assert t.valid_until is not None
    return IPTitle.objects.create(
        holder=holder,
        kind=t.kind,
        number=t.number.strip(),
        owner=t.owner.strip(),
        classes=t.classes.strip(),
        office=t.office.strip() or "Cục Sở hữu trí tuệ",
        valid_until=t.valid_until,
    )


def _lock(holder: RightsHolder) -> RightsHolder:
    return RightsHolder.objects.select_for_update(of=("self",)).get(pk=holder.pk)


@audited
def verify(
    actor: User, holder: RightsHolder, *, answer_days: int = 3, lab_agencies: list[Agency] | None = None
) -> RightsHolder:
    """The national office checked the titles against the IP Office's register: the holder is
    verified and its users may work. Refused when no title is valid today."""
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "verify", holder)
        if holder.status == HolderStatus.VERIFIED:
            raise ValidationError(_("Chủ thể quyền này đã được xác minh."))
        today = timezone.localdate()
        if not holder.titles.filter(valid_until__gte=today).exists():
            raise ValidationError(_("Không còn văn bằng nào hiệu lực: không xác minh được."))
        if not 1 <= answer_days <= 15:
            raise ValidationError({"answer_days": _("Thời hạn trả lời từ 1 đến 15 ngày làm việc.")})
        holder.status = HolderStatus.VERIFIED
        holder.decided_at, holder.decided_by, holder.decision_note = timezone.now(), actor, ""
        holder.answer_days = answer_days
        holder.save()
        holder.titles.filter(checked_at__isnull=True).update(checked_at=timezone.now())
        if lab_agencies is not None:
            holder.lab_agencies.set(lab_agencies)
        audit.record(
            actor, "brand.verify", holder, object_repr=holder.name, changes={"answer_days": answer_days}
        )
        notify_users(_members(holder), "Tài khoản chủ thể quyền đã được xác minh", url="/brands/mine/")
    return holder


@audited
def refuse(actor: User, holder: RightsHolder, reason: str) -> RightsHolder:
    """Refuse an application or suspend a verified holder, with the reason it is told."""
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "verify", holder)
        if not reason.strip():
            raise ValidationError({"reason": _("Hãy ghi lý do.")})
        before = holder.status
        holder.status = HolderStatus.SUSPENDED if before == HolderStatus.VERIFIED else HolderStatus.REFUSED
        holder.decided_at, holder.decided_by, holder.decision_note = (
            timezone.now(),
            actor,
            reason.strip()[:500],
        )
        holder.save()
        audit.record(
            actor,
            "brand.refuse",
            holder,
            object_repr=holder.name,
            reason=holder.decision_note,
            changes={"status": [before, holder.status]},
        )
        notify_users(
            _members(holder),
            f"Tài khoản chủ thể quyền: {holder.get_status_display()}",
            body=holder.decision_note,
            url="/brands/mine/",
        )
    return holder


@audited
def set_terms(
    actor: User, holder: RightsHolder, *, answer_days: int, lab_agencies: list[Agency]
) -> RightsHolder:
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "verify", holder)
        if not 1 <= answer_days <= 15:
            raise ValidationError({"answer_days": _("Thời hạn trả lời từ 1 đến 15 ngày làm việc.")})
        before = holder.answer_days
        holder.answer_days = answer_days
        holder.save(update_fields=["answer_days"])
        holder.lab_agencies.set(lab_agencies)
        audit.record(
            actor,
            "brand.terms",
            holder,
            object_repr=holder.name,
            changes={"answer_days": [before, answer_days], "lab": [a.code for a in lab_agencies]},
        )
    return holder


@audited
def add_title(actor: User, holder: RightsHolder, t: TitleInput) -> IPTitle:
    with transaction.atomic():
        holder = _lock(holder)
        if not (policy.can(actor, "manage_users", holder) or policy.can(actor, "verify", holder)):
            _refuse(actor, "brand.add_title", holder, _("Bạn không có quyền thực hiện thao tác này."))
        errors = _title_errors(t, timezone.localdate())
        if errors:
            raise ValidationError(errors)
        if holder.titles.filter(kind=t.kind, number=t.number.strip()).exists():
            raise ValidationError({"title_number": _("Văn bằng này đã có trong hồ sơ.")})
        title = _add_title(holder, t)
        if policy.can(actor, "verify", holder):
            title.checked_at = timezone.now()
            title.save(update_fields=["checked_at"])
        else:
            notify_users(
                _office_users(),
                f"{holder.name} thêm văn bằng {title.number}: cần đối chiếu",
                url=f"/brands/holders/{holder.pk}/",
            )
        audit.record(
            actor, "brand.add_title", holder, object_repr=holder.name, changes={"title": title.number}
        )
    return title


@audited
def check_titles(actor: User, holder: RightsHolder) -> int:
    """The office has checked the titles added since the verification against the register."""
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "verify", holder)
        numbers = list(holder.titles.filter(checked_at__isnull=True).values_list("number", flat=True))
        if not numbers:
            raise ValidationError(_("Không có văn bằng nào chờ đối chiếu."))
        holder.titles.filter(checked_at__isnull=True).update(checked_at=timezone.now())
        audit.record(
            actor, "brand.check_titles", holder, object_repr=holder.name, changes={"titles": numbers}
        )
    return len(numbers)


def conflicts(holder: RightsHolder) -> list[str]:
    """What another holder's file shares with this one (a tax code, a title number): the office
    sees it before it verifies (a representative may rightly hold its client's titles)."""
    found: list[str] = []
    others = RightsHolder.objects.exclude(pk=holder.pk).exclude(status=HolderStatus.REFUSED)
    if holder.tax_code:
        for other in others.filter(tax_code=holder.tax_code):
            found.append(_("Cùng mã số thuế với %(h)s") % {"h": other.name})
    numbers = list(holder.titles.values_list("number", flat=True))
    for title in IPTitle.objects.filter(number__in=numbers, holder__in=others).select_related("holder"):
        found.append(
            _("Văn bằng %(n)s cũng có trong hồ sơ của %(h)s") % {"n": title.number, "h": title.holder.name}
        )
    return found


@audited
def add_member(
    actor: User, holder: RightsHolder, *, username: str, full_name: str, email: str, password: str
) -> User:
    """The master user adds a user (a colleague, or its representative's staff)."""
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "manage_users", holder)
        errors: dict[str, str] = {}
        username = _account_errors(username, password, errors)
        if len(full_name.strip()) < 2:
            errors["full_name"] = _("Hãy nhập họ và tên.")
        if errors:
            raise ValidationError(errors)
        user = User.objects.create_user(
            username, email.strip(), password, full_name=full_name.strip(), role=Role.RIGHTS_HOLDER
        )
        HolderUser.objects.create(holder=holder, user=user)
        audit.record(actor, "brand.add_member", holder, object_repr=holder.name, changes={"user": username})
    return user


@audited
def remove_member(actor: User, holder: RightsHolder, user: User) -> None:
    with transaction.atomic():
        holder = _lock(holder)
        _require(actor, "manage_users", holder)
        seat = HolderUser.objects.select_for_update().filter(holder=holder, user=user).first()
        if seat is None:
            raise ValidationError(_("Người dùng này không thuộc tài khoản của bạn."))
        if seat.is_master:
            raise ValidationError(_("Không gỡ được người dùng chính của tài khoản."))
        User.objects.filter(pk=user.pk).update(is_active=False)
        audit.record(
            actor, "brand.remove_member", holder, object_repr=holder.name, changes={"user": user.username}
        )


# -- products
@dataclass
class ProductInput:
    brand: str
    name: str
    gtin: str = ""
    variant: str = ""
    goods_group: GoodsGroup | None = None
    packaging: str = ""
    public_features: str = ""
    officer_features: str = ""
    lab_features: str = ""
    external_id: str = ""
    title: IPTitle | None = None


FIELDS = (
    "brand",
    "name",
    "variant",
    "gtin",
    "goods_group",
    "packaging",
    "public_features",
    "officer_features",
    "lab_features",
    "external_id",
    "title",
)


def product_errors(
    holder: RightsHolder, data: ProductInput, product: Product | None = None
) -> tuple[dict[str, str], str]:
    """(errors, the GTIN as digits); writes nothing (the spreadsheet upload checks every row)."""
    errors: dict[str, str] = {}
    if len(data.brand.strip()) < 2:
        errors["brand"] = _("Hãy nhập nhãn hiệu.")
    if len(data.name.strip()) < 2:
        errors["name"] = _("Hãy nhập tên sản phẩm.")
    gtin = ""
    if data.gtin.strip():
        try:
            gtin = clean_gtin(data.gtin)
        except ValidationError as exc:
            errors["gtin"] = exc.messages[0]
    if gtin:
        mine = Product.objects.filter(holder=holder, gtin=gtin)
        if product is not None:
            mine = mine.exclude(pk=product.pk)
        if mine.exists():
            errors["gtin"] = _("Bạn đã đăng ký một sản phẩm khác với mã vạch này.")
    if data.title is not None and data.title.holder_id != holder.pk:
        errors["title"] = _("Văn bằng không thuộc chủ thể quyền này.")
    return errors, gtin


@audited
def save_product(actor: User, data: ProductInput, product: Product | None = None) -> Product:
    """Register or change a product. A GTIN another holder has registered is kept on both and
    flagged to the national office (`disputed`): who owns a barcode is for it to settle."""
    with transaction.atomic():
        if product is not None:
            product = (
                Product.objects.select_for_update(of=("self",)).select_related("holder").get(pk=product.pk)
            )
            _require(actor, "edit", product)
            holder = product.holder
        else:
            _require(
                actor,
                "edit",
                Product,
                _("Tài khoản chủ thể quyền chưa được xác minh: chưa đăng ký được sản phẩm."),
            )
            holder = actor.holder_seat.holder
        errors, gtin = product_errors(holder, data, product)
        if errors:
            raise ValidationError(errors)
        before = {f: str(getattr(product, f) or "") for f in FIELDS} if product else {}
        created = product is None
        product = product or Product(holder=holder)
        for name in FIELDS:
            value = getattr(data, name)
            setattr(product, name, value.strip() if isinstance(value, str) else value)
        product.gtin = gtin
        product.search = fold(f"{product.brand} {product.name} {product.variant}")[:600]
        product.brand_fold = fold(product.brand)[:120]
        product.updated_at = timezone.now()
        others = Product.objects.filter(gtin=gtin).exclude(holder=holder) if gtin else Product.objects.none()
        rivals = list(others.select_for_update(of=("self",)))
        product.disputed = bool(rivals)
        product.save()
        changes = {
            f: [before[f], str(getattr(product, f) or "")]
            for f in before
            if before[f] != str(getattr(product, f) or "")
        }
        audit.record(
            actor,
            "brand.product_create" if created else "brand.product_edit",
            product,
            object_repr=str(product),
            changes=changes or None,
        )
        if rivals:
            Product.objects.filter(pk__in=[r.pk for r in rivals]).update(disputed=True)
            audit.record(
                actor,
                "brand.gtin_dispute",
                product,
                object_repr=gtin,
                changes={"holders": sorted({r.holder.name for r in rivals} | {holder.name})},
            )
            notify_users(
                _office_users(),
                f"Mã vạch {gtin} được hai chủ thể quyền đăng ký",
                body=f"{holder.name} và {', '.join(sorted({r.holder.name for r in rivals}))}",
                url=f"/brands/products/{product.pk}/",
            )
    return product


COLUMNS = (
    ("external_id", "Mã sản phẩm của doanh nghiệp"),
    ("brand", "Nhãn hiệu"),
    ("name", "Tên sản phẩm"),
    ("variant", "Quy cách"),
    ("gtin", "Mã vạch GTIN"),
    ("goods_group", "Mã nhóm hàng"),
    ("public_features", "Đặc điểm công khai"),
    ("officer_features", "Đặc điểm dành cho cán bộ"),
    ("lab_features", "Đặc điểm giám định"),
)


EXAMPLE_CODE = "VI-DU"


def _kept(data: ProductInput, product: Product, cells: dict[str, str]) -> ProductInput:
    """An update from a sheet or the API changes what it gives: an empty cell, and the fields a
    sheet has no column for (packaging, the IP title), keep the product's values."""
    for name in FIELDS:
        given = cells.get(name)
        if given is None or not str(given).strip():
            setattr(data, name, getattr(product, name))
    return data


def _row_input(cells: dict[str, str], groups: dict[str, GoodsGroup]) -> ProductInput:
    return ProductInput(
        brand=cells["brand"],
        name=cells["name"],
        variant=cells["variant"],
        gtin=cells["gtin"],
        goods_group=groups.get(cells["goods_group"].strip()),
        public_features=cells["public_features"],
        officer_features=cells["officer_features"],
        lab_features=cells["lab_features"],
        external_id=cells["external_id"].strip()[:64],
    )


@audited
def upload_products(actor: User, upload: Any, name: str) -> tuple[int, int]:
    """A spreadsheet of products (the template's columns), checked whole, then written whole:
    a row whose product code (or else barcode) the holder already has updates that product,
    the others are registered. (created, updated). Any wrong row: every error with its row
    number, nothing written."""
    from hub389.exchange.sheets import read

    _require(
        actor, "edit", Product, _("Tài khoản chủ thể quyền chưa được xác minh: chưa đăng ký được sản phẩm.")
    )
    holder = actor.holder_seat.holder
    rows = read(upload, name, COLUMNS)
    groups = {g.code: g for g in GoodsGroup.objects.all()}
    mine = {p.external_id: p for p in Product.objects.filter(holder=holder).exclude(external_id="")}
    by_gtin = {p.gtin: p for p in Product.objects.filter(holder=holder).exclude(gtin="")}
    errors: list[str] = []
    plan: list[tuple[ProductInput, Product | None]] = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.cells["external_id"].strip() == EXAMPLE_CODE:
            continue  # the template's example row, left in by the holder
        data = _row_input(row.cells, groups)
        if row.cells["goods_group"].strip() and data.goods_group is None:
            errors.append(
                _("Dòng %(n)s: mã nhóm hàng “%(g)s” không có.")
                % {"n": row.number, "g": row.cells["goods_group"]}
            )
        problems, gtin = product_errors(holder, data)
        target = mine.get(data.external_id) if data.external_id else None
        target = target or (by_gtin.get(gtin) if gtin else None)
        if target is not None:
            data = _kept(data, target, row.cells)
            problems, gtin = product_errors(holder, data, target)
        for message in problems.values():
            errors.append(_("Dòng %(n)s: %(m)s") % {"n": row.number, "m": message})
        if gtin and gtin in seen:
            errors.append(
                _("Dòng %(n)s: mã vạch %(g)s trùng dòng %(m)s.")
                % {"n": row.number, "g": gtin, "m": seen[gtin]}
            )
        if gtin:
            seen.setdefault(gtin, row.number)
        plan.append((data, target))
    if not plan and not errors:
        raise ValidationError(_("Bảng tính không có dòng sản phẩm nào ngoài dòng ví dụ."))
    if errors:
        raise ValidationError(
            errors[:50] + ([_("… và %(n)s lỗi khác.") % {"n": len(errors) - 50}] if len(errors) > 50 else [])
        )
    with transaction.atomic():
        for data, target in plan:
            save_product(actor, data, target)
        audit.record(actor, "brand.upload", holder, object_repr=holder.name, changes={"rows": len(plan)})
    updated = sum(1 for _d, t in plan if t is not None)
    return len(plan) - updated, updated


def upload_template() -> bytes:
    from hub389.exchange.sheets import template

    return template(
        COLUMNS,
        [
            EXAMPLE_CODE,
            "Nhãn hiệu (ví dụ)",
            "Tên sản phẩm (ví dụ)",
            "Hộp 800 g",
            "",
            "sua",
            "Đặc điểm người dân kiểm tra được",
            "Đặc điểm chỉ cán bộ được xem",
            "",
        ],
        [
            (EXAMPLE_CODE, "Dòng ví dụ: được bỏ qua khi nhập (có thể xoá)"),
            ("Ô để trống", "Khi cập nhật một sản phẩm đã có: giữ nguyên giá trị đang có"),
            ("Mã sản phẩm", "Dòng có mã sản phẩm (hoặc mã vạch) đã đăng ký cập nhật sản phẩm đó"),
            *[(g.code, g.name) for g in GoodsGroup.objects.order_by("sort_order", "name")],
        ],
    )


def _locked_product(actor: User, product: Product) -> Product:
    product = Product.objects.select_for_update(of=("self",)).select_related("holder").get(pk=product.pk)
    _require(actor, "edit", product)
    return product


@audited
def add_seller(
    actor: User,
    product: Product,
    *,
    role: str,
    name: str,
    tax_code: str = "",
    province: Area | None = None,
    address: str = "",
    url: str = "",
) -> Seller:
    """An authorised seller, found or created in the subject registry by its tax code (a shop
    online by its address), so a case against it shows that the holder vouches for it."""
    with transaction.atomic():
        product = _locked_product(actor, product)
        errors: dict[str, str] = {}
        if role not in SellerRole.values:
            errors["role"] = _("Hãy chọn vai trò của người bán.")
        if len(name.strip()) < 2:
            errors["seller_name"] = _("Hãy nhập tên người bán.")
        code = ""
        if tax_code.strip():
            try:
                code = clean_tax_code(tax_code)
            except ValidationError as exc:
                errors["tax_code"] = exc.messages[0]
        elif role in (SellerRole.IMPORTER, SellerRole.DISTRIBUTOR):
            errors["tax_code"] = _("Nhà nhập khẩu, nhà phân phối phải có mã số thuế.")
        if role == SellerRole.ONLINE and not url.strip():
            errors["url"] = _("Gian hàng trực tuyến phải có đường dẫn.")
        if errors:
            raise ValidationError(errors)
        if code:
            kind = SubjectKind.ORGANISATION
        elif role == SellerRole.ONLINE:
            kind = SubjectKind.ONLINE
        else:
            kind = SubjectKind.HOUSEHOLD
        subject, _created = subjects.find_or_create(
            actor,
            source=Source.BRAND,
            source_id=f"product:{product.pk}",
            kind=kind,
            name=name,
            tax_code=code,
            address=address,
            url=url if kind == SubjectKind.ONLINE else "",
        )
        if product.sellers.filter(subject=subject, role=role).exists():
            raise ValidationError(_("Người bán này đã có trong danh sách."))
        seller = Seller.objects.create(
            product=product,
            subject=subject,
            role=role,
            name=name.strip(),
            tax_code=code,
            province=province,
            address=address.strip(),
            url=url.strip(),
        )
        audit.record(
            actor,
            "brand.add_seller",
            product,
            object_repr=str(product),
            changes={"seller": seller.name, "tax_code": code},
        )
    return seller


@audited
def remove_seller(actor: User, seller: Seller) -> None:
    with transaction.atomic():
        product = _locked_product(actor, seller.product)
        seller = Seller.objects.get(pk=seller.pk, product=product)
        seller.delete()
        audit.record(
            actor, "brand.remove_seller", product, object_repr=str(product), changes={"seller": seller.name}
        )


@audited
def set_price(actor: User, product: Product, *, channel: str, low: int, high: int, unit: str) -> Price:
    with transaction.atomic():
        product = _locked_product(actor, product)
        if channel not in Channel.values:
            raise ValidationError({"channel": _("Hãy chọn kênh bán.")})
        if low <= 0 or high < low:
            raise ValidationError(
                {"high": _("Giá cao nhất phải không thấp hơn giá thấp nhất, và lớn hơn 0.")}
            )
        held = Price.objects.filter(product=product, channel=channel).first()
        unit = unit.strip() or (held.unit if held else "hộp")  # an empty unit keeps the channel's
        price, _c = Price.objects.update_or_create(
            product=product,
            channel=channel,
            defaults={"low": low, "high": high, "unit": unit},
        )
        audit.record(
            actor,
            "brand.price",
            product,
            object_repr=str(product),
            changes={"channel": channel, "low": low, "high": high},
        )
    return price


def _photo(actor: Any, owner: Any, upload: Any) -> Attachment:
    """A photo, re-encoded without its metadata; anything that is not a photo is refused."""
    if upload is None:
        raise ValidationError(_("Hãy chọn ảnh."))
    head = upload.read(8192)
    upload.seek(0)
    try:
        kind = sniff(head, getattr(upload, "name", ""))
    except ValidationError:
        kind = ""
    if kind not in IMAGE_TYPES:
        raise ValidationError(_("Tệp không phải là ảnh (chỉ nhận JPG, PNG, WEBP)."))
    clean = scrub_image(upload.read())
    if clean is None:
        raise ValidationError(_("Tệp không phải là ảnh (chỉ nhận JPG, PNG, WEBP)."))
    ext = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}[kind]
    return attach(actor, owner, io.BytesIO(clean), f"anh.{ext}")


@audited
def add_photo(actor: User, product: Product, upload: Any) -> Attachment:
    with transaction.atomic():
        product = _locked_product(actor, product)
        photo = _photo(actor, product, upload)
        audit.record(actor, "brand.photo", product, object_repr=str(product))
    return photo


@audited
def add_fake(
    actor: User,
    product: Product,
    *,
    description: str,
    how_to_tell: str = "",
    where_found: str = "",
    found_on: datetime.date | None = None,
    photo: Any = None,
) -> KnownFake:
    with transaction.atomic():
        product = _locked_product(actor, product)
        if len(description.strip()) < 5:
            raise ValidationError({"description": _("Hãy mô tả hàng giả (bao bì, nhãn, giá...).")})
        if found_on is not None and found_on > timezone.localdate():
            raise ValidationError({"found_on": _("Ngày phát hiện không được ở tương lai.")})
        fake = KnownFake.objects.create(
            product=product,
            description=description.strip(),
            how_to_tell=how_to_tell.strip(),
            where_found=where_found.strip()[:300],
            found_on=found_on,
        )
        if photo is not None:
            _photo(actor, fake, photo)
        audit.record(actor, "brand.fake", product, object_repr=str(product))
    return fake


# -- requests for action
@audited
def watch(
    actor: User,
    product: Product,
    *,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    provinces: list[Area],
) -> Watch:
    """Ask the agencies to watch for fakes of a product, for a period of at most a year."""
    with transaction.atomic():
        product = _locked_product(actor, product)
        errors: dict[str, str] = {}
        if len(reason.strip()) < 5:
            errors["reason"] = _("Hãy ghi lý do và dấu hiệu cần chú ý.")
        if ends_on < starts_on:
            errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
        elif (ends_on - starts_on).days > 366:
            errors["ends_on"] = _("Một đề nghị theo dõi dài nhất một năm; hết hạn thì gửi đề nghị mới.")
        if ends_on < timezone.localdate():
            errors["ends_on"] = _("Ngày kết thúc đã qua.")
        if errors:
            raise ValidationError(errors)
        item = Watch.objects.create(
            product=product, reason=reason.strip(), starts_on=starts_on, ends_on=ends_on, asked_by=actor
        )
        item.provinces.set(provinces)
        audit.record(
            actor,
            "brand.watch",
            product,
            object_repr=str(product),
            changes={"until": ends_on.isoformat(), "provinces": [p.code for p in provinces]},
        )
        names = ", ".join(p.name for p in provinces) or "toàn quốc"
        title = f"Đề nghị theo dõi hàng giả {product} ({names}), đến {ends_on:%d/%m/%Y}"
        notify_users(_office_users(), title, url=f"/brands/products/{product.pk}/")
        # the market surveillance forces of the provinces named (of the nation when none is)
        places = Q(area__in=provinces) if provinces else Q(area__kind=AreaKind.NATIONAL)
        for agency in Agency.objects.filter(places, kind=AgencyKind.MARKET_SURVEILLANCE):
            notify_agency(agency, title, url=f"/brands/products/{product.pk}/")
    return item


# -- verification requests
@dataclass
class AskInput:
    question: str
    photos: list[Any] = field(default_factory=list)


@audited
def ask(actor: User, case: Case, product: Product, data: AskInput) -> VerificationRequest:
    """ "Is this genuine?" from a case to the product's holder, answered by the holder's
    deadline in working days; the request is on the case's timeline."""
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        _require(actor, "ask", case)
        product = Product.objects.select_related("holder").get(pk=product.pk)
        if not policy.can(actor, "view", product):
            _refuse(actor, "brand.ask", product, _("Bạn không có quyền thực hiện thao tác này."))
        holder = product.holder
        if holder.status != HolderStatus.VERIFIED:
            raise ValidationError(
                _("Chủ thể quyền của sản phẩm này không còn hoạt động: hãy trưng cầu giám định.")
            )
        if len(data.question.strip()) < 5:
            raise ValidationError(
                {"question": _("Hãy mô tả hàng hóa cần xác minh (số lô, nơi phát hiện, dấu hiệu).")}
            )
        if VerificationRequest.objects.filter(case=case, product=product, answered_at__isnull=True).exists():
            raise ValidationError(_("Đã có đề nghị xác minh sản phẩm này cho vụ việc, đang chờ trả lời."))
        today = timezone.localdate()
        request = VerificationRequest.objects.create(
            case=case,
            product=product,
            holder=holder,
            question=data.question.strip(),
            asked_by=actor,
            due_on=add_working_days(today, holder.answer_days),
        )
        for upload in data.photos:
            _photo(actor, request, upload)
        add_event(
            case,
            "brand_ask",
            actor,
            f"Đề nghị {holder.name} xác minh {product}: hạn trả lời {request.due_on:%d/%m/%Y}",
            actor.agency,
        )
        audit.record(actor, "brand.ask", request, object_repr=case.reference, changes={"product": product.pk})
        notify_users(
            _members(holder),
            f"Đề nghị xác minh hàng hóa: {product}, hạn {request.due_on:%d/%m/%Y}",
            url=f"/brands/requests/{request.pk}/",
        )
    return request


@audited
def answer(actor: User, request: VerificationRequest, *, verdict: str, note: str) -> VerificationRequest:
    """The holder answers; the answer joins the case's timeline and its agency is told."""
    with transaction.atomic():
        request = (
            VerificationRequest.objects.select_for_update(of=("self",))
            .select_related("case", "product")
            .get(pk=request.pk)
        )
        if request.answered_at is not None:
            raise ValidationError(_("Đề nghị này đã được trả lời."))
        _require(actor, "answer", request)
        if verdict not in Answer.values:
            raise ValidationError({"verdict": _("Hãy chọn hàng thật, hàng giả hoặc cần giám định.")})
        if len(note.strip()) < 5:
            raise ValidationError({"note": _("Hãy nêu căn cứ kết luận (đặc điểm nào khác, mã lô...).")})
        request.answer, request.answer_note = verdict, note.strip()
        request.answered_by, request.answered_at = actor, timezone.now()
        request.save()
        label = Answer(verdict).label
        add_event(
            request.case,
            "brand_answer",
            actor,
            f"{request.holder.name} trả lời: {_vi(label)}. {request.answer_note}",
        )
        audit.record(
            actor, "brand.answer", request, object_repr=request.case.reference, changes={"answer": verdict}
        )
        notify_agency(
            request.case.owner,
            f"{request.holder.name} trả lời xác minh {request.case.reference}: {_vi(label)}",
            url=f"/cases/{request.case_id}/",
        )
    return request


def _vi(label: Any) -> str:
    return in_vietnamese(label)
