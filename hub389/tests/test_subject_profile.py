"""The profile of a subject resolved across agencies, and the possible matches while typing
(on both databases; the browser walk is test_browser_subjects.py)."""

import datetime
from typing import Any

import pytest
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
    handler: Any, customs: Any, owner: Any, coordinator: Any
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
    resolution.judge(owner, one, two, verdict=Verdict.SAME, reason="Cùng ngày sinh, cùng tên")

    client = Client()
    client.force_login(handler)
    page = client.get(f"/subjects/{one.pk}/").content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert "Hải quan Lạng Sơn" in page and "DO VAN TOAN" in page
    assert "001079012345" not in page  # the other agency's CCCD of a person: masked
    assert AuditEntry.objects.filter(action="subject.view_profile", object_id=str(one.pk)).exists()
    # the police of Hà Nội open no case of this trader: no profile
    other = Client()
    other.force_login(coordinator)
    assert other.get(f"/subjects/{one.pk}/").status_code == 403
