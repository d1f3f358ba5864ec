"""Load tests against gunicorn on 127.0.0.1 over the synthetic data set (PostgreSQL).

    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/load.py pages [--users 50] [--time 2m]
    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/load.py tips [--users 40] [--time 5m]
    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/load.py flood [--users 40]
        [--officers 50] [--baseline 2m] [--time 5m]

`pages`: officers open the case list with filters, the search, the tip queue and the
dashboard; prints p50/p95/p99 and errors. `tips`: citizens send tips through the public form
as fast as the server takes them; prints the throughput, p95, and whether every receipt shown
has its intake row. `flood`: the officers alone, then the officers and the citizens at once,
with Redis and an RQ worker as in production; prints both p95s, the submissions per second,
and, once the worker has caught up, whether every receipt has its tip. One JSON line each.
Refuses a non-synthetic database.
"""

import argparse
import csv
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
PORT = 8900
BIN = Path(sys.executable).parent


def _ms(value: object) -> float | None:
    """A Locust figure, or None where it has none ("N/A": no request of that kind succeeded)."""
    try:
        return float(str(value))
    except ValueError:
        return None


OFFICERS = [
    "vptt.hanoi",
    "qltt.hanoi",
    "canbo.qltt.hanoi",
    "truong.qltt.hanoi",
    "congan.hanoi",
    "lanhdao.hanoi",
]


def signed_in(usernames: list[str]) -> list[str]:
    """A session cookie for each officer, made as signing in makes it."""
    from django.conf import settings
    from django.test import Client

    from hub389.accounts.models import User

    cookies = []
    for name in usernames:
        client = Client()
        client.force_login(User.objects.get(username=name))
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


WARM_PAGES = [
    "/cases/?province=01&from=01/01/2026",
    "/cases/?q=sua",
    "/tips/",
    "/reports/dashboard/?committee=01",
]


def warm_up(session: str, workers: int) -> None:
    """Open each page a few times per worker before measuring, as on a server that has been up
    (imports, compiled templates, the dashboard's cache in each process): otherwise the first
    seconds' cold workers make the slowest percent."""
    import urllib.request

    for url in WARM_PAGES * (3 * workers):
        cookie = {"Cookie": f"sessionid={session}"}
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{url}", headers=cookie)
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
            response.read()


def api_client() -> tuple[str, str]:
    """A token for Hà Nội's standing office's system (it sees the province's cases) and a
    sample of the case ids it may read, for the API profile."""
    import datetime
    import random

    from hub389 import policy
    from hub389.accounts.models import User
    from hub389.api.models import Scope
    from hub389.api.services import register_client
    from hub389.cases.models import Case

    office = User.objects.get(username="vptt.hanoi")
    admin = User.objects.filter(role="admin").first() or office
    _client, token = register_client(
        admin,
        office.agency,  # type: ignore[arg-type]
        name=f"Bench {datetime.datetime.now():%H%M%S}",
        contact="bench",
        scopes=list(Scope.values),
        expires_on=datetime.date.today() + datetime.timedelta(days=2),
        rate_per_minute=100_000,
    )
    user = _client.user
    ids = list(
        policy.visible(user, "view", Case).filter(province__code="01").values_list("pk", flat=True)[:20000]
    )
    return token, ",".join(str(i) for i in random.sample(ids, min(2000, len(ids))))


def warm_api(token: str, workers: int) -> None:
    import urllib.request

    for url in ["/api/v1/cases?province=01&from=2026-01-01", "/api/v1/fields"] * (3 * workers):
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}{url}", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (our own server)
            response.read()


def run_locust(
    out: Path, user_class: str, users: int, rate: int, duration: str, port: int, env: dict[str, str]
) -> None:
    """Locust, headless, with `user_class` of bench/locustfile.py against 127.0.0.1:`port`; its
    CSV summary under `out` (read it with `locust_figures`)."""
    _locust(out, user_class, users, duration, env, rate=rate, port=port).wait()


def page_figures(rows: dict[str, dict[str, str]], *skip: str) -> dict[str, dict[str, object]]:
    """p50, p95 and errors of each kind of request in Locust's summary."""
    return {
        name: {"p50": _ms(r["50%"]), "p95": _ms(r["95%"]), "errors": int(r["Failure Count"])}
        for name, r in rows.items()
        if name not in ("Aggregated", *skip)
    }


def locust_figures(out: Path) -> tuple[dict[str, dict[str, str]], dict[str, object]]:
    """Locust's CSV summary of a run (`--csv out`): its rows by name, and the totals."""
    with open(f"{out}_stats.csv", encoding="utf-8") as handle:
        rows = {r["Name"]: r for r in csv.DictReader(handle)}
    total = rows["Aggregated"]
    return rows, {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": round(_ms(total["Requests/s"]) or 0.0, 1),
        "p50_ms": _ms(total["50%"]),
        "p95_ms": _ms(total["95%"]),
        "p99_ms": _ms(total["99%"]),
    }


def gunicorn(workers: int, port: int = PORT, log_level: str = "warning") -> list[str]:
    """The server as docs/deploy.md runs it, on 127.0.0.1:`port`."""
    return [
        str(BIN / "gunicorn"),
        "hub389.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        log_level,
    ]


# The task worker and the intake sweeper as docs/deploy.md runs them (with REDIS_URL).
TASK_WORKER = [
    sys.executable,
    "manage.py",
    "rqworker",
    "default",
    "--job-class",
    "django_tasks_rq.Job",
    "-v",
    "0",
]
SWEEPER = [sys.executable, "manage.py", "process_intake", "--every", "5", "-v", "0"]


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, env=env)


def _locust(
    out: Path,
    user_class: str,
    users: int,
    duration: str,
    env: dict[str, str],
    *,
    rate: int = 0,
    port: int = PORT,
) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        user_class,
        "--headless",
        "-u",
        str(users),
        "-r",
        str(rate or max(users // 5, 1)),
        "-t",
        duration,
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(out),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    return _start(command, env)


def flood(args: argparse.Namespace, env: dict[str, str]) -> dict[str, object]:
    """Officers alone, then the same officers while citizens send tips as fast as the server
    takes them, as production runs: gunicorn, Redis as the shared cache and the RQ queue, an RQ
    worker and the intake sweeper. Then waits until the worker has made every tip."""
    from redis import Redis

    from hub389.tips.models import IntakeState, Tip, TipIntake

    redis_url = os.environ.get("HUB389_BENCH_REDIS", "redis://127.0.0.1:6379/3")
    Redis.from_url(redis_url).flushdb()
    env = {**env, "REDIS_URL": redis_url}
    users = args.users or 40
    officers = args.officers
    duration = args.time or "5m"
    started = time.time()
    intake_before = TipIntake.objects.count()
    tips_before = Tip.objects.filter(channel="web").count()
    processes = [
        _start(gunicorn(args.workers), env),
        _start([*TASK_WORKER, "--worker-class", "rq.SimpleWorker"], env),
        _start(SWEEPER, env),
    ]
    try:
        time.sleep(5)
        warm_up(env["HUB389_BENCH_SESSIONS"].split(",")[0], args.workers)
        base = Path(tempfile.mkdtemp(prefix="hub389-flood-"))
        _locust(base / "alone", "Officer", officers, args.baseline, env).wait()
        flood_started = time.time()
        runs = [
            _locust(base / "officers", "Officer", officers, duration, env),
            _locust(base / "citizens", "Citizen", users, duration, env),
        ]
        for run in runs:
            run.wait()
        flood_seconds = time.time() - flood_started
        # The worker catches up: every receipt becomes a tip.
        deadline = time.time() + 900
        while TipIntake.objects.exclude(state=IntakeState.DONE).exists() and time.time() < deadline:
            time.sleep(2)
        drained = round(time.time() - flood_started - flood_seconds, 1)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    _rows, alone = locust_figures(base / "alone")
    _rows, busy = locust_figures(base / "officers")
    rows, _citizens = locust_figures(base / "citizens")
    submits = rows.get("/tin-bao/ (submit)", {})
    receipts = int(rows.get("receipt shown", {}).get("Request Count", 0))
    rows_made = TipIntake.objects.count() - intake_before
    done = TipIntake.objects.filter(
        pk__gt=0,
        received_at__gte=datetime.datetime.fromtimestamp(started, tz=datetime.UTC),
        state=IntakeState.DONE,
    ).count()
    tips = Tip.objects.filter(channel="web").count() - tips_before
    return {
        "bench": "load-flood",
        "citizens": users,
        "officers": officers,
        "duration": duration,
        "officers_alone": alone,
        "officers_in_flood": busy,
        "officers_p95_ratio": round((busy["p95_ms"] or 0) / (alone["p95_ms"] or 1), 2),
        "submissions_per_s": round(_ms(submits.get("Requests/s", 0)) or 0.0, 1),
        "submit_p95_ms": _ms(submits.get("95%", 0)),
        "submit_errors": int(submits.get("Failure Count", 0) or 0),
        "receipts": receipts,
        "intake_rows": rows_made,
        "intake_done": done,
        "tips_made": tips,
        "lost": max(receipts - done, 0),
        "worker_caught_up_after_s": drained,
        "worker_tips_per_s": round(tips / (flood_seconds + drained), 1) if tips else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile", choices=["pages", "tips", "api", "flood"])
    parser.add_argument("--officers", type=int, default=50, help="flood: officers beside the citizens")
    parser.add_argument("--baseline", default="2m", help="flood: how long the officers run alone first")
    parser.add_argument("--users", type=int, default=0)
    parser.add_argument("--time", default="")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    # The same key as the server's, so the sessions made here are valid there.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-hub389")
    import django

    django.setup()
    from bench.generate import is_synthetic
    from hub389.registry.models import Area
    from hub389.tips.models import TipIntake

    if not is_synthetic():
        sys.exit("Từ chối: cơ sở dữ liệu không phải dữ liệu tổng hợp (bench/generate.py).")
    users = args.users or {"pages": 50, "tips": 40, "api": 20, "flood": 40}[args.profile]
    duration = args.time or ("5m" if args.profile in ("tips", "flood") else "2m")
    api_token, api_cases = api_client() if args.profile == "api" else ("", "")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ["SECRET_KEY"],
        # Officers already signed in (a working day): the pages are measured, not the 50 password
        # checks (PBKDF2, ~0.5 s of CPU each) that signing in costs once a day.
        "HUB389_BENCH_SESSIONS": ",".join(signed_in(OFFICERS)) if args.profile in ("pages", "flood") else "",
        "HUB389_TIP_RATE_PER_HOUR": "1000000000",
        "HUB389_TIP_POW_BITS": os.environ.get("HUB389_TIP_POW_BITS", "4"),
        # Citizens all over the country: every 11th commune by code (300), as "province id:code".
        "HUB389_BENCH_PLACES": ",".join(
            f"{province}:{code}"
            for province, code in Area.objects.filter(kind="commune")
            .order_by("code")
            .values_list("province_id", "code")[::11][:300]
        ),
        "HUB389_BENCH_TOKEN": api_token,
        "HUB389_BENCH_CASES": api_cases,
        "PYTHONPATH": str(ROOT),
    }
    if args.profile == "flood":
        print(json.dumps(flood(args, env), ensure_ascii=False))
        return
    before = TipIntake.objects.count()
    server = subprocess.Popen(
        gunicorn(args.workers),
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(4)
        if args.profile == "pages":
            warm_up(env["HUB389_BENCH_SESSIONS"].split(",")[0], args.workers)
        out = Path(tempfile.mkdtemp(prefix="hub389-load-")) / "run"
        if args.profile == "api":
            warm_api(api_token, args.workers)
        user_class = {"pages": "Officer", "tips": "Citizen", "api": "AgencySystem"}[args.profile]
        run_locust(out, user_class, users, max(users // 5, 1), duration, PORT, env)
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows, figures = locust_figures(out)
    result = {"bench": f"load-{args.profile}", "users": users, "duration": duration, **figures}
    if args.profile in ("pages", "api"):
        result["pages"] = page_figures(rows, "login")
    else:
        submits = rows.get("/tin-bao/ (submit)", {})
        receipts = int(rows.get("receipt shown", {}).get("Request Count", 0))
        # Durable at the receipt: the intake rows (no worker runs in this profile; `flood` runs
        # one and counts the tips it makes).
        stored = TipIntake.objects.count() - before
        result.update(
            {
                "submissions_per_s": round(_ms(submits.get("Requests/s", 0)) or 0.0, 1),
                "submit_p95_ms": _ms(submits.get("95%", 0)),
                "receipts": receipts,
                "stored": stored,
                # A receipt shown for a tip that is not in the database would be a lost tip. More
                # tips than receipts: requests cut off when the run stopped (stored, no page seen).
                "lost": max(receipts - stored, 0),
            }
        )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
