"""Benchmark 1: the consolidated monthly report of a province and of the nation over the
synthetic national set (every indicator, per member agency and per committee below, plus the
same period last year), on the configured database (PostgreSQL), against a bare DuckDB GROUP BY
over the same rows exported to Parquet. Prints one JSON line.

    DATABASE_URL=postgres://…/hub389_bench .venv/bin/python bench/report_duckdb.py [--period 2026-10]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub389.settings")

EXPORT = """
SELECT c.id, c.detected_on, a.code AS area, COALESCE(p.code, a.code) AS province, c.owner_id,
       v.kind, g.value_vnd, COALESCE(s.fine_decided, 0) AS fine_decided,
       COALESCE(s.fine_paid, 0) AS fine_paid, s.decision_date
FROM cases_case c
JOIN registry_area a ON a.id = c.area_id
LEFT JOIN registry_area p ON p.id = a.province_id
JOIN cases_caseviolation v ON v.case_id = c.id
JOIN cases_casegoods g ON g.case_id = c.id
LEFT JOIN cases_sanction s ON s.case_id = c.id
"""


def best(func: Callable[[], Any], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", default="")
    args = parser.parse_args()
    import django

    django.setup()
    import duckdb
    from django.db import connection

    from bench.generate import is_synthetic
    from hub389.lib import periods
    from hub389.registry.services import get_committee
    from hub389.reports import services
    from hub389.reports.models import ReportType

    if not is_synthetic():
        sys.exit("Từ chối: cơ sở dữ liệu không phải dữ liệu tổng hợp (bench/generate.py).")
    monthly = ReportType.objects.get(code="monthly")
    from django.utils import timezone

    period = (
        monthly.period(args.period)
        if args.period
        else periods.containing("monthly", timezone.localdate()).previous()
    )
    last = period.last_year()

    def report(code: str) -> None:
        committee = get_committee(code)
        services.consolidated_figures(monthly, period.code, committee)
        services.consolidated_figures(monthly, last.code, committee)

    province_s = best(lambda: report("01"))
    nation_s = best(lambda: report("national"))

    folder = Path(tempfile.mkdtemp(prefix="hub389-duck-"))
    csv_path, parquet = folder / "cases.csv", folder / "cases.parquet"
    start = time.perf_counter()
    with (
        connection.cursor() as cursor,
        open(csv_path, "wb") as out,
        cursor.cursor.copy(f"COPY ({EXPORT}) TO STDOUT WITH CSV HEADER") as copy,
    ):
        for chunk in copy:
            out.write(chunk)
    duck = duckdb.connect()
    duck.execute(f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) TO '{parquet}' (FORMAT PARQUET)")
    export_s = time.perf_counter() - start

    def grouped(where: str) -> None:
        for p in (period, last):
            duck.execute(
                f"""SELECT province, owner_id, kind, count(*) AS cases, sum(value_vnd) AS goods,
                           sum(fine_decided) AS fines, sum(fine_paid) AS paid
                    FROM '{parquet}'
                    WHERE detected_on BETWEEN DATE '{p.start}' AND DATE '{p.end}' {where}
                    GROUP BY ALL"""
            ).fetchall()

    duck_province_s = best(lambda: grouped("AND province = '01'"))
    duck_nation_s = best(lambda: grouped(""))
    rows = duck.execute(f"SELECT count(*) FROM '{parquet}'").fetchone()[0]
    print(
        json.dumps(
            {
                "bench": "report-vs-duckdb",
                "database": connection.vendor,
                "period": period.code,
                "rows": rows,
                "province_s": round(province_s, 3),
                "nation_s": round(nation_s, 3),
                "duckdb_province_s": round(duck_province_s, 4),
                "duckdb_nation_s": round(duck_nation_s, 4),
                "ratio_province": round(province_s / duck_province_s, 1),
                "ratio_nation": round(nation_s / duck_nation_s, 1),
                "export_s": round(export_s, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
