"""The network graph of a subject: what each reader sees and what is only counted, the expand
step, the GraphML and followthemoney exports, and a fixed number of queries whatever the size
(on both databases; the browser walk is in test_browser_subjects.py)."""

import datetime
import json
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from followthemoney import model as ftm

from hub389 import network
from hub389.audit.models import AuditEntry
from hub389.cases import services as cases
from hub389.registry.models import Area
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
BORN = datetime.date(1981, 6, 3)
GML = "{http://graphml.graphdrawing.org/xmlns}"


def _network(handler: Any, customs: Any) -> dict[str, Any]:
    """Market Surveillance Hà Nội's case (a trader, his company and its shop sharing his phone),
    and Customs Lạng Sơn's (a courier with the trader's phone, and a truck)."""
    mine = make_case(
        handler,
        violator={"kind": "person", "name": "Phùng Văn Khải", "date_of_birth": BORN, "phone": "0913 555 777"},
    )
    company = cases.record_subject(
        handler,
        mine,
        {
            "kind": "organisation",
            "name": "Công ty TNHH Khải Hoàn",
            "tax_code": "0101245486",
            "legal_representative": "Phùng Văn Khải",
        },
        role="owner",
    ).subject
    shop = cases.record_subject(
        handler,
        mine,
        {
            "kind": "online",
            "name": "Khải Hoàn Shop",
            "url": "https://shopee.vn/khaihoan",
            "phone": "0913555777",
        },
        role="related",
    ).subject
    border = Area.objects.filter(parent__code="20").order_by("code").first()
    assert border is not None
    theirs = make_case(
        customs,
        area=border.code,
        kinds=["smuggling"],
        violator={"kind": "person", "name": "Lò Văn Sinh", "phone": "+84 913 555 777"},
    )
    truck = cases.record_subject(
        customs,
        theirs,
        {"kind": "vehicle", "name": "Xe tải 12C-777.01", "plate": "12C-777.01"},
        role="related",
    ).subject
    trader = mine.subjects.get(role="violator").subject
    courier = theirs.subjects.get(role="violator").subject
    return {
        "mine": mine,
        "theirs": theirs,
        "trader": trader,
        "company": company,
        "shop": shop,
        "courier": courier,
        "truck": truck,
    }


def test_each_reader_sees_the_network_their_cases_open_and_counts_the_rest(
    handler: Any, customs: Any, owner: Any, coordinator: Any, admin_user: Any
) -> None:
    n = _network(handler, customs)
    graph = network.walk(handler, [n["trader"].pk], depth=2)
    ids = set(graph.nodes)
    assert {f"s{n['trader'].pk}", f"s{n['company'].pk}", f"s{n['shop'].pk}", f"c{n['mine'].pk}"} <= ids
    # Customs' case, its courier and its truck are not nodes: counted on the trader instead
    assert not {f"c{n['theirs'].pk}", f"s{n['courier'].pk}", f"s{n['truck'].pk}"} & ids
    trader = graph.nodes[f"s{n['trader'].pk}"]
    # counted with the agency to contact
    assert trader["hidden"] == ["1 liên kết tới đối tượng bạn không xem được, do Hải quan Lạng Sơn ghi nhận"]
    kinds = {(e["kind"], e["source"], e["target"]) for e in graph.edges.values()}
    assert ("representative", f"s{n['company'].pk}", f"s{n['trader'].pk}") in kinds
    phone = next(e for e in graph.edges.values() if e["kind"] == "phone")
    assert phone["label"] == "0913 555 777"  # recorded by the reader's own agency: shown

    # the administrator sees both cases; the courier's phone (Customs' record) is linked
    everything = network.walk(admin_user, [n["trader"].pk], depth=2)
    assert {f"c{n['theirs'].pk}", f"s{n['courier'].pk}", f"s{n['truck'].pk}"} <= set(everything.nodes)
    client = Client()
    client.force_login(handler)
    page = client.get(f"/subjects/{n['trader'].pk}/graph/")
    assert page.status_code == 200
    body = page.content.decode()
    assert (
        "Công ty TNHH Khải Hoàn" in body and "Lò Văn Sinh" not in body and n["theirs"].reference not in body
    )
    assert AuditEntry.objects.filter(action="subject.view_graph", object_id=str(n["trader"].pk)).exists()
    # the police open no case of this trader: no graph, no expansion, no export
    police = Client()
    police.force_login(coordinator)
    for suffix in ("graph/", "graph.json", "graph.graphml", "graph.ftm.json"):
        assert police.get(f"/subjects/{n['trader'].pk}/{suffix}").status_code == 403
    # once both cases are shared with the police, they see the phone link, the value masked
    # (neither record is theirs), as on the profile
    cases.share(handler, n["mine"], coordinator.agency, can_edit=False)
    cases.share(customs, n["theirs"], coordinator.agency, can_edit=False)
    seen = network.walk(coordinator, [n["trader"].pk], depth=1)
    phones = [e["label"] for e in seen.edges.values() if e["kind"] == "phone"]
    assert phones and set(phones) == {"•••"}  # nothing of the number: not its last digits
    assert f"s{n['courier'].pk}" in seen.nodes
    # Hà Nội's standing office opens what Hà Nội's agencies recorded, not Lạng Sơn's courier
    theirs = network.walk(owner, [n["trader"].pk], depth=2)
    assert f"s{n['company'].pk}" in theirs.nodes and f"s{n['courier'].pk}" not in theirs.nodes


def test_a_shared_phone_shows_as_the_reader_recorded_it_never_as_the_other_agency_did(
    handler: Any, customs: Any
) -> None:
    n = _network(handler, customs)
    cases.share(customs, n["theirs"], handler.agency, can_edit=False)
    client = Client()
    client.force_login(handler)
    # from either end (the trader is the reader's record, the courier Customs')
    for seed in (n["trader"], n["courier"]):
        graph = network.walk(handler, [seed.pk], depth=1)
        phone = next(e for e in graph.edges.values() if e["kind"] == "phone")
        assert phone["label"] == "0913 555 777"
        for suffix in ("graph/", "graph.json", "graph.graphml", "graph.ftm.json"):
            body = client.get(f"/subjects/{seed.pk}/{suffix}").content.decode()
            assert "0913 555 777" in body or "0913555777" in body
            assert "+84 913 555 777" not in body, suffix


def test_expand_and_the_exports_follow_the_same_scope(handler: Any, customs: Any) -> None:
    n = _network(handler, customs)
    client = Client()
    client.force_login(handler)
    expanded = client.get(f"/subjects/{n['company'].pk}/graph.json").json()
    ids = {x["data"]["id"] for x in expanded["nodes"]}
    assert f"c{n['mine'].pk}" in ids and f"c{n['theirs'].pk}" not in ids
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in expanded["edges"])

    xml = client.get(f"/subjects/{n['trader'].pk}/graph.graphml")
    assert xml["Content-Type"].startswith("application/graphml+xml")
    root = ET.fromstring(xml.content)
    nodes = root.findall(f"{GML}graph/{GML}node")
    edges = root.findall(f"{GML}graph/{GML}edge")
    graph = network.walk(handler, [n["trader"].pk], depth=2)
    assert len(nodes) == len(graph.nodes) and len(edges) == len(graph.edges)
    labels = {d.text for node in nodes for d in node.findall(f"{GML}data") if d.get("key") == "n_label"}
    assert "Phùng Văn Khải" in labels and "Lò Văn Sinh" not in labels

    lines = client.get(f"/subjects/{n['trader'].pk}/graph.ftm.json").content.decode().splitlines()
    entities = [ftm.get_proxy(json.loads(line)) for line in lines]  # followthemoney validates each
    known = {e.id for e in entities}
    for e in entities:  # every reference resolves inside the export
        for prop, value in e.itervalues():
            if prop.type.name == "entity":
                assert value in known, (e.schema.name, prop.name, value)
    schemata = {e.schema.name for e in entities}
    assert {"Person", "Company", "UserAccount", "Event", "Directorship", "UnknownLink"} <= schemata
    # the reader's own record's birth date and phone; nothing of a record the reader may not read
    trader = next(e for e in entities if e.id == f"hub389-subject-{n['trader'].pk}")
    assert trader.get("birthDate") == [BORN.isoformat()] and trader.get("name") == ["Phùng Văn Khải"]
    assert "+84 913 555 777" not in "\n".join(lines)
    directorship = next(e for e in entities if e.schema.name == "Directorship")
    assert "trùng tên" in (directorship.first("description") or "")
    assert (
        AuditEntry.objects.filter(action="subject.export_graph", object_id=str(n["trader"].pk)).count() == 2
    )


def test_a_phone_many_subjects_share_links_none(handler: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(network, "PER_VALUE", 2)
    first = make_case(handler, violator={"kind": "person", "name": "Hà Văn Một", "phone": "0904000111"})
    for name in ("Hà Văn Hai", "Hà Văn Ba"):
        make_case(handler, violator={"kind": "person", "name": name, "phone": "0904 000 111"})
    graph = network.walk(handler, [first.subjects.get().subject.pk], depth=2)
    assert not [e for e in graph.edges.values() if e["kind"] == "phone"]


def test_the_walk_reads_a_fixed_number_of_queries_whatever_the_size(handler: Any) -> None:
    def build(size: int) -> int:
        hub = make_case(
            handler, violator={"kind": "person", "name": f"Đầu Mối {size}", "phone": f"09120{size:05d}"}
        )
        seed = hub.subjects.get().subject
        for i in range(size):
            cases.record_subject(
                handler, hub, {"kind": "person", "name": f"Người Thứ {size}-{i}"}, role="related"
            )
            make_case(
                handler,
                violator={"kind": "person", "name": f"Bạn Hàng {size}-{i}", "phone": f"09120{size:05d}"},
            )
        with CaptureQueriesContext(connection) as queries:
            graph = network.walk(handler, [seed.pk], depth=2)
        assert len(graph.nodes) >= 2 * size
        return len(queries)

    assert build(3) == build(12)
