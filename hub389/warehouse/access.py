"""Who may see a seized lot: whoever may see its case, the agency whose warehouse holds it and
the agency it was handed over to. Movements are written by those who may edit the case."""

from typing import Any

from django.db.models import Q, QuerySet

from hub389 import policy
from hub389.cases.models import Case
from hub389.warehouse.models import Lot


@policy.rule("view", Lot)
def view_lot(user: Any, lot: Any) -> bool:
    if isinstance(lot, type):
        return True
    if user.agency_id is not None and (
        lot.held_by_id == user.agency_id
        or (lot.bin_id is not None and lot.bin.warehouse.agency_id == user.agency_id)
    ):
        return True
    return policy.can(user, "view", lot.case)


@policy.scope("view", Lot)
def lots(user: Any) -> QuerySet[Lot]:
    here = Q(case__in=policy.visible(user, "view", Case).values("pk"))
    if user.agency_id is not None:
        here |= Q(held_by_id=user.agency_id) | Q(bin__warehouse__agency_id=user.agency_id)
    return Lot.objects.filter(here)
