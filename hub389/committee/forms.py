"""The forms of the committee's registers: they read what officers type (dd/mm/yyyy,
450.000.000) and hand the service one input; the rules are the services'."""

import datetime
import re
from typing import Any

from django import forms
from django.db.models import Case as DbCase
from django.db.models import Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub389.cases.forms import DATE
from hub389.cases.imports import REFERENCE
from hub389.cases.models import Case
from hub389.committee.models import Incident
from hub389.committee.services.flash import FlashInput
from hub389.lib.numbers import MoneyField, format_quantity
from hub389.registry.models import Agency, Area, AreaKind
from hub389.tips.forms import clean_place


def cases_named(text: str) -> tuple[list[Case], list[str]]:
    """The cases typed by their numbers (VV-2026-000123, separated by commas or spaces), read
    with the cases' own pattern, and the numbers that name no case."""
    found, missing = [], []
    for token in re.split(r"[,;\s]+", text.strip()):
        match = REFERENCE.match(token)
        if not token:
            continue
        case = (
            Case.objects.filter(pk=int(match.group(2)), year=int(match.group(1))).first() if match else None
        )
        if case is None:
            missing.append(token)
        else:
            found.append(case)
    return found, missing


def agencies_near(area: Area | None) -> Any:
    """The agencies an officer picks from: the nation's and those of the province."""
    near = Q(level="national")
    if area is not None:
        near |= Q(area=area.province or area) | Q(area__province=area.province or area)
    rank = DbCase(When(level="province", then=0), When(level="national", then=1), default=2)
    return Agency.objects.filter(near, is_active=True).annotate(rank=rank).order_by("rank", "name")


class FlashForm(forms.Form):
    incident = forms.ChoiceField(label=_("Loại sự việc"), choices=Incident.choices)
    title = forms.CharField(
        label=_("Tiêu đề"), max_length=200, error_messages={"required": _("Hãy ghi tiêu đề sự việc.")}
    )
    happened_on = forms.DateField(label=_("Ngày xảy ra (dd/mm/yyyy)"), **DATE)  # type: ignore[arg-type]
    happened_time = forms.TimeField(
        label=_("Giờ xảy ra (hh:mm)"),
        input_formats=["%H:%M", "%Hh%M", "%Hh"],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "14:30"}),
        error_messages={"required": _("Hãy ghi giờ xảy ra."), "invalid": _("Giờ không hợp lệ (hh:mm).")},
    )
    province = forms.ModelChoiceField(
        Area.objects.filter(kind=AreaKind.PROVINCE).order_by("name"),
        label=_("Tỉnh, thành phố"),
        error_messages={"required": _("Hãy chọn tỉnh, thành phố.")},
        empty_label="—",
    )
    commune = forms.CharField(required=False)
    special = forms.CharField(required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=300, required=False)
    what = forms.CharField(
        label=_("Diễn biến sự việc"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Hãy ghi diễn biến sự việc.")},
    )
    goods = forms.CharField(label=_("Hàng hóa"), max_length=600, required=False)
    value_vnd = MoneyField(label=_("Trị giá ước tính (đồng)"))
    measures = forms.CharField(
        label=_("Biện pháp đã áp dụng"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lead_agency = forms.ModelChoiceField(
        Agency.objects.none(),
        label=_("Cơ quan chủ trì xử lý"),
        empty_label="—",
        error_messages={"required": _("Chọn cơ quan chủ trì xử lý.")},
    )

    def __init__(self, *args: Any, home: Area | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lead_agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies_near(home)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["area"] = clean_place(self, data)
        return data

    def flash_input(self, case: Any = None) -> FlashInput:
        d = self.cleaned_data
        at = timezone.make_aware(datetime.datetime.combine(d["happened_on"], d["happened_time"]))
        return FlashInput(
            incident=d["incident"],
            title=d["title"],
            happened_at=at,
            area=d["area"],
            place=d.get("place", ""),
            what=d["what"],
            goods=d.get("goods", ""),
            value_vnd=d.get("value_vnd") or 0,
            measures=d.get("measures", ""),
            lead_agency=d["lead_agency"],
            case=case,
        )


def from_case(case: Any) -> dict[str, Any]:
    """What a flash report from a case starts with: the case's own fields (never its tip's)."""
    area = case.area
    province = case.province or area
    goods = list(case.goods.order_by("pk"))
    return {
        "title": case.summary[:200],
        "happened_on": case.detected_on,
        "province": province.pk,
        "commune": area.code if area.kind == AreaKind.COMMUNE else "",
        "special": area.code if area.kind not in (AreaKind.COMMUNE, AreaKind.PROVINCE) else "",
        "place": case.place,
        "goods": "; ".join(f"{g.description} {format_quantity(g.quantity)} {g.unit}" for g in goods)[:600],
        "value_vnd": sum(g.value_vnd for g in goods),
        "lead_agency": case.lead_agency_id or case.owner_id,
        "incident": Incident.SEIZURE,
    }
