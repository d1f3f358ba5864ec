"""Crash with nothing lost: during a tip flood and officers' writes, kill -9 the gunicorn
workers, then the master, then the task worker, then restart PostgreSQL; afterwards count.

    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/faults.py [--seconds 60]

Runs on a synthetic database only (bench/generate.py), as root (it restarts the local
PostgreSQL with `pg_ctlcluster`). Citizens (threads, real HTTP to gunicorn) send tips and keep
every receipt code the server showed; an officer's process records cases and keeps the id of
each whose commit returned. The faults come one after another; whatever was killed is started
again, as systemd would. At the end the worker drains the intake, then the checks:
- every receipt shown opens its tip (`find_by_receipt`): none lost;
- every intake row is done and has exactly one tip (no row made twice);
- every case whose commit returned is there;
- the audit chain and the custody chains verify.
Prints one JSON line with the counts.
"""

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.load import SWEEPER, TASK_WORKER, gunicorn  # noqa: E402 (the path above)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-hub389")
BIN = Path(sys.executable).parent
PORT = 8910
RECEIPT = re.compile(r'id="receipt-code">([\d ]+)<')
CHALLENGE = re.compile(r'name="challenge" value="([^"]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

OFFICER = """
import os, sys, time, django
django.setup()
from hub389.accounts.models import User
from hub389.tests.factories import make_case
officer = User.objects.get(username="qltt.hanoi")
out = open(sys.argv[1], "a", buffering=1)
while True:
    try:
        case = make_case(officer, area="00070", summary="Ghi khi có sự cố: kho điện thoại")
    except Exception as exc:  # the database restarting: try again
        from django.db import connection
        connection.close()
        time.sleep(0.5)
        continue
    out.write(f"{case.pk}\\n")  # only once the commit has returned
"""


class Citizens:
    def __init__(self, places: list[tuple[int, str]], threads: int) -> None:
        self.places = places
        self.receipts: list[str] = []
        self.failures = 0
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self) -> None:
        from hub389.tips import guard

        while not self.stop.is_set():
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
            base = f"http://127.0.0.1:{PORT}/tin-bao/"
            try:
                form = opener.open(base, timeout=10).read().decode()
                challenge = CHALLENGE.search(form).group(1)  # type: ignore[union-attr]
                province, commune = random.choice(self.places)
                data = {
                    "summary": "Kho hàng lậu giữa sự cố",
                    "description": "Xe tải chở hàng không hoá đơn vào kho lúc nửa đêm, nhiều thùng.",
                    "province": province,
                    "commune": commune,
                    "identity": "anonymous",
                    "challenge": challenge,
                    "solution": guard.solve(challenge, 4),
                    "csrfmiddlewaretoken": CSRF.search(form).group(1),  # type: ignore[union-attr]
                }
                page = opener.open(base, urllib.parse.urlencode(data).encode(), timeout=20).read().decode()
            except (urllib.error.URLError, ConnectionError, TimeoutError, AttributeError, OSError):
                with self.lock:
                    self.failures += 1  # the server is down or restarting: the citizen tries again
                time.sleep(0.2)
                continue
            found = RECEIPT.search(page)
            if found:
                with self.lock:
                    self.receipts.append(found.group(1))


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--citizens", type=int, default=8)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from bench.generate import is_synthetic
    from hub389.audit.services import verify_chain
    from hub389.cases.models import Case
    from hub389.registry.models import Area
    from hub389.tips import services
    from hub389.tips.intake import process_pending
    from hub389.tips.models import IntakeState, TipIntake
    from hub389.warehouse.services import verify as verify_custody

    if not is_synthetic():
        sys.exit("Từ chối: cơ sở dữ liệu không phải dữ liệu tổng hợp (bench/generate.py).")
    redis_url = os.environ.get("HUB389_BENCH_REDIS", "redis://127.0.0.1:6379/4")
    env = {
        **os.environ,
        "DEBUG": "0",
        "REDIS_URL": redis_url,
        "HUB389_TIP_RATE_PER_HOUR": "1000000000",
        "HUB389_TIP_POW_BITS": "4",
        "PYTHONPATH": str(ROOT),
    }
    places = list(
        Area.objects.filter(kind="commune").order_by("code").values_list("province_id", "code")[::50]
    )
    intake_before = TipIntake.objects.count()
    cases_file = Path(tempfile.mkdtemp(prefix="hub389-faults-")) / "cases.txt"
    server_command = gunicorn(2, PORT, "error")
    server, worker, sweep = _start(server_command, env), _start(TASK_WORKER, env), _start(SWEEPER, env)
    officer = _start([sys.executable, "-c", OFFICER, str(cases_file)], env)
    time.sleep(5)
    citizens = Citizens(places, args.citizens)
    for thread in citizens.threads:
        thread.start()
    step = args.seconds / 5
    done: list[str] = []

    def workers_of(master: subprocess.Popen[bytes]) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(master.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(p) for p in found.stdout.split()]

    time.sleep(step)
    for pid in workers_of(server):
        os.kill(pid, signal.SIGKILL)  # the master starts new workers
    done.append("kill -9 gunicorn workers")
    time.sleep(step)
    for pid in [server.pid, *workers_of(server)]:
        os.kill(pid, signal.SIGKILL)
    server.wait()
    server = _start(server_command, env)  # as systemd restarts it
    done.append("kill -9 gunicorn master (restarted)")
    time.sleep(step)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    worker = _start(TASK_WORKER, env)
    done.append("kill -9 task worker (restarted)")
    time.sleep(step)
    subprocess.run(["pg_ctlcluster", "15", "main", "restart", "-m", "immediate"], check=True)  # noqa: S607
    done.append("PostgreSQL restarted (immediate: no shutdown checkpoint, crash recovery)")
    time.sleep(step)
    citizens.stop.set()
    for thread in citizens.threads:
        thread.join(timeout=30)
    for process in (officer, server, worker, sweep):
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    connection.close()
    left = process_pending()  # what the killed workers left: drained, as the sweeper would
    receipts = citizens.receipts
    lost = [code for code in receipts if services.find_by_receipt(code) is None]
    rows = TipIntake.objects.filter(pk__gt=0).count() - intake_before
    not_done = TipIntake.objects.exclude(state=IntakeState.DONE).count()
    without_tip = TipIntake.objects.filter(state=IntakeState.DONE, tip__isnull=True).count()
    committed = [int(line) for line in cases_file.read_text().split()] if cases_file.exists() else []
    missing_cases = len(committed) - Case.objects.filter(pk__in=committed).count()
    chain = verify_chain()
    custody = verify_custody()
    print(
        json.dumps(
            {
                "bench": "faults",
                "seconds": args.seconds,
                "faults": done,
                "receipts_shown": len(receipts),
                "receipts_without_tip": len(lost),
                "intake_rows": rows,
                "intake_not_done": not_done,
                "intake_done_without_tip": without_tip,
                "drained_after": left,
                "citizen_requests_failed_during_faults": citizens.failures,
                "cases_committed": len(committed),
                "cases_missing": missing_cases,
                "audit_chain_ok": chain.ok,
                "audit_entries": chain.checked,
                "custody_problems": len(custody),
            },
            ensure_ascii=False,
        )
    )
    cases_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
