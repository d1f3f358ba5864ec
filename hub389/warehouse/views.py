"""The warehouse page: what is in stock, how long it has been there, what awaits a decision."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hub389.accounts.http import AuthedRequest
from hub389.registry.workdays import holidays_between
from hub389.warehouse.models import Disposal, Lot, LotStatus, Warehouse
from hub389.warehouse.services import seizure_due

AGE_BANDS = ((30, "≤ 30 ngày"), (90, "31–90 ngày"), (365, "91–365 ngày"), (10**6, "trên 1 năm"))


@login_required
def stock(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.agency_id is None:
        raise PermissionDenied("Tài khoản chưa gắn với cơ quan.")
    today = timezone.localdate()
    lots = list(
        Lot.objects.filter(bin__warehouse__agency_id=user.agency_id, status=LotStatus.HELD)
        .select_related("case", "bin__warehouse")
        .order_by("seized_on", "pk")
    )
    approvals = {d.lot_id: d for d in Disposal.objects.filter(lot__in=lots)}
    first = lots[0].seized_on if lots else today
    off = holidays_between(first, today + datetime.timedelta(days=60))
    rows: list[dict[str, Any]] = []
    ages = dict.fromkeys([label for _, label in AGE_BANDS], 0)
    for lot in lots:
        age = (today - lot.seized_on).days
        ages[next(label for limit, label in AGE_BANDS if age <= limit)] += 1
        disposal = approvals.get(lot.pk)
        rows.append(
            {
                "lot": lot,
                "age": age,
                "seizure_due": seizure_due(lot, off),
                "state": "approved" if disposal else "awaiting",
                "disposal": disposal,
            }
        )
    return render(
        request,
        "warehouse/stock.html",
        {
            "warehouses": Warehouse.objects.filter(agency_id=user.agency_id).prefetch_related("bins"),
            "rows": rows,
            "ages": ages,
            "awaiting": sum(r["state"] == "awaiting" for r in rows),
            "value": sum(lot.value_vnd for lot in lots),
            "today": today,
        },
    )
