"""Open statistics are the approved consolidated reports, number for number: the page, the CSV
and the open data API give the figures the province reported, and nothing before approval."""

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hub389.lib import periods
from hub389.portal import stats
from hub389.registry.services import get_committee
from hub389.reports import services as reports
from hub389.reports.models import ReportType
from hub389.tests.factories import make_case


@pytest.mark.django_db
def test_open_statistics_equal_the_approved_consolidated_report(
    handler: Any, owner: Any, national: Any
) -> None:
    monthly = ReportType.objects.get(code="monthly")
    period = periods.containing(monthly.period_kind, timezone.localdate())
    for value in (12_500_000, 450_000_000):
        make_case(handler, area="00070", kinds=["counterfeit"], value=value, detected_on=period.start)
    hanoi = get_committee("01")
    report = reports.consolidate(owner, monthly, period.code, hanoi)
    report.warnings_comment = "Số liệu tổng hợp của các sở, ngành."
    report.save(update_fields=["warnings_comment"])
    reports.submit(owner, report)
    client = Client()
    assert period.code not in stats.published_periods()  # sent, not approved: not published
    assert "stats-empty" in client.get("/thong-ke/").content.decode()
    reports.review(national, report, approve=True)
    report.refresh_from_db()
    expected, _rows = reports.consolidated_figures(monthly, period.code, hanoi)
    published = stats.month(period.code)
    assert published is not None
    [row] = published.rows
    assert row["code"] == "01"
    assert row["figures"] == {code: report.figures[code] for code in stats.CODES}
    assert row["figures"] == {code: expected[code] for code in stats.CODES}
    assert row["figures"]["goods_value"] >= 462_500_000
    assert "Thành phố Hải Phòng" in published.missing
    data = json.loads(client.get(f"/du-lieu-mo/v1/thang/{period.code}.json").content)
    assert data["definitions_version"] == stats.DEFINITIONS_VERSION
    assert data["provinces"][0]["cases_total"] == report.figures["cases_total"]
    assert data["totals"]["fines_decided"] == report.figures["fines_decided"]
    table = list(
        csv.DictReader(io.StringIO(client.get(f"/thong-ke/{period.code}.csv").content.decode("utf-8-sig")))
    )
    assert int(table[0]["goods_value"]) == report.figures["goods_value"]
    page = client.get(f"/thong-ke/?period={period.code}&indicator=goods_value").content.decode()
    shown = f"{report.figures['goods_value']:,}".replace(",", ".")
    assert f'data-code="goods_value"><span class="vnd">{shown} ₫</span>' in page
    assert client.get("/du-lieu-mo/v1/thang/1999-01.json").status_code == 404
    definitions = json.loads(client.get("/du-lieu-mo/v1/dinh-nghia.json").content)
    assert [d["code"] for d in definitions["indicators"]] == list(stats.CODES)
