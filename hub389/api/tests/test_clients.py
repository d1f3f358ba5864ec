"""Clients and their tokens: only the keyed hash is kept; a revoked, expired, rotated-out or
unknown token gets the same 401; a missing scope, a wrong address or a foreign officer a 403;
too many calls a 429; every call is logged; and only the agency's head (or an administrator)
manages the agency's clients."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hub389.api import services
from hub389.api.models import ApiCall, ApiClient
from hub389.api.tests.conftest import Api, register
from hub389.audit.models import AuditEntry
from hub389.tests.factories import make_case
from hub389.tests.personas import persona


def test_the_token_is_kept_only_as_a_keyed_hash(db: Any) -> None:
    client, token = register()
    stored = ApiClient.objects.get(pk=client.pk)
    assert token not in (stored.token_hash, stored.token_prefix) and token.startswith(
        f"h389_{stored.token_prefix}_"
    )
    assert not AuditEntry.objects.filter(changes__icontains=token).exists()
    assert stored.user.is_api_client and not stored.user.has_usable_password()
    assert Api(token)("GET", "fields").status_code == 200


def test_unknown_revoked_expired_and_rotated_tokens_get_the_same_401(db: Any) -> None:
    client, token = register()
    head = persona("head")
    assert Api(token[:-2] + "xx")("GET", "fields").status_code == 401
    assert Api("nonsense")("GET", "fields").status_code == 401
    new = services.rotate(head, client)
    assert Api(token)("GET", "fields").status_code == 401
    assert Api(new)("GET", "fields").status_code == 200
    ApiClient.objects.filter(pk=client.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    expired = Api(new)("GET", "fields")
    assert expired.status_code == 401 and expired["WWW-Authenticate"].startswith("Bearer")
    ApiClient.objects.filter(pk=client.pk).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    services.revoke(head, client, "Hệ thống ngừng sử dụng")
    revoked = Api(new)("GET", "fields")
    assert revoked.status_code == 401 and revoked.json()["code"] == "unauthenticated"


def test_scope_address_and_rate_are_enforced(db: Any) -> None:
    _, token = register(scopes=["registry:read"], allowed_ips="10.0.0.0/8", rate_per_minute=2)
    api = Api(token)
    refused = api("GET", "fields")  # the test client calls from 127.0.0.1
    assert refused.status_code == 403 and refused.json()["code"] == "ip_not_allowed"
    _, token = register(scopes=["registry:read"], allowed_ips="127.0.0.1", rate_per_minute=2)
    api = Api(token)
    assert api("GET", "cases").json()["code"] == "scope_missing"
    assert api("GET", "fields").status_code == 200
    limited = api("GET", "fields")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1


def test_a_write_on_behalf_of_an_officer_of_another_agency_is_refused(db: Any) -> None:
    _, token = register(scopes=["cases:read"])
    api = Api(token)
    assert api("GET", "cases", **{"X-On-Behalf-Of": "qltt.hanoi"}).status_code == 200
    other = api("GET", "cases", **{"X-On-Behalf-Of": "congan.hanoi"})
    assert other.status_code == 403 and other.json()["code"] == "not_an_officer"


def test_every_call_is_logged_with_its_route_and_record(db: Any) -> None:
    client, token = register(scopes=["cases:read"])
    case = make_case(persona("handler"))
    Api(token)("GET", f"cases/{case.pk}")
    call = ApiCall.objects.get(client=client)
    assert call.status == 200 and call.route == "api/v1/cases/<case_id>" and call.object_ref.startswith("VV-")


def test_only_the_head_or_an_administrator_manages_an_agencys_clients(db: Any) -> None:
    head, handler, stranger, admin = (persona(n) for n in ("head", "handler", "stranger", "admin_user"))
    kwargs = {
        "name": "Hệ thống xử lý vi phạm",
        "contact": "Phòng CNTT",
        "scopes": ["cases:read"],
        "expires_on": timezone.localdate() + datetime.timedelta(days=10),
    }
    with pytest.raises(PermissionDenied):
        services.register_client(handler, head.agency, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.register_client(stranger, head.agency, **kwargs)  # type: ignore[arg-type]
    client, _ = services.register_client(admin, head.agency, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.revoke(stranger, client, "không phải của tôi")
    with pytest.raises(ValidationError):
        services.register_client(head, head.agency, **{**kwargs, "scopes": ["everything"]})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        services.register_client(head, head.agency, **{**kwargs, "allowed_ips": "không phải IP"})  # type: ignore[arg-type]


def test_the_token_page_shows_the_key_once_and_a_reload_repeats_nothing(db: Any) -> None:
    from django.test import Client

    browser = Client()
    browser.force_login(persona("head"))
    form = {
        "name": "Hệ thống xử lý vi phạm",
        "contact": "Phòng CNTT",
        "scopes": ["cases:read"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=41)).strftime("%d/%m/%Y"),
        "rate_per_minute": "600",
    }
    posted = browser.post("/api-clients/new/", form)
    assert posted.status_code == 302 and posted["Location"].endswith("/key/")
    shown = browser.get(posted["Location"]).content.decode()
    assert 'id="token"' in shown and "h389_" in shown
    again = browser.get(posted["Location"]).content.decode()
    assert "h389_" not in again and "đã được hiển thị" in again
    assert ApiClient.objects.filter(name="Hệ thống xử lý vi phạm").count() == 1
    bad = browser.post(
        "/api-clients/new/", {**form, "scopes": [], "expires_on": "01/01/2025", "allowed_ips": "abc"}
    )
    page = bad.content.decode()
    assert all(
        m in page
        for m in ("Chọn ít nhất một quyền", "Ngày hết hạn phải sau hôm nay", "Địa chỉ IP không hợp lệ")
    )


def test_a_head_changes_a_clients_scopes_and_addresses_keeping_its_token(db: Any) -> None:
    from django.test import Client

    client, token = register(scopes=["registry:read"], allowed_ips="10.0.0.0/8")
    api = Api(token)
    assert api("GET", "fields").json()["code"] == "ip_not_allowed"
    head = persona("head")
    browser = Client()
    browser.force_login(head)
    page = browser.get(f"/api-clients/{client.pk}/edit/")
    assert page.status_code == 200 and "10.0.0.0/8" in page.content.decode()
    form = {
        "name": client.name,
        "contact": client.contact,
        "scopes": ["registry:read", "cases:read"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=41)).strftime("%d/%m/%Y"),
        "allowed_ips": "127.0.0.1\n10.0.0.0/8",
        "rate_per_minute": "1.000",  # a thousand, the Vietnamese way
    }
    bad = browser.post(f"/api-clients/{client.pk}/edit/", {**form, "allowed_ips": "abc"})
    assert bad.status_code == 200 and "Địa chỉ IP không hợp lệ" in bad.content.decode()
    done = browser.post(f"/api-clients/{client.pk}/edit/", form)
    assert done.status_code == 302
    assert api("GET", "fields").status_code == 200 and api("GET", "cases").status_code == 200
    assert ApiClient.objects.get(pk=client.pk).rate_per_minute == 1000
    entry = AuditEntry.objects.get(action="api.client_update")
    assert set(entry.changes) == {"scopes", "allowed_ips", "expires_on", "rate_per_minute"}
    with pytest.raises(PermissionDenied):
        services.update_client(
            persona("handler"),
            client,
            name=client.name,
            contact=client.contact,
            scopes=["cases:read"],
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
            rate_per_minute=5,
        )


def test_a_stopped_webhook_gets_nothing_more(db: Any) -> None:
    client, _token = register(scopes=["events:read"])
    head = persona("head")
    webhook, _secret = services.add_webhook(head, client, "https://he-thong.example.vn/hub389")
    stopped = services.stop_webhook(head, webhook)
    assert not stopped.active and AuditEntry.objects.filter(action="api.webhook_stop").exists()
    with pytest.raises(ValidationError):
        services.stop_webhook(head, webhook)
    with pytest.raises(ValidationError):
        services.replay(head, webhook, 0)  # a stopped webhook is not sent to again
    again, _secret = services.add_webhook(head, client, "https://he-thong.example.vn/hub389")
    with pytest.raises(ValidationError):
        services.add_webhook(head, client, "https://he-thong.example.vn/hub389")  # one running per address
    for inside in ("https://10.0.0.5/hook", "https://192.168.1.10/hook", "https://169.254.169.254/latest"):
        with pytest.raises(ValidationError):
            services.add_webhook(head, client, inside)
    services.stop_webhook(head, again)
    case = make_case(persona("handler"), goods="sua")  # tells a lead agency: an event, no delivery
    assert not stopped.deliveries.exists() and case.pk
