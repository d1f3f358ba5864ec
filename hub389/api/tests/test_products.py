"""Genuine products over the API: a rights holder's system keeps its catalogue by its own product
codes; the agencies' systems look products up with the features their officers may see."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from hub389.api import services
from hub389.api.tests.conftest import Api, register
from hub389.brands.models import Product
from hub389.demo.brands import GTIN, load_demo_brands
from hub389.registry.models import Agency
from hub389.tests.personas import holder_persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder_api() -> Api:
    load_demo_brands()
    master = holder_persona("holder")
    client, token = services.register_holder_client(
        master,
        master.holder_seat.holder,
        name="ERP Đồng Xanh",
        contact="Phòng CNTT, 0912 000 111",
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    assert client.holder_id and client.agency_id is None and client.user.role == "rights_holder"
    return Api(token)


BODY = {
    "brand": "Đồng Xanh",
    "name": "Sữa chua uống Đồng Xanh",
    "variant": "Chai 180 ml",
    "gtin": "8936045123461",
    "goods_group": "sua",
    "public_features": "Nắp xanh có tem nhiệt",
    "officer_features": "Mã lô in laser bắt đầu bằng DX",
}


def test_a_holders_system_keeps_its_catalogue(holder_api: Api) -> None:
    created = holder_api("PUT", "products/DX-YO-180", BODY)
    assert created.status_code == 201, created.content
    assert created.json()["officer_features"] == BODY["officer_features"]
    again = holder_api("PUT", "products/DX-YO-180", {**BODY, "variant": "Chai 200 ml"})
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    assert Product.objects.get(external_id="DX-YO-180").variant == "Chai 200 ml"
    wrong = holder_api("PUT", "products/DX-YO-180", {**BODY, "gtin": "8936045123462"})
    assert wrong.status_code == 422 and "chữ số kiểm tra" in wrong.content.decode()
    assert Product.objects.get(external_id="DX-YO-180").gtin == "8936045123461"
    found = holder_api("GET", "products", {"q": "sua chua dong xanh"})
    assert [p["external_id"] for p in found.json()] == ["DX-YO-180"]
    # It acts as itself only.
    other = holder_api("GET", "products", {"q": GTIN}, **{"X-On-Behalf-Of": "sua.dongxanh"})
    assert other.status_code == 403


def test_agencies_read_what_their_officers_see_and_write_nothing(holder_api: Any) -> None:
    market_api = Api(
        register("admin_user", agency=Agency.objects.get(code="01-QLTT"), name="Hệ thống QLTT")[1]
    )
    customs_api = Api(register("admin_user", agency=Agency.objects.get(code="20-HQ"), name="Hệ thống HQ")[1])
    seen = market_api("GET", "products", {"q": GTIN}).json()
    assert seen[0]["gtin"] == GTIN and seen[0]["officer_features"] and seen[0]["lab_features"]
    assert {s["tax_code"] for s in seen[0]["sellers"]} == {"0304567898", "0101245486"}
    from hub389.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="brand.view_covert", object_repr__contains="(API)").exists()
    far = customs_api("GET", "products", {"q": GTIN}).json()
    assert far[0]["officer_features"] and far[0]["lab_features"] is None  # not a named laboratory
    before = Product.objects.count()
    refused = market_api("PUT", "products/QLTT-1", BODY)
    assert refused.status_code == 403 and Product.objects.count() == before
    bad = market_api("GET", "products", {"q": "8936045123455"})
    assert bad.status_code == 422 and "chữ số kiểm tra" in bad.content.decode()
