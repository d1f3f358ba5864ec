"""Every write on API clients and webhooks: policy-checked, validated (Vietnamese messages),
audited. A token or a webhook secret is returned once, to be shown once; only its keyed hash
(token) or nothing (secret, derived) is kept."""

import datetime
import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub389 import policy
from hub389.accounts.models import Role, User
from hub389.api import tokens
from hub389.api.models import ApiClient, Scope
from hub389.audit import services as audit
from hub389.exchange import delivery
from hub389.exchange.models import DeliveryStatus, Webhook
from hub389.registry.models import Agency, SteeringCommittee

LONGEST = datetime.timedelta(days=732)  # a token lives two years at most


def parse_ips(text: str) -> list[str]:
    """The allow-list as typed (addresses or networks, one per line or comma-separated)."""
    found = []
    for part in text.replace(",", "\n").split():
        try:
            found.append(str(ipaddress.ip_network(part.strip(), strict=False)))
        except ValueError:
            raise ValidationError(
                {"allowed_ips": _("Địa chỉ IP không hợp lệ: %(ip)s") % {"ip": part}}
            ) from None
    return found


def check_values(name: str, contact: str, scopes: list[str], expires_on: datetime.date, rate: int) -> None:
    errors: dict[str, str] = {}
    if len(name.strip()) < 3:
        errors["name"] = _("Hãy nhập tên hệ thống.")
    if len(contact.strip()) < 3:
        errors["contact"] = _("Hãy nhập người liên hệ (tên, điện thoại hoặc thư điện tử).")
    unknown = [s for s in scopes if s not in Scope.values]
    if not scopes or unknown:
        errors["scopes"] = _("Chọn ít nhất một quyền hợp lệ.")
    today = timezone.localdate()
    if expires_on <= today or expires_on > today + LONGEST:
        errors["expires_on"] = _("Ngày hết hạn phải sau hôm nay và không quá hai năm.")
    if not 1 <= rate <= 100_000:
        errors["rate_per_minute"] = _("Số lần gọi mỗi phút phải từ 1 đến 100.000.")
    if errors:
        raise ValidationError(errors)


def _register(
    actor: User,
    owner: ApiClient,
    *,
    role: str,
    name: str,
    contact: str,
    scopes: list[str],
    expires_on: datetime.date,
    allowed_ips: str,
    rate_per_minute: int,
) -> tuple[ApiClient, str]:
    """The client `owner` (with its agency or holder set) and the user it acts through, which
    cannot sign in on the pages; (client, token). In the caller's transaction."""
    check_values(name, contact, scopes, expires_on, rate_per_minute)
    ips = parse_ips(allowed_ips)
    token, prefix = tokens.make()
    owner.user = User.objects.create(
        username=f"api-{prefix}",
        full_name=f"Hệ thống {name.strip()}"[:120],
        agency=owner.agency,
        role=role,
        is_api_client=True,
        password=make_password(None),  # unusable: never signs in on the pages
    )
    owner.name, owner.contact, owner.scopes = name.strip(), contact.strip(), sorted(set(scopes))
    owner.token_prefix, owner.token_hash = prefix, tokens.digest(token)
    owner.expires_on, owner.allowed_ips, owner.rate_per_minute = expires_on, "\n".join(ips), rate_per_minute
    owner.created_by = actor
    owner.save()
    whose = {"agency": owner.agency.code} if owner.agency else {"holder": owner.holder_id}
    audit.record(actor, "api.client_register", owner, changes={"scopes": owner.scopes, **whose})
    return owner, token


def register_client(
    actor: User,
    agency: Agency,
    *,
    name: str,
    contact: str,
    scopes: list[str],
    expires_on: datetime.date,
    allowed_ips: str = "",
    rate_per_minute: int = 600,
) -> tuple[ApiClient, str]:
    """A new client of `agency`; (client, token). The client acts through a user of its own,
    of the agency, that cannot sign in; it reads what an officer of the agency reads (the whole
    area too when the agency is a committee's standing office)."""
    policy.require(actor, "manage", ApiClient(agency=agency))
    standing = SteeringCommittee.objects.filter(standing_office=agency).exists()
    with transaction.atomic():
        return _register(
            actor,
            ApiClient(agency=agency),
            role=Role.STANDING_OFFICE if standing else Role.OFFICER,
            name=name,
            contact=contact,
            scopes=scopes,
            expires_on=expires_on,
            allowed_ips=allowed_ips,
            rate_per_minute=rate_per_minute,
        )


HOLDER_SCOPES = ["products:read", "products:write"]


def register_holder_client(
    actor: User,
    holder: Any,
    *,
    name: str,
    contact: str,
    expires_on: datetime.date,
    allowed_ips: str = "",
    rate_per_minute: int = 600,
) -> tuple[ApiClient, str]:
    """A rights holder's system, which keeps its product catalogue current (`PUT /products`);
    it acts through a user of the holder's account (a seat, not its master) that cannot sign in,
    and as itself only (no X-On-Behalf-Of)."""
    from hub389.brands.models import HolderUser

    policy.require(actor, "manage", ApiClient(holder=holder))
    with transaction.atomic():
        client, token = _register(
            actor,
            ApiClient(holder=holder),
            role=Role.RIGHTS_HOLDER,
            name=name,
            contact=contact,
            scopes=HOLDER_SCOPES,
            expires_on=expires_on,
            allowed_ips=allowed_ips,
            rate_per_minute=rate_per_minute,
        )
        HolderUser.objects.create(holder=holder, user=client.user)
    return client, token


def _locked(actor: User, client: ApiClient) -> ApiClient:
    client = ApiClient.objects.select_for_update(of=("self",)).select_related("user").get(pk=client.pk)
    policy.require(actor, "manage", client)
    return client


EDITABLE = ("name", "contact", "scopes", "expires_on", "allowed_ips", "rate_per_minute")


def update_client(
    actor: User,
    client: ApiClient,
    *,
    name: str,
    contact: str,
    scopes: list[str],
    expires_on: datetime.date,
    allowed_ips: str = "",
    rate_per_minute: int = 600,
) -> ApiClient:
    """Change what a client may do (its scopes, expiry, addresses, rate) or who answers for it,
    keeping its token; the audit entry holds each value before and after."""
    check_values(name, contact, scopes, expires_on, rate_per_minute)
    wanted = {
        "name": name.strip(),
        "contact": contact.strip(),
        "scopes": sorted(set(scopes)),
        "expires_on": expires_on,
        "allowed_ips": "\n".join(parse_ips(allowed_ips)),
        "rate_per_minute": rate_per_minute,
    }
    with transaction.atomic():
        client = _locked(actor, client)
        if client.revoked_at is not None:
            raise ValidationError(_("Khoá này đã bị thu hồi."))
        changed = {k: [str(getattr(client, k)), str(v)] for k, v in wanted.items() if getattr(client, k) != v}
        if not changed:
            return client
        for key in changed:
            setattr(client, key, wanted[key])
        client.save(update_fields=list(changed))
        audit.record(actor, "api.client_update", client, changes=changed)
    return client


def stop_webhook(actor: User, webhook: Webhook) -> Webhook:
    """No more deliveries to this address (those pending are dropped); its log is kept."""
    with transaction.atomic():
        _locked(actor, webhook.client)
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if not webhook.active:
            raise ValidationError(_("Webhook này đã ngừng."))
        webhook.active = False
        webhook.save(update_fields=["active"])
        dropped = webhook.deliveries.filter(status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="webhook ngừng"
        )
        audit.record(
            actor, "api.webhook_stop", webhook.client, changes={"url": webhook.url, "dropped": dropped}
        )
    return webhook


def revoke(actor: User, client: ApiClient, reason: str) -> ApiClient:
    """The token stops working at once (401); the client's records and calls are kept."""
    if len(reason.strip()) < 3:
        raise ValidationError({"reason": _("Hãy ghi lý do thu hồi.")})
    with transaction.atomic():
        client = _locked(actor, client)
        if client.revoked_at is not None:
            raise ValidationError(_("Khoá này đã bị thu hồi."))
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        client.webhooks.update(active=False)
        audit.record(actor, "api.client_revoke", client, reason=reason.strip())
    return client


def rotate(actor: User, client: ApiClient) -> str:
    """A new token for the client; the old one stops working at once."""
    token, prefix = tokens.make()
    with transaction.atomic():
        client = _locked(actor, client)
        if client.revoked_at is not None:
            raise ValidationError(_("Khoá này đã bị thu hồi."))
        client.token_prefix, client.token_hash = prefix, tokens.digest(token)
        client.save(update_fields=["token_prefix", "token_hash"])
        audit.record(actor, "api.client_rotate", client)
    return token


def add_webhook(actor: User, client: ApiClient, url: str) -> tuple[Webhook, str]:
    """(webhook, secret): where the client's events are pushed, and the secret that signs them."""
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"] if settings.DEBUG or _local(url) else ["https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Địa chỉ nhận phải là một URL https:// hợp lệ (http:// chỉ cho máy cục bộ khi thử).")}
        ) from None
    if _private(url):
        raise ValidationError({"url": _("Địa chỉ nhận không được là địa chỉ mạng nội bộ.")})
    with transaction.atomic():
        client = _locked(actor, client)
        if "events:read" not in client.scopes:
            raise ValidationError({"url": _("Hệ thống này chưa có quyền nhận sự kiện (events:read).")})
        if client.webhooks.filter(url=url, active=True).exists():
            raise ValidationError({"url": _("Hệ thống này đã có webhook đang chạy tới địa chỉ này.")})
        webhook = Webhook.objects.create(client=client, url=url, created_by=actor)
        audit.record(actor, "api.webhook_add", client, changes={"url": url})
    return webhook, delivery.secret_for(webhook)


def _private(url: str) -> bool:
    """A literal address of a private, link-local or reserved network: hub389's server must
    not be made to call its own neighbours (the machine itself stays allowed for trials)."""
    try:
        address = ipaddress.ip_address(urlsplit(url).hostname or "")
    except ValueError:
        return False
    return not address.is_loopback and (address.is_private or address.is_link_local or address.is_reserved)


def _local(url: str) -> bool:
    """A receiver on this machine (tests, a trial): plain http is accepted there only."""
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def rotate_webhook_secret(actor: User, webhook: Webhook) -> str:
    with transaction.atomic():
        _locked(actor, webhook.client)
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        webhook.secret_version += 1
        webhook.save(update_fields=["secret_version"])
        audit.record(actor, "api.webhook_rotate", webhook.client, changes={"webhook": webhook.pk})
    return delivery.secret_for(webhook)


def replay(actor: User, webhook: Webhook, after: int) -> int:
    """Send the agency's events after the cursor `after` again; the number queued."""
    if after < 0:
        raise ValidationError({"after": _("Con trỏ phải là số không âm.")})
    with transaction.atomic():
        _locked(actor, webhook.client)
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if not webhook.active:
            raise ValidationError(_("Webhook này đã ngừng."))
        queued = delivery.replay(webhook, after)
        audit.record(actor, "api.webhook_replay", webhook.client, changes={"after": after, "queued": queued})
    return queued


def touch(client: ApiClient) -> None:
    """`last_used_at`, written at most once a minute per client (not on every call)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at > datetime.timedelta(minutes=1):
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
