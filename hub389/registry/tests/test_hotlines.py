"""The hotline directory: the question "who do I call about fake milk in this ward?" answered
by the jurisdiction engine with the contacts the lead agency keeps itself; agencies edit their
own contacts (a wrong number refused, every edit audited); the national hotline on every
public page; odd query strings give a page, never an error."""

from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub389.audit.models import AuditEntry
from hub389.registry import services
from hub389.registry.jurisdiction import who_leads
from hub389.registry.models import Agency, Area, GoodsGroup
from hub389.registry.routing import routing_field
from hub389.tests.personas import persona


def test_the_lead_agency_for_the_place_and_goods_is_shown_with_its_hotline(db: Any) -> None:
    ward = Area.objects.filter(province__code="01", kind="commune").order_by("code").first()
    assert ward is not None
    milk = GoodsGroup.objects.get(code="sua")
    lead = who_leads(ward, routing_field(ward, milk, "")).lead
    assert lead is not None
    Agency.objects.filter(pk=lead.pk).update(hotline="1800 0389 55", hours="24/7")
    page = Client().get("/duong-day-nong/", {"province": "01", "commune": ward.code, "goods": "sua"})
    text = page.content.decode()
    assert page.status_code == 200
    answer = text[text.index('id="hotline-answer"') :]
    answer = answer[: answer.index("</section>")]
    assert lead.name in answer and "1800 0389 55" in answer and 'href="tel:1800038955"' in answer
    assert ward.name in answer


def test_an_answer_always_gives_a_number_to_call(db: Any) -> None:
    Agency.objects.filter(area__code="04").update(hotline="", phone="", email="")  # a silent province
    office = Agency.objects.get(standing_for__level="national")
    Agency.objects.filter(pk=office.pk).update(hotline="1800 0389 00")
    text = Client().get("/duong-day-nong/", {"province": "04", "goods": "thuoc-la"}).content.decode()
    answer = text[text.index('id="hotline-answer"') :]
    answer = answer[: answer.index("</section>")]
    assert 'href="tel:' in answer and "1800 0389 00" in answer


def test_an_agency_head_keeps_its_own_contacts_and_a_wrong_number_is_refused(db: Any) -> None:
    head = persona("head")
    agency = head.agency
    assert agency is not None
    browser = Client()
    browser.force_login(head)
    fields = {
        "name": agency.name,
        "short_name": agency.short_name,
        "email": "",
        "phone": "",
        "is_active": "on",
    }
    before = agency.hotline
    bad = browser.post(f"/registry/agencies/{agency.code}/", {**fields, "hotline": "gọi 113 nhé"})
    assert "Số điện thoại chỉ gồm chữ số" in bad.content.decode()
    assert Agency.objects.get(pk=agency.pk).hotline == before
    good = browser.post(
        f"/registry/agencies/{agency.code}/",
        {**fields, "hotline": "024.3825  3366", "address": "Số 1 Lý Thường Kiệt", "hours": "24/7"},
    )
    assert good.status_code == 302, good.content.decode()[-3000:]
    saved = Agency.objects.get(pk=agency.pk)
    assert (saved.hotline, saved.hours) == ("024.3825 3366", "24/7")
    assert AuditEntry.objects.filter(action="agency.update", object_id=str(agency.pk)).exists()
    renamed = browser.post(
        f"/registry/agencies/{agency.code}/",
        {**fields, "hotline": "024.3825 3366", "hours": "24/7", "name": "Tên khác", "is_active": ""},
    )
    assert renamed.status_code == 302  # the head's form keeps the contacts only
    assert (Agency.objects.get(pk=agency.pk).name, Agency.objects.get(pk=agency.pk).is_active) == (
        agency.name,
        True,
    )
    with pytest.raises(PermissionDenied):
        services.update_agency(head, agency, name="Tên khác")
    stranger = persona("stranger")
    with pytest.raises(PermissionDenied):
        services.update_agency(stranger, agency, hotline="113")
    assert Agency.objects.get(pk=agency.pk).hotline == "024.3825 3366"


def test_every_public_page_names_the_committee_and_its_hotline(db: Any) -> None:
    office = Agency.objects.get(standing_for__level="national")
    Agency.objects.filter(pk=office.pk).update(hotline="1800 0389 00")
    cache.delete("public:national-hotline")
    for url in ("/tin-bao/", "/tin-bao/tra-cuu/", "/duong-day-nong/"):
        text = Client().get(url).content.decode()
        assert 'id="public-footer"' in text and "1800 0389 00" in text, url


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(province=st.text(max_size=12), commune=st.text(max_size=12), goods=st.text(max_size=12))
def test_any_query_string_gives_a_page(db: Any, province: str, commune: str, goods: str) -> None:
    clean = {
        k: v.replace("\x00", "")
        for k, v in {"province": province, "commune": commune, "goods": goods}.items()
    }
    assert Client().get("/duong-day-nong/", clean).status_code == 200
