"""The client's address behind the reverse proxy: taken from X-Forwarded-For only when the
request comes through a proxy of ours, the rightmost untrusted hop; a forged header from
anywhere else is ignored. One abuser behind the proxy locks out nobody else."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from hub389.audit.models import AuditEntry
from hub389.lib.clientip import client_ip
from hub389.tests.factories import public_tip_form

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings: Any) -> Any:
    settings.HUB389_TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]
    settings.HUB389_TIP_POW_BITS = 4
    cache.clear()
    yield
    cache.clear()


def _ip(remote: str, forwarded: str | None = None) -> str:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(request)


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        # What the client wrote itself stays on the left, behind the hop our proxy saw.
        (PROXY, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        # Two proxies of ours in a row: the first untrusted hop from the right.
        (PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (PROXY, "2001:db8::1, fd00::2", "2001:db8::1"),
        # A hop that is not an address: the last one our proxies vouched for.
        (PROXY, "junk, 10.0.0.9", "10.0.0.9"),
        (PROXY, "", PROXY),
        # As proxies also write them: with a port, bracketed, IPv4 mapped into IPv6.
        (PROXY, "203.0.113.7:51234", "203.0.113.7"),
        (PROXY, "[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:10.0.0.5", "203.0.113.9", "203.0.113.9"),
        ("::ffff:198.51.100.4", "203.0.113.9", "198.51.100.4"),
        (PROXY, None, PROXY),
        # Not through our proxy: the header is anybody's, and ignored.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
    ],
)
def test_the_rightmost_untrusted_hop(remote: str, forwarded: str | None, expected: str) -> None:
    assert _ip(remote, forwarded) == expected


def test_without_trusted_proxies_the_header_is_never_read(settings: Any) -> None:
    settings.HUB389_TRUSTED_PROXIES = []
    assert _ip(PROXY, "203.0.113.7") == PROXY


def _tip(client: Client) -> int:
    return client.post(reverse("tips_public:submit"), public_tip_form(client)).status_code


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_one_flooder_behind_the_proxy_does_not_stop_another_citizen(settings: Any) -> None:
    settings.HUB389_TIP_RATE_PER_HOUR = 1
    flooder = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _tip(flooder) == 302
    assert _tip(flooder) == 429
    # The flooder cannot get round it by writing another address into the header.
    forged = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.7")
    assert _tip(forged) == 429
    neighbour = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert _tip(neighbour) == 302


@pytest.mark.django_db
def test_a_forged_header_from_outside_changes_nothing(settings: Any, behind_proxy: None) -> None:
    settings.HUB389_TIP_RATE_PER_HOUR = 1
    assert _tip(Client(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.1")) == 302
    assert _tip(Client(REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="203.0.113.2")) == 429


def _login(client: Client, password: str) -> int:
    return client.post("/accounts/login/", {"username": "qltt.hanoi", "password": password}).status_code


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_sign_in_throttling_and_the_audit_log_see_the_client(settings: Any) -> None:
    guesser = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(guesser, "wrong-password")
    assert _login(guesser, "hub389-demo") == 429
    officer = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert _login(officer, "hub389-demo") == 302
    entry = AuditEntry.objects.filter(action="user.login", actor__username="qltt.hanoi").latest("id")
    assert entry.ip == "203.0.113.8"


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_an_ipv6_subscriber_cannot_escape_the_limit_by_changing_address(settings: Any) -> None:
    settings.HUB389_TIP_RATE_PER_HOUR = 1
    assert _tip(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2::10")) == 302
    # The same /64, another address: the same subscriber.
    assert _tip(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2::99")) == 429
    assert _tip(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:3::10")) == 302
