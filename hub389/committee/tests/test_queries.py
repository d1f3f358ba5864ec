"""The registers' list pages cost the same number of queries for 2 rows as for 8."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub389.committee.services import commitments, flash, recommendations
from hub389.committee.tests.test_commitments import data as commitment
from hub389.committee.tests.test_flash import data as flash_data
from hub389.committee.tests.test_recommendations import data as recommendation

PAGES = ["/committee/flash/", "/committee/recommendations/", "/committee/commitments/", "/committee/areas/"]


def _add(handler: Any, colleague: Any, n: int, start: int) -> None:
    for i in range(start, start + n):
        flash.report(handler, flash_data(title=f"Sự việc {i}"))
        recommendations.record(handler, recommendation(title=f"Vướng mắc {i}"))
        commitments.record(
            colleague,
            commitment(
                tax_code="", signatory=f"Sàn {i}", signed_on=timezone.localdate() - datetime.timedelta(days=i)
            ),
        )


def _counts(client: Client) -> dict[str, int]:
    out = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        out[url] = len(queries)
    return out


@pytest.mark.django_db
def test_list_pages_do_not_grow_with_rows(handler: Any, colleague: Any, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    _add(handler, colleague, 2, 0)
    few = _counts(client)
    _add(handler, colleague, 6, 2)
    many = _counts(client)
    assert many == few, (few, many)
    assert max(many.values()) <= 40
