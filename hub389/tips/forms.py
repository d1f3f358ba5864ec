from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from hub389.lib.choices import ReferenceChoiceField
from hub389.registry.models import Agency, Area, AreaKind, GoodsGroup, Level
from hub389.tips.models import Channel, Kind, Nature, Outcome
from hub389.tips.services import MAX_FILES, TipInput

SPECIAL_KINDS = [
    k for k in AreaKind.values if k not in (AreaKind.NATIONAL, AreaKind.PROVINCE, AreaKind.COMMUNE)
]


def clean_place(form: forms.Form, data: dict[str, Any]) -> Area | None:
    """The area a place form names: the commune or special place chosen inside the province,
    else the province itself; a code outside the province is an error on its field."""
    province = data.get("province")
    area = province
    for name, kinds in (("commune", [AreaKind.COMMUNE]), ("special", SPECIAL_KINDS)):
        code = (data.get(name) or "").strip()
        if code and province is not None:
            found = Area.objects.filter(code=code, kind__in=kinds, province=province).first()
            if found is None:
                form.add_error(name, "Địa bàn không thuộc tỉnh, thành phố đã chọn.")
            else:
                area = found
    return area


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Gửi tối đa {MAX_FILES} tệp mỗi lần.")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class TipForm(forms.Form):
    """What and where: the same questions for a citizen and for an officer's reception."""

    summary = forms.CharField(
        label=_("Tóm tắt sự việc"),
        max_length=200,
        error_messages={"required": _("Hãy cho biết tóm tắt sự việc.")},
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Kho chứa mỹ phẩm giả ở chợ …")}),
    )
    description = forms.CharField(
        label=_("Nội dung chi tiết"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Hãy mô tả sự việc.")},
    )
    province = forms.ModelChoiceField(
        Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
        label=_("Tỉnh, thành phố"),
        error_messages={
            "required": _("Hãy chọn tỉnh, thành phố."),
            "invalid_choice": "Tỉnh, thành phố không hợp lệ.",
        },
        empty_label=_("—"),
    )
    commune = forms.CharField(label=_("Xã, phường, đặc khu"), required=False)
    special = forms.CharField(label=_("Hoặc cửa khẩu, cảng, sân bay, sàn TMĐT"), required=False)
    place = forms.CharField(
        label=_("Địa điểm cụ thể (chợ, kho, cửa hàng, địa chỉ)"), max_length=300, required=False
    )
    url = forms.URLField(
        label=_("Đường dẫn trực tuyến (nếu bán trên mạng)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Đường dẫn không hợp lệ (ví dụ https://shopee.vn/…).")},
    )
    goods_group = ReferenceChoiceField(
        GoodsGroup.objects.order_by("sort_order", "name"),
        label=_("Nhóm hàng"),
        required=False,
        empty_label=_("— Không rõ / khác —"),
    )
    happened = forms.CharField(
        label=_("Xảy ra khi nào"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: tối 20/11/2026, hằng đêm")}),
    )
    identity = forms.ChoiceField(
        label=_("Danh tính"),
        choices=[("anonymous", _("Ẩn danh")), ("named", _("Để lại tên và liên hệ (được giữ bí mật)"))],
        initial="anonymous",
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    address = forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, required=False)
    attachments = MultipleFileField(label=format_lazy(_("Ảnh, tài liệu (tối đa {n} tệp)"), n=MAX_FILES))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["area"] = clean_place(self, data)
        if data.get("identity") == "named" and not (data.get("full_name") or "").strip():
            self.add_error("full_name", "Hãy nhập họ tên, hoặc chọn gửi ẩn danh.")
        if data.get("identity") == "named" and not (data.get("phone") or data.get("email")):
            self.add_error("phone", "Hãy để lại điện thoại hoặc thư điện tử để được liên hệ.")
        return data

    def tip_input(self) -> TipInput:
        d = self.cleaned_data
        informant = None
        if d.get("identity") == "named":
            informant = {k: d.get(k) or "" for k in ("full_name", "phone", "email", "address", "id_number")}
        return TipInput(
            summary=d["summary"],
            description=d["description"],
            area=d["area"],
            place=d.get("place", ""),
            url=d.get("url", ""),
            goods_group=d.get("goods_group"),
            happened=d.get("happened", ""),
            informant=informant,
        )


class PublicTipForm(TipForm):
    challenge = forms.CharField(widget=forms.HiddenInput)
    solution = forms.CharField(widget=forms.HiddenInput, required=False)


class OfficerTipForm(TipForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"), choices=[c for c in Channel.choices if c[0] != Channel.WEB]
    )
    kind = forms.ChoiceField(label=_("Loại"), choices=Kind.choices, initial=Kind.REPORT)
    nature = forms.ChoiceField(label=_("Tính chất"), choices=Nature.choices, initial=Nature.UNKNOWN)
    source_agency = forms.ModelChoiceField(
        Agency.objects.filter(level__in=[Level.NATIONAL, Level.PROVINCE]).order_by("code"),
        label=_("Cơ quan kiến nghị / chuyển tin"),
        required=False,
        empty_label=_("—"),
    )
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận (dd/mm/yyyy hh:mm)"),
        required=False,
        input_formats=["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M"],
        error_messages={"invalid": _("Thời điểm không hợp lệ (dd/mm/yyyy hh:mm).")},
    )
    id_number = forms.RegexField(
        label=_("Số CCCD"),
        regex=r"^\d{12}$",
        required=False,
        error_messages={"invalid": _("Số CCCD gồm đúng 12 chữ số.")},
    )

    def tip_input(self) -> TipInput:
        data = super().tip_input()
        d = self.cleaned_data
        data.channel, data.kind, data.nature = d["channel"], d["kind"], d["nature"]
        data.source_agency, data.received_at = d.get("source_agency"), d.get("received_at")
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Mã tra cứu (16 chữ số)"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Trả lời / bổ sung thông tin"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    attachments = MultipleFileField(label=format_lazy(_("Ảnh, tài liệu (tối đa {n} tệp)"), n=MAX_FILES))


class SettleForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices)
    public_result = forms.CharField(
        label=_("Kết quả thông báo cho người báo tin"), widget=forms.Textarea(attrs={"rows": 3})
    )
