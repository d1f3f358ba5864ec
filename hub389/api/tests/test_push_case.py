"""An agency's system pushes cases: one case per external reference however often it is sent,
updates refused when stale, Idempotency-Key answers replayed, bad input refused with every
problem named and nothing written."""

import datetime
from typing import Any

from hub389.cases.models import Case, CaseEvent
from hub389.exchange.models import Event, ExternalRef

TODAY = datetime.date(2026, 11, 20)


def body(**changes: Any) -> dict[str, Any]:
    data = {
        "source_system": "QLTT-HN",
        "source_id": "BB-2026-0042",
        "detection": "inspection",
        "detected_on": "2026-11-20",
        "area": "00070",
        "summary": "Kinh doanh mỹ phẩm giả nhãn hiệu tại phố Hàng Đào",
        "violations": ["counterfeit"],
        "goods_group": "my-pham",
        "place": "Số 12 phố Hàng Đào",
        "goods": [
            {
                "description": "Son môi giả nhãn hiệu",
                "quantity": "1500",
                "unit": "thỏi",
                "value_vnd": 450000000,
            }
        ],
        "violator": {
            "kind": "household",
            "name": "Hộ kinh doanh Nguyễn Văn An",
            "citizen_id": "001085012345",
        },
    }
    data.update(changes)
    return data


def test_the_same_case_pushed_twice_is_one_case(api_as: Any) -> None:
    api = api_as("head", scopes=["cases:read", "cases:write"])
    first = api("POST", "cases", body())
    assert first.status_code == 201, first.content
    answer = first.json()
    assert answer["created"] is True and answer["reference"].startswith("VV-2026-")
    again = api("POST", "cases", body())
    assert (
        again.status_code == 200 and again.json()["id"] == answer["id"] and again.json()["created"] is False
    )
    assert Case.objects.filter(pk=answer["id"]).count() == 1
    assert ExternalRef.objects.filter(source_system="QLTT-HN", source_id="BB-2026-0042").count() == 1
    # Sent again with a change: the same case, corrected, the change kept in its timeline.
    changed = api("POST", "cases", body(summary="Kinh doanh mỹ phẩm giả nhãn hiệu Hàng Đào (đã xác minh)"))
    assert changed.status_code == 200 and changed.json()["id"] == answer["id"]
    case = Case.objects.get(pk=answer["id"])
    assert case.summary.endswith("(đã xác minh)")
    assert CaseEvent.objects.filter(case=case, kind="amended").count() == 1
    detail = api("GET", f"cases/{case.pk}").json()
    assert detail["goods"][0]["quantity"] == "1500" and detail["goods_value_vnd"] == 450_000_000
    assert detail["source"] == [{"agency": "01-QLTT", "system": "QLTT-HN", "id": "BB-2026-0042"}]
    assert [s["role"] for s in detail["subjects"]] == ["violator"]


def test_a_stale_update_is_refused_with_409(api_as: Any) -> None:
    api = api_as("head", scopes=["cases:read", "cases:write"])
    created = api("POST", "cases", body()).json()
    etag = api("GET", f"cases/{created['id']}")["ETag"]
    assert etag == f'"{created["version"]}"'
    ok = api("POST", "cases", body(summary="Sửa lần một: mỹ phẩm giả"), **{"If-Match": etag})
    assert ok.status_code == 200
    stale = api("POST", "cases", body(summary="Sửa lần hai từ bản cũ"), **{"If-Match": etag})
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    assert stale.json()["code"] == "stale_version"
    assert Case.objects.get(pk=created["id"]).summary == "Sửa lần một: mỹ phẩm giả"


def test_an_idempotency_key_replays_the_first_answer(api_as: Any) -> None:
    api = api_as("head", scopes=["cases:write"])
    plain = body(source_system="", source_id="")
    first = api("POST", "cases", plain, **{"Idempotency-Key": "a1b2c3"})
    second = api("POST", "cases", plain, **{"Idempotency-Key": "a1b2c3"})
    assert first.status_code == second.status_code == 201
    assert second.json()["id"] == first.json()["id"] and second.json()["replayed"] is True
    assert Case.objects.filter(summary=plain["summary"]).count() == 1
    other = api("POST", "cases", {**plain, "summary": "Một vụ khác hẳn"}, **{"Idempotency-Key": "a1b2c3"})
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_bad_input_names_every_problem_and_writes_nothing(api_as: Any) -> None:
    api = api_as("head", scopes=["cases:write"])
    before = (Case.objects.count(), ExternalRef.objects.count(), Event.objects.count())
    wrong = body(area="99999", goods_group="khong-co", detected_on="2030-01-01")
    answer = api("POST", "cases", wrong)
    assert answer.status_code == 422 and answer["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"area", "goods_group"} <= fields
    future = api("POST", "cases", body(detected_on="2030-01-01"))
    assert future.status_code == 422 and "tương lai" in future.content.decode()
    bad_id = body(violator={"kind": "person", "name": "Trần Thị B", "citizen_id": "12345"})
    refused = api("POST", "cases", bad_id)
    assert refused.status_code == 422
    assert "12345" not in refused.content.decode()  # nothing personal echoed back
    bad_tax = body(violator={"kind": "organisation", "name": "Công ty TNHH ABC", "tax_code": "0101234568"})
    assert api("POST", "cases", bad_tax).status_code == 422
    assert api("POST", "cases", "{not json").status_code in (400, 422)
    types = api("POST", "cases", body(goods=[{"description": "x", "quantity": "nhiều", "unit": "kg"}]))
    assert types.status_code == 422 and types.json()["errors"][0]["field"].startswith("goods")
    nul = api("POST", "cases", body(summary="Có ký tự \u0000 lạ"))
    assert nul.status_code == 400
    huge = api("POST", "cases", b"{" + b" " * (50 * 1024 * 1024) + b"}")
    assert huge.status_code == 413
    assert (Case.objects.count(), ExternalRef.objects.count(), Event.objects.count()) == before


def test_every_value_problem_comes_in_one_answer_named_as_sent(api_as: Any) -> None:
    api = api_as("head", scopes=["cases:write"])
    wrong = body(
        area="99999",
        goods_group="khong-co",
        detected_on="2030-01-01",
        violator={"kind": "organisation", "name": "Công ty TNHH ABC", "tax_code": "0101234568"},
    )
    answer = api("POST", "cases", wrong)
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"area", "goods_group", "detected_on", "violator.tax_code"} <= fields, fields
    assert "0101234568" not in answer.content.decode()
    short = api_as("head", scopes=["cases:read"])("GET", "cases", {"q": "ab"})
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "q"
