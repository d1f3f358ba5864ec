"""The API over a real socket, as an agency's system calls it (requests against the live
server): the OpenAPI document and its documentation page, a case pushed twice (one case), a
refusal as a problem, and the token checked on every call."""

from typing import Any

import requests

from hub389.api.tests.conftest import register
from hub389.cases.models import Case
from hub389.exchange.models import ExternalRef

CASE: dict[str, Any] = {
    "source_system": "HQ-LS",
    "source_id": "TK-2026-7781",
    "detection": "customs",
    "detected_on": "2026-11-18",
    "area": "20",
    "summary": "Vận chuyển đường cát nhập lậu qua cửa khẩu",
    "violations": ["smuggling"],
    "goods": [{"description": "Đường cát", "quantity": "12.5", "unit": "tấn", "value_vnd": 187500000}],
}


def test_a_system_pushes_twice_over_http_and_finds_one_case(live_server: Any, registry_live: Any) -> None:
    _, token = register("admin_user", agency=_agency("20-HQ"), scopes=["cases:read", "cases:write"])
    base = f"{live_server.url}/api/v1"
    session = requests.Session()
    doc = session.get(f"{base}/openapi.json", timeout=30)
    assert doc.status_code == 200 and doc.json()["info"]["title"] == "hub389 API"
    page = session.get(f"{base}/docs", timeout=30)
    assert page.status_code == 200 and "swagger-ui" in page.text and "cdn" not in page.text.lower()
    assert session.get(f"{base}/cases", timeout=30).status_code == 401
    session.headers["Authorization"] = f"Bearer {token}"
    first = session.post(f"{base}/cases", json=CASE, timeout=30)
    second = session.post(f"{base}/cases", json=CASE, timeout=30)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    ref = ExternalRef.objects.get(source_system="HQ-LS", source_id="TK-2026-7781")
    assert Case.objects.filter(pk=ref.object_id).count() == 1
    detail = session.get(f"{base}/cases/{ref.object_id}", timeout=30)
    assert detail.headers["ETag"] == f'"{detail.json()["version"]}"' and detail.json()["owner"] == "20-HQ"
    refused = session.post(f"{base}/cases", json={**CASE, "area": "99999"}, timeout=30)
    assert refused.status_code == 422 and refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"][0]["field"] == "area"


def _agency(code: str) -> Any:
    from hub389.registry.models import Agency

    return Agency.objects.get(code=code)
