"""The public portal under load: anonymous readers on the portal home, the published decisions
filtered by province and goods group, and a decision's page, served by gunicorn on this
machine with Locust (the load generator) on the same two cores.

    DATABASE_URL=postgres://…/hub389_portal .venv/bin/python bench/portal.py [--notices 5000]
        [--users 60] [--time 60s] [--workers 3]

Builds its own database when it is empty (registry, demo, `--notices` published decisions
made through the services from the demo's and copies of them across the 34 provinces), warms
each worker, then prints one JSON line: requests per second, p50/p95/p99, errors, and the same
by page. The goal (issue 17): ≥ 500 requests/s with p95 < 100 ms."""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
PORT = 8901
# What the readers ask for (bench/locustfile.py Reader).
PROVINCES = ["01", "31", "79", "20", "15", "48", "22"]
GOODS = ["sua", "my-pham", "thuoc-la", "dien-tu", ""]
BIN = Path(sys.executable).parent

from bench.load import locust_figures, page_figures, run_locust  # noqa: E402 (after the path is set)


def prepare(count: int) -> list[int]:
    """The published notices to read: the demo's, proposed and approved through the services,
    then copies across provinces and goods groups up to `count` (bench data, written in bulk)."""
    from django.core.management import call_command
    from django.db import connection

    from hub389.portal.models import Notice
    from hub389.registry.models import Area, GoodsGroup

    if "registry_area" not in connection.introspection.table_names() or not Area.objects.exists():
        call_command("migrate", verbosity=0)
        call_command("load_registry", verbosity=0)
        from hub389.demo import load_all

        load_all()
    live = Notice.objects.live()
    have = live.count()
    if have < count:
        template = list(live.order_by("pk"))
        if not template:
            sys.exit("Không có quyết định nào đang công khai để nhân bản: dùng một cơ sở dữ liệu trống.")
        provinces = list(Area.objects.filter(kind="province"))
        groups = list(GoodsGroup.objects.all())
        rng = random.Random(17)
        copies = []
        for i in range(count - have):
            n = template[i % len(template)]
            n.pk = None
            n.province = rng.choice(provinces)
            n.area = n.province
            n.goods_group = rng.choice(groups)
            n.decision_no = f"{1000 + i}/QĐ-XPHC"
            copies.append(n)
        Notice.objects.bulk_create(copies, batch_size=1000)
    return list(live.values_list("pk", flat=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--time", default="60s")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-hub389")
    import django

    django.setup()
    ids = prepare(args.notices)
    if args.prepare_only:
        print(json.dumps({"bench": "portal", "notices": len(ids), "prepared": True}))
        return
    # The cache the workers share (Redis, as in production); without REDIS_URL each worker
    # keeps its own and warms it alone.
    shared = bool(os.environ.get("REDIS_URL"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "HUB389_BENCH_NOTICES": ",".join(str(i) for i in random.sample(ids, min(500, len(ids)))),
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "hub389.wsgi",
            "-w",
            str(args.workers),
            "-k",
            "gthread",  # keeps the readers' connections open (sync workers close each one)
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(5)
        # Warm the cache (each worker's own, without Redis): the pages the readers will ask for.
        sample = env["HUB389_BENCH_NOTICES"].split(",")
        lists = [f"/cong-khai/vi-pham/?province={p}&goods={g}" for p in PROVINCES for g in GOODS]
        urls = ["/", *lists, *(f"/cong-khai/vi-pham/{i}/" for i in sample)]
        for url in urls * (1 if shared else args.workers):
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=60) as r:
                r.read()
        out = Path(tempfile.mkdtemp(prefix="hub389-portal-")) / "run"
        run_locust(out, "Reader", args.users, args.users, args.time, PORT, env)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, figures = locust_figures(out)
    print(
        json.dumps(
            {
                "bench": "portal",
                "notices": len(ids),
                "users": args.users,
                "workers": args.workers,
                "threads": args.threads,
                "cache": "redis" if shared else "per worker",
                "duration": args.time,
                **figures,
                "pages": page_figures(rows),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
