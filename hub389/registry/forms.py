from django import forms

from hub389.registry.models import Agency, Area, Field


class RuleForm(forms.Form):
    area = forms.ModelChoiceField(
        Area.objects.exclude(kind="commune"),
        label="Địa bàn",
        error_messages={"required": "Hãy chọn địa bàn.", "invalid_choice": "Địa bàn không tồn tại."},
        empty_label="—",
    )
    area_code = forms.CharField(
        label="hoặc mã xã/phường", required=False, help_text="Mã đơn vị hành chính 5 chữ số, ví dụ 00070"
    )
    field = forms.ModelChoiceField(
        Field.objects.all(),
        label="Lĩnh vực",
        error_messages={"required": "Hãy chọn lĩnh vực."},
        empty_label="—",
    )
    lead_agency = forms.ModelChoiceField(
        Agency.objects.exclude(level="commune"),
        label="Cơ quan chủ trì",
        error_messages={"required": "Hãy chọn cơ quan chủ trì."},
        empty_label="—",
    )
    coordinating_agencies = forms.ModelMultipleChoiceField(
        Agency.objects.exclude(level="commune"), label="Cơ quan phối hợp", required=False
    )
    valid_from = forms.DateField(
        label="Hiệu lực từ (dd/mm/yyyy)",
        error_messages={
            "required": "Hãy nhập ngày bắt đầu hiệu lực.",
            "invalid": "Ngày không hợp lệ (dd/mm/yyyy).",
        },
    )
    valid_to = forms.DateField(
        label="Đến (dd/mm/yyyy)",
        required=False,
        error_messages={"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
    )
    legal_basis = forms.CharField(label="Căn cứ", required=False, max_length=300)

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
        fields = ["name", "short_name", "email", "phone", "is_active"]
