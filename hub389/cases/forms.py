from typing import Any

from django import forms

from hub389 import policy
from hub389.cases.models import CaseChannel, Detection, ViolationKind
from hub389.cases.services import CaseInput, GoodsLine
from hub389.registry.models import Area, AreaKind, GoodsGroup
from hub389.subjects.models import SubjectKind
from hub389.tips.forms import clean_place
from hub389.tips.models import Tip

GOODS_ROWS = 3
DATE = {
    "input_formats": ["%d/%m/%Y", "%Y-%m-%d"],
    "error_messages": {"invalid": "Ngày không hợp lệ (dd/mm/yyyy)."},
}


class CaseForm(forms.Form):
    summary = forms.CharField(
        label="Tóm tắt vụ việc", max_length=300, error_messages={"required": "Hãy tóm tắt vụ việc."}
    )
    detection = forms.ChoiceField(label="Cách phát hiện", choices=Detection.choices)
    tip_ref = forms.CharField(label="Số tin báo (nếu phát hiện từ tin báo), dạng TB-năm-số", required=False)
    detected_on = forms.DateField(label="Ngày phát hiện (dd/mm/yyyy)", **DATE)  # type: ignore[arg-type]
    violation_ended_on = forms.DateField(label="Ngày chấm dứt vi phạm (nếu có)", required=False, **DATE)  # type: ignore[arg-type]
    violations = forms.MultipleChoiceField(
        label="Loại vi phạm",
        choices=ViolationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một loại vi phạm."},
    )
    province = forms.ModelChoiceField(
        Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
        label="Tỉnh, thành phố",
        error_messages={"required": "Hãy chọn tỉnh, thành phố."},
    )
    commune = forms.CharField(required=False)
    special = forms.CharField(required=False)
    place = forms.CharField(label="Địa điểm (cửa hàng, kho, chợ, địa chỉ)", max_length=300, required=False)
    url = forms.URLField(label="Đường dẫn gian hàng trực tuyến", required=False, assume_scheme="https")
    channel = forms.ChoiceField(label="Kênh", choices=CaseChannel.choices, initial=CaseChannel.INLAND)
    goods_group = forms.ModelChoiceField(
        GoodsGroup.objects.order_by("sort_order"), label="Nhóm hàng", required=False
    )
    subject_kind = forms.ChoiceField(
        label="Đối tượng vi phạm", choices=[("", "—"), *SubjectKind.choices], required=False
    )
    subject_name = forms.CharField(label="Tên", max_length=250, required=False)
    subject_tax_code = forms.CharField(label="Mã số thuế", max_length=20, required=False)
    subject_citizen_id = forms.CharField(label="Số CCCD", max_length=20, required=False)
    subject_address = forms.CharField(label="Địa chỉ", max_length=300, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # the tip a case comes from must be one the officer may see
        for i in range(GOODS_ROWS):
            self.fields[f"goods_{i}_description"] = forms.CharField(label="Hàng hóa", required=False)
            self.fields[f"goods_{i}_brand"] = forms.CharField(label="Nhãn hiệu", required=False)
            self.fields[f"goods_{i}_quantity"] = forms.DecimalField(
                label="Số lượng", required=False, min_value=0
            )
            self.fields[f"goods_{i}_unit"] = forms.CharField(label="Đơn vị", required=False)
            self.fields[f"goods_{i}_value"] = forms.IntegerField(
                label="Trị giá (đồng)", required=False, min_value=0
            )

    def goods_rows(self) -> list[list[Any]]:
        return [
            [self[f"goods_{i}_{n}"] for n in ("description", "brand", "quantity", "unit", "value")]
            for i in range(GOODS_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["area"] = clean_place(self, data)
        ref = (data.get("tip_ref") or "").strip()
        data["tip"] = None
        if ref:
            number = ref.rsplit("-", 1)[-1]
            # Only a tip the officer may see: the number of another agency's tip finds nothing.
            seen = policy.visible(self.user, "view", Tip)
            tip = seen.filter(pk=int(number)).first() if number.isdigit() else None
            if tip is None:
                self.add_error("tip_ref", f"Không tìm thấy tin báo “{ref}”.")
            data["tip"] = tip
        goods = []
        for i in range(GOODS_ROWS):
            desc = (data.get(f"goods_{i}_description") or "").strip()
            if desc:
                goods.append(
                    GoodsLine(
                        desc,
                        data.get(f"goods_{i}_quantity") or "0",
                        data.get(f"goods_{i}_unit") or "",
                        data.get(f"goods_{i}_value") or 0,
                        data.get(f"goods_{i}_brand") or "",
                    )
                )
        data["goods"] = goods
        return data

    def case_input(self) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            detection=d["detection"],
            detected_on=d["detected_on"],
            area=d["area"],
            summary=d["summary"],
            violations=d["violations"],
            channel=d["channel"],
            place=d.get("place", ""),
            url=d.get("url", ""),
            goods_group=d.get("goods_group"),
            tip=d.get("tip"),
            violation_ended_on=d.get("violation_ended_on"),
            goods=d["goods"],
            violator={
                "kind": d["subject_kind"],
                "name": d.get("subject_name", ""),
                "tax_code": d.get("subject_tax_code", ""),
                "citizen_id": d.get("subject_citizen_id", ""),
                "address": d.get("subject_address", ""),
            }
            if d.get("subject_kind")
            else None,
        )
