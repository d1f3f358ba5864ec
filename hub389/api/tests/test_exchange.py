"""The cases an agency may see, exported as followthemoney entities that the followthemoney
package itself reads back (links resolved, an audit entry per export); and a spreadsheet sent
through the API, checked and written by the worker, twice without a duplicate."""

import io
import json
from typing import Any

from followthemoney import model

from hub389.api.tests.conftest import Api, register
from hub389.audit.models import AuditEntry
from hub389.cases import services as cases
from hub389.cases.models import Case
from hub389.exchange.import_jobs import template_xlsx
from hub389.exchange.models import ExternalRef
from hub389.tests.factories import make_case
from hub389.tests.inprocess import run_worker
from hub389.tests.personas import persona


def _entities(response: Any) -> list[Any]:
    body = b"".join(response.streaming_content).decode()
    return [model.get_proxy(json.loads(line), cleaned=False) for line in body.splitlines()]


def test_the_ftm_export_loads_in_followthemoney_and_shows_only_what_the_agency_sees(db: Any) -> None:
    handler = persona("handler")
    case = make_case(handler, summary="Kinh doanh mỹ phẩm giả Hàng Đào")
    cases.record_subject(
        handler,
        case,
        {
            "kind": "person",
            "name": "Nguyễn Văn An",
            "citizen_id": "001085012345",
            "address": "Hàng Đào, Hà Nội",
        },
    )
    cases.record_subject(
        handler,
        case,
        {"kind": "organisation", "name": "Công ty TNHH Hà An", "tax_code": "0100109106"},
        "owner",
    )
    record = cases.record_violation(
        handler, case, record_no="BB-1", record_date=case.detected_on, route="standard"
    )
    cases.decide_sanction(
        handler,
        record,
        decision_no="QĐ-12/QLTT",
        decision_date=case.detected_on,
        fine=15_000_000,
        measures=[],
    )
    hidden = make_case(
        persona("customs"), area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn"
    )
    _, token = register("head", scopes=["export"])
    response = Api(token)("GET", "exports/ftm")
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    entities = _entities(response)
    by_id = {e.id: e for e in entities}
    event = by_id[f"hub389-case-{case.pk}"]
    assert event.schema.name == "Event" and event.first("name") == case.reference
    involved = [by_id[i] for i in event.get("involved")]
    assert {e.schema.name for e in involved} == {"Person", "Company"}
    person = next(e for e in involved if e.schema.name == "Person")
    assert (
        person.first("idNumber") == "001085012345"
        and by_id[person.first("addressEntity")].schema.name == "Address"
    )
    sanction = next(e for e in entities if e.schema.name == "Sanction")
    assert sanction.first("entity") in {e.id for e in involved} and sanction.first("recordId") == "QĐ-12/QLTT"
    assert by_id[event.first("organizer")].schema.name == "PublicBody"
    assert f"hub389-case-{hidden.pk}" not in by_id and "Lạng Sơn" not in json.dumps(
        [e.to_dict() for e in entities], ensure_ascii=False
    )
    assert AuditEntry.objects.filter(action="api.export_ftm").exists()
    assert len(by_id) == len(entities)  # each entity once


def test_a_spreadsheet_sent_twice_through_the_api_is_one_case(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _, token = register("head", scopes=["cases:write"])
    api = Api(token)

    def send() -> dict[str, Any]:
        upload = io.BytesIO(template_xlsx())
        upload.name = "mau.xlsx"
        with django_capture_on_commit_callbacks(execute=True):
            answer = api.http.post(
                "/api/v1/imports",
                {"file": upload, "source_system": "QLTT-HN"},
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
        assert answer.status_code == 202, answer.content
        run_worker()
        return api("GET", f"imports/{answer.json()['id']}").json()

    first = send()
    assert first["status"] == "done" and first["summary"]["created"] == 1, first
    second = send()
    assert (
        second["status"] == "done"
        and second["summary"]["created"] == 0
        and second["summary"]["unchanged"] == 1
    )
    ref = ExternalRef.objects.get(source_system="QLTT-HN", source_id="VI-DU-0001")
    assert Case.objects.filter(pk=ref.object_id).count() == 1
    # The same record pushed through the JSON API afterwards updates that case too.
    pushed = api(
        "POST",
        "cases",
        {
            "source_system": "QLTT-HN",
            "source_id": "VI-DU-0001",
            "detection": "inspection",
            "detected_on": "2026-11-20",
            "area": "00070",
            "summary": "Kinh doanh mỹ phẩm giả nhãn hiệu (API)",
            "violations": ["counterfeit"],
        },
    )
    assert pushed.status_code == 200 and pushed.json()["id"] == ref.object_id


def test_the_ftm_export_carries_only_the_personal_values_the_agency_recorded(db: Any) -> None:
    """One person (one CCCD) recorded by Customs in Lạng Sơn with an address and a birth date,
    then by Market Surveillance in Hà Nội with neither: Hà Nội's export names the person with
    its own record's values, never the address and birth date Customs typed."""
    import datetime

    customs, handler = persona("customs"), persona("handler")
    theirs = make_case(customs, area="20", kinds=["smuggling"], summary="Vận chuyển hàng lậu qua biên giới")
    typed: dict[str, Any] = {
        "kind": "person",
        "name": "Hoàng Văn Lợi",
        "citizen_id": "020079004321",
        "address": "Thôn Bản Chắt, Lạng Sơn",
        "date_of_birth": datetime.date(1979, 3, 2),
    }
    cases.record_subject(customs, theirs, typed)
    mine = make_case(handler, summary="Bán hàng lậu ở chợ Long Biên")
    cases.record_subject(
        handler, mine, {"kind": "person", "name": "Hoàng Văn Lợi", "citizen_id": "020079004321"}
    )
    _, token = register("head", scopes=["export"])
    entities = _entities(Api(token)("GET", "exports/ftm"))
    person = next(e for e in entities if e.schema.name == "Person" and e.first("name") == "Hoàng Văn Lợi")
    assert person.first("idNumber") == "020079004321"  # Hà Nội typed it
    assert not person.get("birthDate") and not person.get("addressEntity")
    assert not any("Bản Chắt" in (e.first("full") or "") for e in entities if e.schema.name == "Address")
