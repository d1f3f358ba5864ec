"""The warehouse pages: what is in stock, how long it has been there, what awaits a decision;
and the movements the case page's forms post (intake, move, sample, hand-over, take-back,
extension, Finance approval, disposal), one service each (`lib.actions.perform`)."""

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.cases.access import unreadable_confidential
from hub389.cases.models import DECIDING_MEASURES, Case, Sanction
from hub389.lib.actions import Action, perform
from hub389.lib.dates import require_date
from hub389.lib.numbers import parse_money, parse_quantity, read
from hub389.registry.models import Agency
from hub389.registry.workdays import holidays_between
from hub389.warehouse import services
from hub389.warehouse.models import Bin, Disposal, Lot, LotStatus, Warehouse
from hub389.warehouse.services import seizure_due

AGE_BANDS = ((30, _("≤ 30 ngày")), (90, _("31–90 ngày")), (365, _("91–365 ngày")), (10**6, _("trên 1 năm")))


@login_required
def stock(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.agency_id is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với cơ quan."))
    today = timezone.localdate()
    lots = list(
        policy.visible(user, "view", Lot)
        .filter(bin__warehouse__agency_id=user.agency_id, status=LotStatus.HELD)
        .select_related("case", "bin__warehouse")
        .order_by("seized_on", "pk")
    )
    approvals = {d.lot_id: d for d in Disposal.objects.filter(lot__in=lots)}
    # A sanction decision that confiscates or destroys the goods decides the lot's fate: it
    # waits for the disposal's approval, no longer for a decision.
    decided: dict[int, Sanction] = {}
    for sanction in Sanction.objects.filter(
        case__in={lot.case_id for lot in lots}, decision_date__isnull=False, annulled_on=None
    ).order_by("decision_date", "pk"):
        if set(sanction.measures) & DECIDING_MEASURES:
            decided.setdefault(sanction.case_id, sanction)
    # The keeper holds every lot in the warehouse; a confidential case's lot is listed without
    # naming its case to those who may not read it.
    secret = unreadable_confidential(user, [lot.case_id for lot in lots])
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
                "state": "approved" if disposal else "decided" if lot.case_id in decided else "awaiting",
                "disposal": disposal,
                "decision": decided.get(lot.case_id),
                "secret": lot.case_id in secret,
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


def _bin(p: Any, name: str = "bin") -> Bin:
    return get_object_or_404(Bin, pk=p.get(name) or 0)


@login_required
@require_POST
def intake(request: AuthedRequest, pk: int) -> HttpResponse:
    """Goods seized in a case go into a bin of the agency's warehouse."""
    case = get_object_or_404(Case, pk=pk)
    policy.require(request.user, "view", case)
    p = request.POST
    run = Action(
        lambda u, c, r: services.intake(
            u,
            c,
            kind=p.get("kind", ""),
            description=p.get("description", ""),
            quantity=read(p, "quantity", parse_quantity, _("Số lượng")),
            unit=p.get("unit", ""),
            bin=_bin(p),
            seized_on=require_date(p.get("seized_on", "")),
            value_vnd=read(p, "value", parse_money, _("Trị giá"), empty=0),
        )
    )
    perform(request, {"intake": run}, "intake", case)
    return redirect("cases:detail", pk=case.pk)


# What the forms of a lot (on its case's page) do: each reads its form and calls one service.
LOT_ACTIONS: dict[str, Action] = {
    "move": Action(lambda u, lot, r: services.move(u, lot, _bin(r.POST), r.POST.get("reason", ""))),
    "sample": Action(
        lambda u, lot, r: services.take_sample(
            u, lot, read(r.POST, "quantity", parse_quantity, _("Lượng mẫu")), r.POST.get("reason", "")
        )
    ),
    "handover": Action(
        lambda u, lot, r: services.hand_over(
            u, lot, get_object_or_404(Agency, pk=r.POST.get("agency") or 0), r.POST.get("reason", "")
        )
    ),
    "take_back": Action(lambda u, lot, r: services.take_back(u, lot, _bin(r.POST), r.POST.get("reason", ""))),
    "extend": Action(
        lambda u, lot, r: services.extend_seizure(
            u, lot, require_date(r.POST.get("until", "")), r.POST.get("reason", "")
        )
    ),
    "approve": Action(
        lambda u, lot, r: services.approve_disposal(
            u,
            lot,
            method=r.POST.get("method", ""),
            finance=get_object_or_404(Agency, pk=r.POST.get("finance") or 0),
            approval_ref=r.POST.get("approval_ref", ""),
            approved_on=require_date(r.POST.get("approved_on", "")),
        )
    ),
    "dispose": Action(
        lambda u, lot, r: services.dispose(
            u,
            lot,
            done_on=require_date(r.POST.get("done_on", "")),
            proceeds_vnd=read(r.POST, "proceeds", parse_money, _("Tiền thu"), empty=0),
        )
    ),
}


@login_required
@require_POST
def lot_act(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    lot = get_object_or_404(Lot.objects.select_related("case", "bin__warehouse"), pk=pk)
    policy.require(request.user, "view", lot)
    perform(request, LOT_ACTIONS, action, lot)
    return redirect("cases:detail", pk=lot.case_id)
