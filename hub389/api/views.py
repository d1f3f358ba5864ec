"""The pages where an administrator or an agency head registers the agency's systems, sees
their calls and webhook deliveries, and revokes, rotates or replays."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.access import is_admin
from hub389.accounts.http import AuthedRequest
from hub389.api import services
from hub389.api.forms import ClientForm
from hub389.api.models import ApiClient
from hub389.exchange.models import Delivery, Webhook
from hub389.lib.actions import Action, perform
from hub389.registry.models import Agency


@login_required
def client_list(request: AuthedRequest) -> HttpResponse:
    clients = policy.visible(request.user, "manage", ApiClient).select_related("agency")
    if not policy.can(request.user, "manage", ApiClient):
        raise PermissionDenied
    return render(request, "api/client_list.html", {"clients": clients})


@login_required
def client_create(request: AuthedRequest) -> HttpResponse:
    if not policy.can(request.user, "manage", ApiClient):
        raise PermissionDenied
    agencies = Agency.objects.filter(is_active=True).order_by("code") if is_admin(request.user) else None
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = request.user.agency
        if agencies is not None and request.POST.get("agency"):
            agency = get_object_or_404(Agency, code=request.POST["agency"])
        try:
            client, token = services.register_client(request.user, agency, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return render(request, "api/token_once.html", {"client": client, "token": token})
    return render(request, "api/client_form.html", {"form": form, "agencies": agencies})


@login_required
def client_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(
        policy.visible(request.user, "manage", ApiClient).select_related("agency"), pk=pk
    )
    webhooks = list(client.webhooks.order_by("pk"))
    deliveries = (
        Delivery.objects.filter(webhook__client=client)
        .select_related("event", "webhook")
        .order_by("-pk")[:50]
    )
    return render(
        request,
        "api/client_detail.html",
        {
            "client": client,
            "calls": client.calls.order_by("-pk")[:50],
            "webhooks": webhooks,
            "deliveries": deliveries,
        },
    )


def _revoke(user: Any, client: ApiClient, request: HttpRequest) -> ApiClient:
    return services.revoke(user, client, request.POST.get("reason", ""))


def _webhook(client: ApiClient, request: HttpRequest) -> Webhook:
    return get_object_or_404(Webhook, pk=request.POST.get("webhook") or 0, client=client)


def _replay(user: Any, client: ApiClient, request: HttpRequest) -> int:
    after = request.POST.get("after", "0").strip()
    if not after.isdigit():
        raise ValidationError(_("Con trỏ phải là số không âm."))
    return services.replay(user, _webhook(client, request), int(after))


# The results that must be shown once (a token, a secret) are rendered by the view itself.
ACTIONS = {
    "revoke": Action(_revoke, _("Đã thu hồi khoá.")),
    "replay": Action(_replay, lambda n: _("Đã xếp lại %(n)s sự kiện để gửi.") % {"n": n}),
}


@login_required
@require_POST
def client_action(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(
        policy.visible(request.user, "manage", ApiClient).select_related("agency"), pk=pk
    )
    action = request.POST.get("action", "")
    try:
        if action == "rotate":
            token = services.rotate(request.user, client)
            return render(request, "api/token_once.html", {"client": client, "token": token})
        if action == "add_webhook":
            webhook, secret = services.add_webhook(request.user, client, request.POST.get("url", ""))
            return render(
                request, "api/token_once.html", {"client": client, "secret": secret, "webhook": webhook}
            )
        if action == "rotate_webhook":
            webhook = _webhook(client, request)
            secret = services.rotate_webhook_secret(request.user, webhook)
            return render(
                request, "api/token_once.html", {"client": client, "secret": secret, "webhook": webhook}
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("api_clients:detail", pk=client.pk)
    perform(request, ACTIONS, action, client)
    return redirect("api_clients:detail", pk=client.pk)
