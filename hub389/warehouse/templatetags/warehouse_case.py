"""The warehouse's part of a case page: the case's lots, the intake form and each lot's
movements, drawn by the warehouse app so the case page imports nothing of it."""

from typing import Any

from django import template
from django.db.models import QuerySet

from hub389.registry.models import Agency, AgencyKind
from hub389.warehouse.models import Bin, DisposalMethod, Lot, LotKind

register = template.Library()


def _lots(case: Any) -> QuerySet[Lot]:
    return case.lots.select_related("bin__warehouse", "held_by", "disposal")


@register.inclusion_tag("warehouse/_case_lots.html")
def case_lots(case: Any) -> dict[str, Any]:
    return {"lots": _lots(case)}


@register.inclusion_tag("warehouse/_lot_intake.html", takes_context=True)
def lot_intake(context: Any, case: Any) -> dict[str, Any]:
    return {
        "case": case,
        "csrf_token": context.get("csrf_token"),
        "lot_kinds": LotKind.choices,
        "bins": _bins(case),
    }


@register.inclusion_tag("warehouse/_lot_movements.html", takes_context=True)
def lot_movements(context: Any, case: Any, partners: Any) -> dict[str, Any]:
    return {
        "case": case,
        "csrf_token": context.get("csrf_token"),
        "lots": _lots(case),
        "bins": _bins(case),
        "partners": partners,
        "methods": DisposalMethod.choices,
        "finance": Agency.objects.filter(
            kind=AgencyKind.FINANCE, area=case.area.province or case.area
        ).first(),
    }


def _bins(case: Any) -> list[Bin]:
    return list(Bin.objects.filter(warehouse__agency_id=case.owner_id).select_related("warehouse"))
