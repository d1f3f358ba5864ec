"""Benchmark of the reporting regime on a throw-away SQLite database (or DATABASE_URL).

    .venv/bin/python bench/reports.py [N]

Loads the registry and the demo, bulk-inserts N cases in Hà Nội over two years (kinds, goods,
a sanction for half), then times the indicators of every member agency, the consolidated
report, its DOCX, XLSX and PDF, the dashboard and the report pages. Figures go to
docs/performance.md by hand.
"""

import datetime
import os
import random
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
    with CaptureQueriesContext(connection) as queries:
        result = func()
    print(f"{label}: {time.perf_counter() - start:.3f} s, {len(queries)} queries")
    return result


def bulk_cases(n: int) -> None:
    from hub389.lib import counted

    with counted.bulk():  # the facts are rebuilt after the load
        _bulk_cases(n)


def _bulk_cases(n: int) -> None:
    from hub389.accounts.models import User
    from hub389.cases.models import Case, CaseGoods, CaseViolation, Sanction
    from hub389.registry.models import Agency, Area, Field, GoodsGroup

    rng = random.Random(389)
    owners = list(Agency.objects.filter(code__in=["01-QLTT", "01-CA", "01-HQ", "01-SYT", "01-THUE"]))
    areas = list(Area.objects.filter(province__code="01", kind="commune"))
    field, goods = Field.objects.first(), list(GoodsGroup.objects.all())
    user = User.objects.get(username="qltt.hanoi")
    today = timezone.localdate()
    rows = []
    kinds = ["smuggling", "fraud", "counterfeit", "ip", "unknown_origin"]
    for i in range(n):
        owner = rng.choice(owners)
        day = today - datetime.timedelta(days=rng.randint(0, 730))
        rows.append(
            Case(
                owner=owner,
                detected_by=owner,
                created_by=user,
                year=day.year,
                detection="inspection",
                detected_on=day,
                area=(area := rng.choice(areas)),
                province_id=area.province_id,
                field=field,
                goods_group=rng.choice(goods),
                summary=f"Vụ việc {i}",
                principal=rng.choices(kinds, [20, 72, 5, 1, 2])[0],
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    cases = list(Case.objects.order_by("pk").values_list("pk", "detected_on"))
    principal = dict(Case.objects.values_list("pk", "principal"))
    CaseViolation.objects.bulk_create(
        [CaseViolation(case_id=pk, kind=principal[pk]) for pk, _ in cases], batch_size=2000
    )
    CaseGoods.objects.bulk_create(
        [
            CaseGoods(
                case_id=pk,
                description="Hàng",
                quantity=1,
                unit="lô",
                value_vnd=int(rng.paretovariate(1.2) * 5e6),
            )
            for pk, _ in cases
        ],
        batch_size=2000,
    )
    Sanction.objects.bulk_create(
        [
            Sanction(
                case_id=pk,
                record_no=str(pk),
                record_date=day,
                decision_due=day,
                decision_no=f"{pk}/QĐ",
                decision_date=day,
                fine_decided=10_000_000,
                fine_paid=10_000_000,
            )
            for pk, day in cases[::2]
        ],
        batch_size=2000,
    )
    from hub389.reports import facts

    facts.rebuild()  # bulk inserts bypass the services that keep the report facts


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    call_command("migrate", verbosity=0)
    from hub389.demo import load_demo
    from hub389.registry.loader import load_registry

    load_registry()
    load_demo()
    timed(f"bulk insert {n} cases", lambda: bulk_cases(n))
    from hub389.accounts.models import User
    from hub389.lib import periods
    from hub389.registry.services import get_committee
    from hub389.reports import assemble, dashboard, documents, indicators, services
    from hub389.reports.models import ReportType

    hanoi = get_committee("01")
    monthly = ReportType.objects.get(code="monthly")
    period = periods.containing("monthly", timezone.localdate()).previous()
    yearly = ReportType.objects.get(code="yearly").period(str(timezone.localdate().year))
    timed(
        "indicators of every member agency, one month",
        lambda: indicators.grouped(hanoi.area, period, agencies=services.members(hanoi)),
    )
    timed(
        "indicators of every member agency, one year",
        lambda: indicators.grouped(hanoi.area, yearly, agencies=services.members(hanoi)),
    )
    doc = timed(
        "consolidated report (figures + same period last year)",
        lambda: assemble.consolidated(monthly, period.code, hanoi),
    )
    data = timed("DOCX", lambda: documents.docx(doc))
    timed("XLSX", lambda: documents.xlsx(doc))
    timed("PDF (LibreOffice)", lambda: documents.pdf(data))
    timed("dashboard context", lambda: dashboard.context(hanoi, timezone.localdate()))
    client = Client()
    client.force_login(User.objects.get(username="vptt.hanoi"))
    timed(
        "report index page (standing office)",
        lambda: client.get(f"/reports/?type=monthly&period={period.code}&committee=01"),
    )
    timed("dashboard page", lambda: client.get("/reports/dashboard/?committee=01"))


if __name__ == "__main__":
    main()
