"""The exchange over the synthetic set (PostgreSQL): the events feed and the bulk import.

    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/exchange.py [--rows 10000]

`feed`: 20,000 events for one agency, then pages of 1,000 read through the API (the Django
test client: the full middleware and URL stack, no socket), p50/p95 over 40 pages.
`import`: a sheet of `--rows` case rows (two goods lines per case, a violator each) read,
checked by the case services and written all or nothing by the import's job functions;
rows per second for each phase. One JSON line each. Refuses a non-synthetic database."""

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")


def feed() -> dict[str, object]:
    from django.test import Client

    from hub389.accounts.models import User
    from hub389.api.services import register_client
    from hub389.exchange.models import Event

    office = User.objects.get(username="qltt.hanoi")
    agency = office.agency
    head = User.objects.get(username="truong.qltt.hanoi")
    _client, token = register_client(
        head,
        agency,
        name="Bench feed",
        contact="bench",
        scopes=["events:read"],  # type: ignore[arg-type]
        expires_on=datetime.date.today() + datetime.timedelta(days=2),
        rate_per_minute=100_000,
    )
    start = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Event.objects.bulk_create(
        [
            Event(
                agency=agency,
                kind="case.lead_notice",
                object_kind="case",
                object_id=i,
                reference=f"VV-2026-{i:06d}",
                payload={"from": "01-CA", "field": "luu-thong", "area": "00070"},
            )
            for i in range(1, 20_001)
        ],
        batch_size=5000,
    )
    http = Client()
    for _ in range(3):  # warmed as on a server that has been up (the first pages read cold)
        http.get("/api/v1/events", {"after": start, "limit": 1000}, HTTP_AUTHORIZATION=f"Bearer {token}")
    times, after = [], start
    for _ in range(40):
        began = time.perf_counter()
        answer = http.get(
            "/api/v1/events", {"after": after, "limit": 1000}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        times.append((time.perf_counter() - began) * 1000)
        body = answer.json()
        assert answer.status_code == 200 and len(body["items"]) == 1000, answer.content[:200]
        after = body["next"] if after < start + 19_000 else start
    times.sort()
    return {
        "bench": "events-feed",
        "page": 1000,
        "pages": 40,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * len(times)) - 1], 1),
    }


def sheet(rows: int) -> bytes:
    from openpyxl import Workbook

    from hub389.cases.imports import COLUMNS, EXAMPLE

    keys = [k for k, _ in COLUMNS]
    book = Workbook(write_only=True)
    out = book.create_sheet()
    out.append([h for _, h in COLUMNS])
    base = dict(zip(keys, EXAMPLE, strict=True))
    stamp = f"{time.time():.0f}"
    for i in range(rows):
        line = {**base, "source_id": f"BENCH-{stamp}-{i // 2}", "detected_on": f"{1 + i % 28:02d}/10/2026"}
        if i % 2:
            line.update(
                detected_on="",
                detection="",
                area="",
                summary="",
                violations="",
                subject_name="",
                description="Phấn mắt giả",
                quantity="200",
                value_vnd="30.000.000",
            )
        else:
            line.update(subject_citizen_id=f"0010{i // 2 % 10**8:08d}", subject_name=f"Nguyễn Văn {i // 2}")
        out.append([line[k] for k in keys])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def bulk_import(rows: int) -> dict[str, object]:
    from hub389.accounts.models import User
    from hub389.cases import imports
    from hub389.exchange import sheets

    officer = User.objects.select_related("agency").get(username="qltt.hanoi")
    data = sheet(rows)
    began = time.perf_counter()
    parsed = sheets.read(io.BytesIO(data), "bench.xlsx", imports.COLUMNS)
    read_s = time.perf_counter() - began
    began = time.perf_counter()
    records, problems, _notes = imports.check(officer, "BENCH", parsed, lambda d, t: None)
    check_s = time.perf_counter() - began
    assert not problems, problems[:3]
    began = time.perf_counter()
    counts = imports.commit(officer, "BENCH", records, lambda d, t: None)
    commit_s = time.perf_counter() - began
    total = read_s + check_s + commit_s
    counts.pop("written", None)
    return {
        "bench": "bulk-import",
        "rows": rows,
        "cases": len(records),
        **counts,
        "read_s": round(read_s, 1),
        "check_s": round(check_s, 1),
        "commit_s": round(commit_s, 1),
        "rows_per_s": round(rows / total, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--only", choices=["feed", "import"], default=None)
    args = parser.parse_args()
    import django

    django.setup()
    from bench.generate import is_synthetic

    if not is_synthetic():
        sys.exit("Từ chối: cơ sở dữ liệu không phải dữ liệu tổng hợp (bench/generate.py).")
    if args.only in (None, "feed"):
        print(json.dumps(feed(), ensure_ascii=False))
    if args.only in (None, "import"):
        print(json.dumps(bulk_import(args.rows), ensure_ascii=False))


if __name__ == "__main__":
    main()
