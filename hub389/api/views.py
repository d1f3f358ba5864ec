"""The pages where an administrator or an agency head registers the agency's systems, sees
their calls and webhook deliveries, and revokes, rotates or replays."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hub389 import policy
from hub389.accounts.access import is_admin
from hub389.accounts.http import AuthedRequest
from hub389.api import services
from hub389.api.forms import ClientForm
from hub389.api.models import ApiClient
from hub389.audit.models import AuditEntry
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
    choose_agency = is_admin(request.user)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agency = request.user.agency
        if choose_agency and request.POST.get("agency"):
            agency = get_object_or_404(Agency, code=request.POST["agency"].strip())
        try:
            client, token = services.register_client(request.user, agency, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return _show_once(request, client, token=token)
    return render(request, "api/client_form.html", {"form": form, "choose_agency": choose_agency})


@login_required
def client_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(
        policy.visible(request.user, "manage", ApiClient), pk=pk, revoked_at__isnull=True
    )
    initial = {k: getattr(client, k) for k in services.EDITABLE}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(request.user, client, **form.cleaned_data)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu thay đổi; khoá vẫn như cũ."))
            return redirect("api_clients:detail", pk=client.pk)
    return render(request, "api/client_form.html", {"form": form, "client": client})


ONCE = "api-once:{}"


def _show_once(request: AuthedRequest, client: ApiClient, **secret: Any) -> HttpResponse:
    """Keep a new token or secret for one viewing and show it on a page of its own (a reload of
    the form's answer then repeats nothing: no second client, no second new key)."""
    request.session[ONCE.format(client.pk)] = {k: str(v) for k, v in secret.items()}
    return redirect("api_clients:once", pk=client.pk)


@login_required
def client_once(request: AuthedRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(
        policy.visible(request.user, "manage", ApiClient).select_related("agency"), pk=pk
    )
    secret = request.session.pop(ONCE.format(client.pk), None) or {}
    webhook = client.webhooks.filter(pk=secret.get("webhook") or 0).first()
    return render(
        request,
        "api/token_once.html",
        {"client": client, "token": secret.get("token"), "secret": secret.get("secret"), "webhook": webhook},
    )


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
            "revoke_reason": AuditEntry.objects.filter(
                action="api.client_revoke", object_type="api.apiclient", object_id=str(client.pk)
            )
            .values_list("reason", flat=True)
            .first(),
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


def _stop_webhook(user: Any, client: ApiClient, request: HttpRequest) -> Webhook:
    return services.stop_webhook(user, _webhook(client, request))


# The results that must be shown once (a token, a secret) are rendered by the view itself.
ACTIONS = {
    "revoke": Action(_revoke, _("Đã thu hồi khoá.")),
    "stop_webhook": Action(_stop_webhook, _("Đã ngừng webhook; nhật ký gửi được giữ.")),
    "replay": Action(
        _replay,
        lambda n: (
            ngettext("Đã xếp lại %(n)s sự kiện để gửi.", "Đã xếp lại %(n)s sự kiện để gửi.", n) % {"n": n}
        ),
    ),
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
            if not request.POST.get("confirm"):
                raise ValidationError(_("Đánh dấu xác nhận: khoá cũ sẽ ngừng ngay."))
            return _show_once(request, client, token=services.rotate(request.user, client))
        if action == "add_webhook":
            webhook, secret = services.add_webhook(request.user, client, request.POST.get("url", ""))
            return _show_once(request, client, secret=secret, webhook=webhook.pk)
        if action == "rotate_webhook":
            webhook = _webhook(client, request)
            secret = services.rotate_webhook_secret(request.user, webhook)
            return _show_once(request, client, secret=secret, webhook=webhook.pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("api_clients:detail", pk=client.pk)
    perform(request, ACTIONS, action, client)
    return redirect("api_clients:detail", pk=client.pk)
