from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.notifications import services
from hub389.notifications.models import Notification


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    scope = request.GET.get("scope", "me")
    qs = policy.visible(request.user, "view", Notification)
    if scope == "agency" and request.user.agency_id:
        qs = qs.filter(agency_id=request.user.agency_id)
    else:
        scope = "me"
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "scope": scope})


@login_required
@require_POST
def open_notification(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(policy.visible(request.user, "view", Notification), pk=pk)
    services.mark_read(request.user, notification)
    return redirect(notification.url or "notifications:inbox")
