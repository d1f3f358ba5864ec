"""Publishing sanction decisions: proposal, approval by the standing office, the public pages,
withdrawal on annulment, correction on amendment, expiry; what is refused and why."""

import datetime
import io
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from hub389.attachments.models import Attachment
from hub389.audit.models import AuditEntry
from hub389.cases import figures
from hub389.cases import services as cases
from hub389.cases.models import Sanction
from hub389.lib import periods
from hub389.portal import services as portal
from hub389.portal.models import Notice, NoticeStatus, PublicationRule, Publicity
from hub389.registry.models import Area
from hub389.reports import indicators
from hub389.tests.factories import make_case

TODAY = timezone.localdate()
NIPPON = {"kind": "organisation", "name": "Công ty TNHH Sữa Ngoại Nhập", "tax_code": "0100109106"}


def decided(officer: Any, violator: dict[str, str] | None = None, fine: int = 45_000_000) -> Sanction:
    case = make_case(
        officer,
        area="00070",
        goods="sua",
        kinds=["counterfeit"],
        detected_on=TODAY - datetime.timedelta(days=10),
        summary="Kinh doanh sữa bột giả nhãn hiệu",
        violator=violator or dict(NIPPON),
    )
    sanction = cases.record_violation(
        officer,
        case,
        record_no="15/BB-VPHC",
        record_date=TODAY - datetime.timedelta(days=9),
        route="standard",
    )
    return cases.decide_sanction(
        officer,
        sanction,
        decision_no="27/QĐ-XPHC",
        decision_date=TODAY - datetime.timedelta(days=5),
        fine=fine,
        measures=["destruction"],
    )


def propose(officer: Any, sanction: Sanction, **kwargs: Any) -> Notice:
    values: dict[str, Any] = {
        "rule": PublicationRule.objects.get(code="lxlvphc-72"),
        "legal_basis": "Vi phạm gây tác động xã hội: sữa cho trẻ em",
        "legal_article": "điểm a khoản 2 Điều 9 Nghị định 98/2020/NĐ-CP",
        "summary": "Kinh doanh sữa bột giả nhãn hiệu",
    }
    values.update(kwargs)
    return portal.propose(officer, sanction, **values)


def png(colour: str = "red") -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new("RGB", (16, 16), colour)
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make: what the scrub must drop
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    return out


@pytest.mark.django_db
def test_proposed_approved_published_and_found_by_province_and_goods(handler: Any, owner: Any) -> None:
    sanction = decided(handler)
    notice = propose(handler, sanction)
    assert notice.status == NoticeStatus.PROPOSED
    anonymous = Client()
    assert anonymous.get(f"/cong-khai/vi-pham/{notice.pk}/").status_code == 404  # not yet approved
    with pytest.raises(ValidationError, match="không tự duyệt"):
        portal.approve(handler, notice)
    portal.approve(owner, notice)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
    assert notice.expires_on == TODAY + datetime.timedelta(days=365)
    page = anonymous.get(f"/cong-khai/vi-pham/{notice.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    for shown in ("27/QĐ-XPHC", "Công ty TNHH Sữa Ngoại Nhập", "0100109106", "45.000.000", "Điều 9"):
        assert shown in text
    # The rule's article is marked unverified where officers choose the rule, not to citizens
    # (who read it as "this decision's basis is doubtful").
    assert "chưa kiểm chứng" not in text
    officer = Client()
    officer.force_login(handler)
    assert "chưa kiểm chứng" in officer.get(f"/publications/propose/{decided(handler).pk}/").content.decode()
    listed = anonymous.get("/cong-khai/vi-pham/?province=01&goods=sua&q=sua ngoai nhap").content.decode()
    assert f"notice-{notice.pk}" in listed
    other = anonymous.get("/cong-khai/vi-pham/?province=20&goods=sua").content.decode()
    assert f"notice-{notice.pk}" not in other
    assert "csrftoken" not in page.cookies and "sessionid" not in page.cookies
    actions = set(AuditEntry.objects.filter(action__startswith="portal.").values_list("action", flat=True))
    assert {"portal.propose", "portal.approve"} <= actions


@pytest.mark.django_db
def test_annulled_decision_is_withdrawn_with_the_date_and_leaves_the_list(handler: Any, owner: Any) -> None:
    sanction = decided(handler)
    notice = propose(handler, sanction)
    portal.approve(owner, notice)
    anonymous = Client()
    assert (
        f"notice-{notice.pk}" in anonymous.get("/cong-khai/vi-pham/?province=01").content.decode()
    )  # cached now
    assert sanction.decision_date is not None
    month = periods.containing(periods.Kind.MONTHLY, sanction.decision_date)
    hanoi = Area.objects.get(code="01")

    def counted() -> tuple[int, int]:
        live = figures.compute(hanoi, month.start, month.end)
        reported = indicators.compute(indicators.Scope(hanoi), month)  # the report facts
        assert (live.sanctions, live.fines_decided) == (reported["sanctions"], reported["fines_decided"])
        return live.sanctions, live.fines_decided

    before = counted()
    cases.annul_decision(handler, sanction, on=TODAY, reason="Quyết định hủy số 3/QĐ-HUY của Chủ tịch UBND")
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN and notice.withdrawn_on == TODAY
    gone = anonymous.get(f"/cong-khai/vi-pham/{notice.pk}/")
    assert gone.status_code == 410
    assert "đã thu hồi" in gone.content.decode() and f"{TODAY:%d/%m/%Y}" in gone.content.decode()
    assert f"notice-{notice.pk}" not in anonymous.get("/cong-khai/vi-pham/?province=01").content.decode()
    assert counted() == (before[0] - 1, before[1] - 45_000_000)  # an annulled decision counts nowhere
    with pytest.raises(ValidationError, match="đã bị hủy"):
        propose(handler, Sanction.objects.get(pk=sanction.pk))


@pytest.mark.django_db
def test_amended_decision_corrects_the_notice_with_a_public_note(handler: Any, owner: Any) -> None:
    sanction = decided(handler)
    notice = propose(handler, sanction)
    portal.approve(owner, notice)
    cases.amend_decision(
        handler,
        sanction,
        amending_no="28/QĐ-SĐ",
        fine=30_000_000,
        measures=["destruction"],
        reason="Giảm mức phạt",
    )
    text = Client().get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()
    assert "30.000.000" in text and "45.000.000" not in text
    assert "28/QĐ-SĐ" in text and "Giảm mức phạt" in text


@pytest.mark.django_db
def test_what_is_refused_and_changes_nothing(handler: Any, owner: Any, stranger: Any) -> None:
    sanction = decided(handler)
    with pytest.raises(ValidationError, match="căn cứ pháp lý"):
        propose(handler, sanction, legal_basis=" ")
    with pytest.raises(PermissionDenied):
        propose(stranger, sanction)  # another province's office may not work the case
    person = decided(handler, {"kind": "person", "name": "Nguyễn Văn Bán", "citizen_id": "001090012345"})
    with pytest.raises(ValidationError, match="điều khoản công khai"):
        propose(handler, person, name_individual=True)
    case = Sanction.objects.get(pk=sanction.pk).case
    photo = cases.attach_file(handler, case, png(), "kho.jpg")
    with pytest.raises(ValidationError, match="người không liên quan"):
        propose(handler, sanction, photos=[portal.Photo(photo, publish=True, bystander=True)])
    assert not Notice.objects.exists()
    notice = propose(handler, sanction)
    with pytest.raises(ValidationError, match="đã được đề nghị"):
        propose(handler, sanction)
    with pytest.raises(ValidationError, match="lý do"):
        portal.refuse(owner, notice, "")
    portal.refuse(owner, notice, "Chưa đủ căn cứ công khai")
    assert Client().get(f"/cong-khai/vi-pham/{notice.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_individual_is_withheld_unless_the_decision_says_so(handler: Any, owner: Any) -> None:
    withheld = decided(handler, {"kind": "person", "name": "Nguyễn Văn Bán", "citizen_id": "001090012345"})
    notice = propose(handler, withheld)
    portal.approve(owner, notice)
    text = Client().get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()
    assert notice.publicity == Publicity.WITHHELD and "Nguyễn Văn Bán" not in text
    assert "không công khai tên" in text
    named = decided(handler, {"kind": "person", "name": "Trần Thị Buôn", "citizen_id": "001190012346"})
    notice = propose(handler, named, name_individual=True, publication_clause="Điều 3: công khai trên cổng")
    portal.approve(owner, notice)
    assert "Trần Thị Buôn" in Client().get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()
    assert "001190012346" not in Client().get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()


@pytest.mark.django_db
def test_a_published_photo_has_no_metadata_and_leaves_with_the_notice(handler: Any, owner: Any) -> None:
    sanction = decided(handler)
    photo = cases.attach_file(handler, Sanction.objects.get(pk=sanction.pk).case, png(), "kho.jpg")
    with photo.file.open("rb") as f:
        assert b"Camera maker" in f.read()  # the case keeps its evidence as it came
    notice = propose(handler, sanction, photos=[portal.Photo(photo, publish=True)])
    portal.approve(owner, notice)
    copy = Attachment.objects.get(owner_type__app_label="portal", owner_id=str(notice.pk))
    served = Client().get(f"/cong-khai/vi-pham/{notice.pk}/anh/{copy.pk}/")
    body = b"".join(served.streaming_content)  # type: ignore[attr-defined]
    assert served.status_code == 200 and body[:2] == b"\xff\xd8" and b"Camera maker" not in body
    portal.withdraw(owner, notice, "Thu hồi theo đề nghị của cơ quan ra quyết định")
    assert Client().get(f"/cong-khai/vi-pham/{notice.pk}/anh/{copy.pk}/").status_code == 404


@pytest.mark.django_db
def test_after_its_period_a_notice_leaves_the_portal(handler: Any, owner: Any) -> None:
    notice = propose(handler, decided(handler))
    portal.approve(owner, notice)
    Notice.objects.filter(pk=notice.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    portal.public_changed()  # (what a rule change does; the day is in the cache key too)
    assert Client().get(f"/cong-khai/vi-pham/{notice.pk}/").status_code == 404
    assert not Notice.objects.live().filter(pk=notice.pk).exists()
    assert Notice.objects.get(pk=notice.pk).state == "Hết thời hạn công khai"  # as officers read it


@pytest.mark.django_db
def test_feeds_and_widget_carry_the_province_s_notices(handler: Any, owner: Any) -> None:
    notice = propose(handler, decided(handler))
    portal.approve(owner, notice)
    client = Client()
    rss = client.get("/cong-khai/vi-pham/rss.xml?province=01")
    assert (
        rss.status_code == 200
        and b"27/Q" in rss.content
        and rss["Content-Type"].startswith("application/rss+xml")
    )
    assert b"27/Q" not in client.get("/cong-khai/vi-pham/rss.xml?province=20").content
    feed = json.loads(client.get("/cong-khai/vi-pham/feed.json?province=01").content)
    assert feed["version"].startswith("https://jsonfeed.org/version/1.1")
    assert feed["items"][0]["_hub389"]["decision_no"] == "27/QĐ-XPHC"
    widget = client.get("/cong-khai/nhung/?province=01")
    assert widget.status_code == 200 and "X-Frame-Options" not in widget
    assert "Sữa Ngoại Nhập" in widget.content.decode()
    assert f"/cong-khai/vi-pham/{notice.pk}/" in client.get("/sitemap.xml").content.decode()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), day=st.text(max_size=20), province=st.text(max_size=12))
def test_any_search_gives_results_or_an_empty_list(q: str, day: str, province: str) -> None:
    client = Client()
    response = client.get(
        "/cong-khai/vi-pham/", {"q": q, "date_from": day, "province": province, "kind": q[:20]}
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_list_and_a_notice_take_as_many_queries_for_many_notices(
    handler: Any, owner: Any, django_assert_num_queries: Any
) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    notice = portal.approve(owner, propose(handler, decided(handler)))

    def queries(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as seen:
            assert Client().get(url).status_code == 200
        return len(seen)

    few = queries("/cong-khai/vi-pham/?province=01&goods=sua")
    copies = []
    for i in range(30):
        notice.pk, notice.decision_no = None, f"{100 + i}/QĐ-XPHC"
        copies.append(Notice(**{f.attname: getattr(notice, f.attname) for f in Notice._meta.concrete_fields}))
    Notice.objects.bulk_create(copies)
    assert queries("/cong-khai/vi-pham/?province=01&goods=sua") == few <= 10
    last = Notice.objects.live().order_by("-pk").first()
    assert last is not None and last.decision_no == "129/QĐ-XPHC"
    assert queries(f"/cong-khai/vi-pham/{last.pk}/") <= 8


@pytest.mark.django_db
def test_the_case_page_amends_and_annuls_a_published_decision(handler: Any, owner: Any) -> None:
    """Through the case page's forms, as an officer types (the routes once sent the amendment
    to the case-correction form)."""
    sanction = decided(handler)
    notice = portal.approve(owner, propose(handler, sanction))
    officer = Client()
    officer.force_login(handler)
    page = officer.get(f"/cases/{sanction.case_id}/").content.decode()
    assert f"/publications/{notice.pk}/" in page and f'id="propose-{sanction.pk}"' not in page
    officer.post(
        f"/cases/{sanction.case_id}/amend_decision/",
        {
            "sanction": sanction.pk,
            "amending_no": "28/QĐ-SĐ",
            "fine": "30.000.000",
            "measures": ["destruction"],
            "reason": "Giảm mức phạt",
        },
    )
    assert Sanction.objects.get(pk=sanction.pk).fine_decided == 30_000_000
    assert "30.000.000" in Client().get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()
    officer.post(
        f"/cases/{sanction.case_id}/annul_decision/",
        {"sanction": sanction.pk, "on": f"{TODAY:%d/%m/%Y}", "reason": "Quyết định hủy 5/QĐ-HUY"},
    )
    assert Client().get(f"/cong-khai/vi-pham/{notice.pk}/").status_code == 410


@pytest.mark.django_db
def test_a_page_served_early_from_the_cache_keeps_its_headers(handler: Any, owner: Any) -> None:
    notice = portal.approve(owner, propose(handler, decided(handler)))
    client = Client()
    first = client.get(f"/cong-khai/vi-pham/{notice.pk}/")
    again = client.get(f"/cong-khai/vi-pham/{notice.pk}/")  # PublicCacheMiddleware's answer
    assert again.content == first.content
    for response in (first, again):
        policy = response["Content-Security-Policy"]
        assert "style-src 'self';" in policy and "frame-ancestors 'none'" in policy
        assert response["X-Frame-Options"] == "DENY" and response["Content-Language"] == "vi"
        assert not response.cookies
    english = Client()
    english.cookies["django_language"] = "en"
    assert "Issuing agency" in english.get(f"/cong-khai/vi-pham/{notice.pk}/").content.decode()
    widget = client.get("/cong-khai/nhung/?province=01")
    assert "frame-ancestors *" in widget["Content-Security-Policy"] and "X-Frame-Options" not in widget


@pytest.mark.django_db
def test_a_warning_shows_its_photos_without_metadata(owner: Any, leader: Any) -> None:
    warning = portal.write_warning(
        owner,
        portal.WarningInput(
            title="Rượu ngoại giả bán qua mạng xã hội",
            what_happens="Tài khoản mới bán rượu ngoại giá rẻ, giao tận nhà.",
            how_to_recognise="Tem nhập khẩu in mờ, nắp không khớp.",
            what_to_do="Không mua; gửi tin báo.",
            goods_groups=[],
            channels=["social"],
        ),
    )
    photo = portal.add_warning_photo(owner, warning, png())
    with pytest.raises(ValidationError, match="Chỉ nhận ảnh"):
        portal.add_warning_photo(owner, warning, io.BytesIO(b"%PDF-1.4 not a photo"))
    url = f"/cong-khai/canh-bao/{warning.pk}/anh/{photo.pk}/"
    assert Client().get(url).status_code == 404  # a draft is not public, nor its photos
    portal.publish_warning(leader, warning)
    page = Client().get(f"/cong-khai/canh-bao/{warning.pk}/").content.decode()
    assert url in page
    body = b"".join(Client().get(url).streaming_content)  # type: ignore[attr-defined]
    assert body[:2] == b"\xff\xd8" and b"Camera maker" not in body
