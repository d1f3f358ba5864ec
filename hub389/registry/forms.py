from django import forms
from django.utils.translation import gettext_lazy as _

from hub389.lib.choices import ReferenceChoiceField
from hub389.registry.models import Agency, Area, Field


class RuleForm(forms.Form):
    area = forms.ModelChoiceField(
        Area.objects.exclude(kind="commune"),
        label=_("Địa bàn"),
        error_messages={"required": _("Hãy chọn địa bàn."), "invalid_choice": "Địa bàn không tồn tại."},
        empty_label=_("—"),
    )
    area_code = forms.CharField(
        label=_("hoặc mã xã/phường"),
        required=False,
        help_text=_("Mã đơn vị hành chính 5 chữ số, ví dụ 00070"),
    )
    field = ReferenceChoiceField(
        Field.objects.all(),
        label=_("Lĩnh vực"),
        error_messages={"required": _("Hãy chọn lĩnh vực.")},
        empty_label=_("—"),
    )
    lead_agency = forms.ModelChoiceField(
        Agency.objects.exclude(level="commune"),
        label=_("Cơ quan chủ trì"),
        error_messages={"required": _("Hãy chọn cơ quan chủ trì.")},
        empty_label=_("—"),
    )
    coordinating_agencies = forms.ModelMultipleChoiceField(
        Agency.objects.exclude(level="commune"), label=_("Cơ quan phối hợp"), required=False
    )
    valid_from = forms.DateField(
        label=_("Hiệu lực từ (dd/mm/yyyy)"),
        error_messages={
            "required": _("Hãy nhập ngày bắt đầu hiệu lực."),
            "invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
        },
    )
    valid_to = forms.DateField(
        label=_("Đến (dd/mm/yyyy)"),
        required=False,
        error_messages={"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
    )
    legal_basis = forms.CharField(label=_("Căn cứ"), required=False, max_length=300)

    def clean(self) -> dict:
        data = super().clean() or {}
        code = (data.get("area_code") or "").strip()
        if code:
            area = Area.objects.filter(code=code).first()
            if area is None:
                self.add_error("area_code", f"Không có đơn vị hành chính mã “{code}”.")
            else:
                data["area"] = area
                self.errors.pop("area", None)
        return data


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "email", "phone", "hotline", "address", "hours", "is_active"]
        labels = {
            "name": _("Tên cơ quan"),
            "short_name": _("Tên viết tắt"),
            "email": _("Thư điện tử (công khai)"),
            "is_active": _("Đang hoạt động"),
            "phone": _("Điện thoại (công khai)"),
            "hotline": _("Đường dây nóng (công khai, cho người dân gọi)"),
            "address": _("Địa chỉ tiếp nhận tin báo (công khai)"),
            "hours": _("Giờ tiếp nhận (ví dụ: 24/7, hoặc 7h30–17h thứ Hai–thứ Sáu)"),
        }


IDENTITY_FIELDS = ("name", "short_name", "is_active")


class AgencyContactsForm(AgencyForm):
    """What an agency's head keeps: its contacts (the name and status are the registry's)."""

    class Meta(AgencyForm.Meta):
        fields = [f for f in AgencyForm.Meta.fields if f not in IDENTITY_FIELDS]
