"""The profile of a subject resolved across agencies, and the possible matches while typing
(on both databases; the browser walk is test_browser_subjects.py)."""

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hub389.audit.models import AuditEntry
from hub389.registry.models import Area
from hub389.subjects import resolution
from hub389.subjects.matching import possible_matches
from hub389.subjects.models import Verdict
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db
BORN = datetime.date(1979, 4, 12)


def test_the_profile_shows_what_the_reader_may_open_and_counts_the_rest(
    handler: Any, customs: Any, owner: Any, coordinator: Any, national: Any
) -> None:
    mine = make_case(handler, violator={"kind": "person", "name": "Đỗ Văn Toản", "date_of_birth": BORN})
    border = Area.objects.filter(parent__code="20").order_by("code").first()
    assert border is not None
    theirs = make_case(
        customs,
        area=border.code,
        kinds=["smuggling"],
        violator={
            "kind": "person",
            "name": "DO VAN TOAN",
            "date_of_birth": BORN,
            "citizen_id": "001079012345",
        },
    )
    one, two = mine.subjects.get().subject, theirs.subjects.get().subject
    resolution.link_all(None)
    found = possible_matches({"kind": "person", "name": "Do Van Toan"})
    assert {m.subject.pk for m in found} & {one.pk, two.pk}
    # a pair reaching two provinces is judged by the national office, not Hà Nội's
    with pytest.raises(PermissionDenied):
        resolution.judge(owner, one, two, verdict=Verdict.SAME, reason="Cùng ngày sinh, cùng tên")
    resolution.judge(national, one, two, verdict=Verdict.SAME, reason="Cùng ngày sinh, cùng tên")

    client = Client()
    client.force_login(handler)
    page = client.get(f"/subjects/{one.pk}/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert "Hải quan Lạng Sơn" in page and "DO VAN TOAN" in page
    assert "001079012345" not in page and "345" not in page  # Customs' CCCD: nothing of it
    # the reader's birth date with the reader's source only; Customs' (the same date) masked on
    # its own line, so the reader learns neither the value nor that it agrees
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", page.split('id="facts"')[1].split("</table>")[0], re.S)
    dates = [r for r in rows if "12/04/1979" in r]
    assert len(dates) == 1 and "HQ" not in dates[0]
    assert any("•••" in r and "HQ" in r for r in rows), rows
    # Hà Nội's standing office reads what Hà Nội's agencies recorded, not Lạng Sơn's
    office = Client()
    office.force_login(owner)
    assert "001079012345" not in office.get(f"/subjects/{one.pk}/").content.decode()
    nation = Client()
    nation.force_login(national)
    assert "001079012345" in nation.get(f"/subjects/{two.pk}/", follow=True).content.decode()
    assert AuditEntry.objects.filter(action="subject.view_profile", object_id=str(one.pk)).exists()
    # the police of Hà Nội open no case of this trader: no profile
    other = Client()
    other.force_login(coordinator)
    assert other.get(f"/subjects/{one.pk}/").status_code == 403
