"""The warehouse's part of a case page: the case's lots, the intake form and each lot's
movements, drawn by the warehouse app so the case page imports nothing of it.

`{% warehouse_of case as wh %}` reads what the three parts show, once; the parts are included
templates (`warehouse/_case_lots.html`, `_lot_intake.html`, `_lot_movements.html`) that read
`wh`, so the page's CSRF token and the case's partners reach them as usual."""

from typing import Any

from django import template

from hub389.exchange import refs
from hub389.registry.models import Agency, AgencyKind
from hub389.warehouse.models import Bin, DisposalMethod, LotKind

register = template.Library()


@register.simple_tag
def warehouse_of(case: Any) -> dict[str, Any]:
    lots = list(case.lots.select_related("bin__warehouse", "held_by", "disposal"))
    numbers = refs.of("lot", [lot.pk for lot in lots])  # the lot's number in the agency's book
    for lot in lots:
        found = numbers.get(lot.pk)
        lot.source_number = found.source_id if found else ""
    return {
        "lots": lots,
        "bins": list(Bin.objects.filter(warehouse__agency_id=case.owner_id).select_related("warehouse")),
        "lot_kinds": LotKind.choices,
        "methods": DisposalMethod.choices,
        "finance": Agency.objects.filter(
            kind=AgencyKind.FINANCE, area=case.area.province or case.area
        ).first(),
    }
