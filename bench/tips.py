"""Benchmark of the tips pipeline on a throw-away SQLite database (or DATABASE_URL).

    .venv/bin/python bench/tips.py [N]

Creates N tips through the real services (routing, numbering, vault, audit, notifications),
then times the queue page, the head's page, the KPI computation, the reminders and the
browser's proof-of-work equivalent in Python. Figures go to docs/performance.md by hand.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("HUB389_VAR_DIR", tempfile.mkdtemp(prefix="hub389-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    from hub389.demo import load_demo
    from hub389.registry.loader import load_registry

    load_registry()
    load_demo()
    from hub389.accounts.models import User
    from hub389.registry.models import Area, GoodsGroup
    from hub389.tips import guard, kpi, services
    from hub389.tips.reminders import send_reminders
    from hub389.tips.services import TipInput

    officer = User.objects.get(username="qltt.hanoi")
    communes = list(Area.objects.filter(province__code="01", kind="commune")[:50])
    goods = list(GoodsGroup.objects.all())

    def create() -> None:
        for i in range(n):
            data = TipInput(
                summary=f"Tin thử nghiệm số {i}",
                description="Mô tả đủ dài cho một tin báo thử nghiệm hiệu năng.",
                area=communes[i % len(communes)],
                goods_group=goods[i % len(goods)],
                channel="hotline",
                informant={"full_name": "Người thử", "phone": "0900000000"} if i % 3 == 0 else None,
            )
            tip, _ = services.record_tip(officer, data, [])
            if i % 2 == 0 and tip.agency_id == officer.agency_id:
                services.assign(officer, tip, officer)

    timed(f"record_tip × {n} (routing, vault, audit, notifications)", create)
    client = Client()
    client.force_login(officer)
    for url in ("/tips/?tab=all", "/tips/?tab=mine", "/tips/deadlines/", "/tips/book/"):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            took = time.perf_counter() - start
        print(f"GET {url}: {response.status_code}, {len(ctx.captured_queries)} queries, {took * 1000:.0f} ms")
    from hub389.registry.services import get_committee

    today = timezone.localdate()
    timed(
        "kpi.compute Hà Nội, this year",
        lambda: kpi.compute(get_committee("01"), today.replace(month=1, day=1), today, today),
    )
    timed("send_reminders", lambda: send_reminders(today))
    challenge = guard.new_challenge()
    timed("proof-of-work 16 bits in CPython (the browser uses WebCrypto)", lambda: guard.solve(challenge, 16))


if __name__ == "__main__":
    main()
