"""Events reach the agency's system: in its feed from a cursor, and pushed to its webhook (a
real HTTP server here) signed, retried with backoff, and delivered once per event even when the
worker was down between the commit and the send."""

import datetime
import hashlib
import hmac
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub389.api import services
from hub389.api.tests.conftest import Api, register
from hub389.cases.models import LeadNotice
from hub389.exchange import delivery
from hub389.exchange.models import Delivery, DeliveryStatus, Event, EventKind
from hub389.tests.factories import make_case
from hub389.tests.inprocess import run_worker
from hub389.tests.personas import persona


class Receiver(http.server.BaseHTTPRequestHandler):
    got: list[dict[str, Any]] = []
    fail_next = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Receiver.fail_next:
            Receiver.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        Receiver.got.append({"headers": dict(self.headers), "body": body})
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.got, Receiver.fail_next = [], 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hub389"
    server.shutdown()


def _lead_and_hook(url: str) -> tuple[Any, Any, str, Any]:
    """A case whose lead is another agency, that agency's client with a webhook."""
    probe = make_case(persona("handler"))
    lead = LeadNotice.objects.get(case=probe).to_agency
    client, token = register("admin_user", agency=lead, scopes=["events:read", "cases:read"])
    _webhook, secret = services.add_webhook(persona("admin_user"), client, url)
    return lead, client, secret, Api(token)


def test_the_feed_lists_the_agencys_events_from_a_cursor(db: Any, receiver: str) -> None:
    lead, _, _, api = _lead_and_hook(receiver)
    make_case(persona("handler"), summary="Lần thứ hai: hàng điện tử không rõ nguồn gốc")
    page = api("GET", "events").json()
    mine = list(Event.objects.filter(agency=lead).order_by("pk"))
    assert [e["id"] for e in page["items"]] == [e.pk for e in mine] and page["next"] == mine[-1].pk
    assert {e["kind"] for e in page["items"]} == {EventKind.LEAD_NOTICE}
    assert api("GET", "events", {"after": page["next"]}).json() == {"items": [], "next": page["next"]}
    other = register("head", scopes=["events:read"])[1]
    assert all(e["id"] not in {m.pk for m in mine} for e in Api(other)("GET", "events").json()["items"])


def test_a_webhook_is_signed_and_delivered_once_though_the_worker_was_down(
    db: Any, receiver: str, django_capture_on_commit_callbacks: Any
) -> None:
    _, _client, secret, _ = _lead_and_hook(receiver)
    Receiver.got.clear()
    Delivery.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        case = make_case(persona("handler"), summary="Hàng điện tử nhập lậu, kho Long Biên")
    event = Event.objects.filter(object_id=case.pk).get()
    assert Delivery.objects.get(event=event).status == DeliveryStatus.PENDING
    assert queued and not Receiver.got  # committed, queued, and no worker ran: nothing sent yet
    # The worker comes back: the real queue's worker runs the queued send.
    for callback in queued:
        callback()
    run_worker()
    assert len(Receiver.got) == 1
    sent = Receiver.got[0]
    body = json.loads(sent["body"])
    assert body["uid"] == str(event.uid) and body["object"]["reference"] == case.reference
    assert sent["headers"]["X-Hub389-Event-Id"] == str(event.uid)
    stamp, mac = (part.split("=", 1)[1] for part in sent["headers"]["X-Hub389-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + sent["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(mac, expected)
    # Every later sweep (the command, another worker) finds nothing more to send for it.
    call_command("send_webhooks", verbosity=0)
    delivery.send_pending()
    assert len(Receiver.got) == 1 and Delivery.objects.get(event=event).status == DeliveryStatus.DELIVERED


def test_a_worker_that_died_mid_send_leaves_it_to_the_next_after_its_lease(db: Any, receiver: str) -> None:
    _lead_and_hook(receiver)
    Delivery.objects.all().delete()
    case = make_case(persona("handler"), summary="Lô hàng điện tử thứ ba")
    pending = Delivery.objects.get(event__object_id=case.pk)
    claimed = delivery._claim(timezone.now())  # the worker claims it, then dies before sending
    assert claimed is not None and claimed.pk == pending.pk
    assert delivery.send_pending() == {"sent": 0, "failed": 0}  # within its lease: left alone
    Delivery.objects.filter(pk=pending.pk).update(next_at=timezone.now() - datetime.timedelta(seconds=1))
    assert delivery.send_pending() == {"sent": 1, "failed": 0}
    assert len([g for g in Receiver.got if json.loads(g["body"])["object"]["id"] == case.pk]) == 1


def test_a_refusing_receiver_is_retried_with_backoff_then_replayed(db: Any, receiver: str) -> None:
    _, client, _, _ = _lead_and_hook(receiver)
    Delivery.objects.all().delete()
    Receiver.got.clear()
    Receiver.fail_next = 1
    case = make_case(persona("handler"), summary="Lô hàng điện tử thứ tư")
    assert delivery.send_pending() == {"sent": 0, "failed": 1}
    row = Delivery.objects.get(event__object_id=case.pk)
    assert (
        row.last_code == 503
        and row.attempts == 1
        and row.next_at > timezone.now() + datetime.timedelta(seconds=25)
    )
    Delivery.objects.filter(pk=row.pk).update(next_at=timezone.now())
    assert delivery.send_pending() == {"sent": 1, "failed": 0}
    # The agency asks for everything again from the start: replayed, every event once more.
    webhook = client.webhooks.get()
    queued = services.replay(persona("admin_user"), webhook, 0)
    assert queued == Event.objects.filter(agency=client.agency).count()
    before = len(Receiver.got)
    delivery.send_pending()
    assert len(Receiver.got) == before + queued
