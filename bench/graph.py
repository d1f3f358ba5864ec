"""The network graph of a subject at a few thousand nodes: a trader in 40 cases, each naming 10
other subjects, each of whom is in 2 more cases with 3 others (≈ 3,600 nodes within two steps,
so the walk stops at `network.NODE_LIMIT`). Measures, for the national standing office:
the server's walk (seconds, queries), the page's answer, then in Chromium the layout (fCoSE),
a filter over every node and a zoom frame. One JSON line at the end.

    HUB389_VAR_DIR=$(mktemp -d) .venv/bin/python bench/graph.py   # SQLite in a fresh directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hub389_graph .venv/bin/python bench/graph.py

The database is migrated and loaded with the registry and the demo first (an empty one: the
script makes its own network). Goals (issue 16): the graph stays responsive with thousands of
nodes: page < 2 s, layout < 5 s, a filter < 200 ms, a zoom frame < 100 ms.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HUB, FIRST, SECOND, OTHERS = 40, 10, 2, 3
GOALS = {"page_s": 2.0, "layout_ms": 5000, "filter_ms": 200, "zoom_frame_ms": 100}


def build() -> int:
    from hub389.accounts.models import User
    from hub389.cases import services as cases
    from hub389.cases.models import CaseSubject
    from hub389.cases.services import CaseInput, GoodsLine
    from hub389.lib import counted
    from hub389.registry.models import Area, GoodsGroup
    from hub389.subjects.services import find_or_create_many

    officer = User.objects.get(username="qltt.hanoi")
    area, goods = Area.objects.get(code="00070"), GoodsGroup.objects.get(code="my-pham")
    day = datetime.date(2026, 11, 2)

    def record(violators: list[dict], extra: list[list[dict]]) -> list[int]:
        made = cases.record_cases(
            officer,
            [
                CaseInput(
                    detection="inspection",
                    detected_on=day - datetime.timedelta(days=i % 300),
                    area=area,
                    summary="Kinh doanh mỹ phẩm giả",
                    violations=["counterfeit"],
                    goods_group=goods,
                    goods=[GoodsLine("Mỹ phẩm", "10", "hộp", 1_000_000)],
                    violator=v,
                )
                for i, v in enumerate(violators)
            ],
        )
        for case, others in zip(made, extra, strict=True):
            subjects = find_or_create_many(officer, others, source="case", source_id=str(case.pk))
            with counted.bulk():  # "related" subjects: no figure counts them
                CaseSubject.objects.bulk_create(
                    [CaseSubject(case=case, subject=s, role="related") for s, _new in subjects],
                    ignore_conflicts=True,
                )
        return [c.pk for c in made]

    def cccd(n: int) -> str:  # Hà Nội, born 1980–1999: the same person again is found by it
        return f"0010{80 + n % 20:02d}{n:06d}"

    boss = {"kind": "person", "name": "Trùm Mỹ Phẩm", "phone": "0909000000", "citizen_id": cccd(0)}
    first = [
        [
            {"kind": "person", "name": f"Người Một {i}-{j}", "citizen_id": cccd(1 + i * FIRST + j)}
            for j in range(FIRST)
        ]
        for i in range(HUB)
    ]
    record([boss] * HUB, first)
    second_v, second_x = [], []
    for i in range(HUB):
        for j in range(FIRST):
            for k in range(SECOND):
                second_v.append(first[i][j])
                second_x.append(
                    [{"kind": "person", "name": f"Người Hai {i}-{j}-{k}-{m}"} for m in range(OTHERS)]
                )
    for start in range(0, len(second_v), 200):
        record(second_v[start : start + 200], second_x[start : start + 200])
    from hub389.subjects.models import Subject

    return Subject.objects.filter(name="Trùm Mỹ Phẩm").order_by("pk").values_list("pk", flat=True)[0]


def browser(base: str, pk: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        page = chromium.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", "vptt.quocgia")
        page.fill("input[name=password]", "hub389-demo")
        page.click("button[type=submit]")
        started = time.perf_counter()
        page.goto(f"{base}/subjects/{pk}/graph/")
        page.wait_for_selector("#graph[data-ready='1']", state="attached", timeout=120000)
        ready = time.perf_counter() - started
        layout = int(page.get_attribute("#graph", "data-layout-ms") or 0)
        drawn = int(page.get_attribute("#graph", "data-drawn-ms") or 0)
        nodes = page.evaluate("window.hub389Graph.nodes().length")
        filters = []
        for _ in range(5):
            filters.append(
                page.evaluate(
                    """() => { const box = document.querySelector("input[name=node][value=case]");
                    const t = performance.now(); box.click(); return performance.now() - t; }"""
                )
            )
        frames = page.evaluate(
            """() => new Promise(done => {
            const cy = window.hub389Graph, times = []; let last = performance.now(), n = 0;
            const step = () => { const now = performance.now(); times.push(now - last); last = now;
              cy.zoom({ level: cy.zoom() * (n % 2 ? 1.25 : 0.8), renderedPosition: { x: 400, y: 300 } });
              if (++n < 20) { requestAnimationFrame(step); } else { done(times.slice(1)); } };
            requestAnimationFrame(step); })"""
        )
        chromium.close()
    return {
        "browser_ready_s": round(ready, 2),
        "layout_ms": layout,
        "script_to_drawn_ms": drawn,
        "nodes_drawn": nodes,
        "filter_ms_median": round(statistics.median(filters), 1),
        "zoom_frame_ms_median": round(statistics.median(frames), 1),
        "zoom_frame_ms_max": round(max(frames), 1),
    }


def main() -> None:
    from django.test import Client

    from hub389 import network
    from hub389.accounts.models import User
    from hub389.demo import load_demo

    call_command("migrate", verbosity=0)
    call_command("load_registry", verbosity=0)
    load_demo()
    t = time.perf_counter()
    pk = build()
    built = time.perf_counter() - t
    office = User.objects.get(username="vptt.quocgia")
    walks = []
    for _ in range(3):
        reset_queries()  # with DEBUG on, the log is full from the build: capture from empty
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            graph = network.walk(office, [pk], depth=2)
            walks.append(time.perf_counter() - t)
    client = Client()
    client.force_login(office)
    pages = []
    for _ in range(3):
        t = time.perf_counter()
        assert client.get(f"/subjects/{pk}/graph/").status_code == 200
        pages.append(time.perf_counter() - t)
    result = {
        "benchmark": "subject_graph",
        "database": connection.vendor,
        "built_s": round(built, 1),
        "nodes": len(graph.nodes),
        "edges": len(graph.edges),
        "truncated": graph.truncated,
        "walk_s_median": round(statistics.median(walks), 3),
        "walk_queries": len(queries),
        "page_s_median": round(statistics.median(pages), 3),
    }
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={})
    server.daemon = True
    server.start()
    server.is_ready.wait()
    try:
        result.update(browser(f"http://127.0.0.1:{server.port}", pk))
    finally:
        server.terminate()
    result["goals"] = GOALS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
