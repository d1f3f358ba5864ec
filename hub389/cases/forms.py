from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hub389 import policy
from hub389.cases.models import CaseChannel, Detection, ViolationKind
from hub389.cases.services import CaseInput, GoodsLine
from hub389.lib.choices import ReferenceChoiceField
from hub389.lib.numbers import MoneyField, QuantityField
from hub389.registry.models import Area, AreaKind, GoodsGroup
from hub389.subjects.models import SubjectKind
from hub389.tips.forms import clean_place
from hub389.tips.models import Tip

DATE = {
    "input_formats": ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
    "error_messages": {"invalid": _("Ngày không hợp lệ (dd/mm/yyyy).")},
}


class GoodsForm(forms.Form):
    """One line of goods: any number of them, added and removed on the page."""

    description = forms.CharField(label=_("Hàng hóa"), max_length=300, required=False)
    brand = forms.CharField(label=_("Nhãn hiệu"), max_length=120, required=False)
    quantity = QuantityField(label=_("Số lượng"))
    unit = forms.CharField(label=_("Đơn vị"), max_length=30, required=False)
    value = MoneyField(label=_("Trị giá (đồng)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = any(data.get(n) not in (None, "") for n in ("brand", "quantity", "unit", "value"))
        if typed and not (data.get("description") or "").strip():
            self.add_error("description", _("Hãy mô tả hàng hóa của dòng này."))
        return data

    def line(self) -> GoodsLine | None:
        d = self.cleaned_data
        if not (d.get("description") or "").strip() or d.get("DELETE"):
            return None
        return GoodsLine(
            d["description"],
            d.get("quantity") or "0",
            d.get("unit") or "",
            d.get("value") or 0,
            d.get("brand") or "",
        )


GoodsFormSet = forms.formset_factory(GoodsForm, extra=0, can_delete=True, max_num=200, absolute_max=200)


def goods_formset(data: Any = None, lines: list[Any] | None = None) -> Any:
    """The goods lines of a case form: the case's own (a correction) or two blank ones (a new
    case); the page adds more with "Thêm dòng hàng"."""
    initial = [
        {
            "description": g.description,
            "brand": g.brand,
            "quantity": g.quantity,
            "unit": g.unit,
            "value": g.value_vnd,
        }
        for g in lines or []
    ]
    formset = GoodsFormSet(data, initial=initial or [{}, {}], prefix="goods")
    return formset


def goods_lines(formset: Any) -> list[GoodsLine]:
    return [line for f in formset.forms if (line := f.line()) is not None]


class CaseFieldsForm(forms.Form):
    """What a case says of itself: typed when it is recorded and corrected later."""

    summary = forms.CharField(
        label=_("Tóm tắt vụ việc"), max_length=300, error_messages={"required": _("Hãy tóm tắt vụ việc.")}
    )
    detected_on = forms.DateField(label=_("Ngày phát hiện (dd/mm/yyyy)"), **DATE)  # type: ignore[arg-type]
    violation_ended_on = forms.DateField(label=_("Ngày chấm dứt vi phạm (nếu có)"), required=False, **DATE)  # type: ignore[arg-type]
    violations = forms.MultipleChoiceField(
        label=_("Loại vi phạm"),
        choices=ViolationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một loại vi phạm.")},
    )
    province = forms.ModelChoiceField(
        Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
        label=_("Tỉnh, thành phố"),
        error_messages={"required": _("Hãy chọn tỉnh, thành phố.")},
        empty_label="—",
    )
    commune = forms.CharField(required=False)
    special = forms.CharField(required=False)
    place = forms.CharField(label=_("Địa điểm (cửa hàng, kho, chợ, địa chỉ)"), max_length=300, required=False)
    url = forms.URLField(label=_("Đường dẫn gian hàng trực tuyến"), required=False, assume_scheme="https")
    channel = forms.ChoiceField(label=_("Kênh"), choices=CaseChannel.choices, initial=CaseChannel.INLAND)
    goods_group = ReferenceChoiceField(
        GoodsGroup.objects.order_by("sort_order"), label=_("Nhóm hàng"), required=False, empty_label="—"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["area"] = clean_place(self, data)
        return data

    def case_input(
        self, goods: list[GoodsLine], *, detection: str, tip: Any = None, violator: Any = None
    ) -> CaseInput:
        d = self.cleaned_data
        return CaseInput(
            detection=detection,
            detected_on=d["detected_on"],
            area=d["area"],
            summary=d["summary"],
            violations=d["violations"],
            channel=d["channel"],
            place=d.get("place", ""),
            url=d.get("url", ""),
            goods_group=d.get("goods_group"),
            tip=tip,
            violation_ended_on=d.get("violation_ended_on"),
            goods=goods,
            violator=violator,
        )


class AmendForm(CaseFieldsForm):
    reason = forms.CharField(
        label=_("Lý do đính chính"),
        max_length=500,
        required=False,
        help_text=_("Bắt buộc khi vụ việc đã có quyết định xử phạt."),
    )

    @staticmethod
    def initial_of(case: Any) -> dict[str, Any]:
        area = case.area
        province = case.province or area
        return {
            "summary": case.summary,
            "detected_on": case.detected_on,
            "violation_ended_on": case.violation_ended_on,
            "violations": [v.kind for v in case.violations.all()],
            "province": province.pk,
            "commune": area.code if area.kind == AreaKind.COMMUNE else "",
            "special": area.code if area.kind not in (AreaKind.COMMUNE, AreaKind.PROVINCE) else "",
            "place": case.place,
            "url": case.url,
            "channel": case.channel,
            "goods_group": case.goods_group_id,
        }


class CaseForm(CaseFieldsForm):
    detection = forms.ChoiceField(label=_("Cách phát hiện"), choices=Detection.choices)
    tip_ref = forms.CharField(
        label=_("Số tin báo (nếu phát hiện từ tin báo), dạng TB-năm-số"), required=False
    )
    subject_kind = forms.ChoiceField(
        label=_("Loại đối tượng vi phạm"), choices=[("", "—"), *SubjectKind.choices], required=False
    )
    subject_name = forms.CharField(label=_("Tên"), max_length=250, required=False)
    subject_tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20, required=False)
    subject_citizen_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    subject_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    subject_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user  # the tip a case comes from must be one the officer may see

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ref = (data.get("tip_ref") or "").strip()
        data["tip"] = None
        if ref:
            number = ref.rsplit("-", 1)[-1]
            # Only a tip the officer may see: the number of another agency's tip finds nothing.
            seen = policy.visible(self.user, "view", Tip)
            tip = seen.filter(pk=int(number)).first() if number.isdigit() else None
            if tip is None:
                self.add_error("tip_ref", _("Không tìm thấy tin báo “%(ref)s”.") % {"ref": ref})
            data["tip"] = tip
        return data

    def case_input(self, goods: list[GoodsLine], **_: Any) -> CaseInput:
        d = self.cleaned_data
        violator = (
            {
                "kind": d["subject_kind"],
                "name": d.get("subject_name", ""),
                "tax_code": d.get("subject_tax_code", ""),
                "citizen_id": d.get("subject_citizen_id", ""),
                "address": d.get("subject_address", ""),
                "phone": d.get("subject_phone", ""),
            }
            if d.get("subject_kind")
            else None
        )
        return super().case_input(goods, detection=d["detection"], tip=d.get("tip"), violator=violator)
