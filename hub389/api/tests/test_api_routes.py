"""Every API route, as clients of several agencies, against the policy of the pages.

The test walks the OpenAPI document, so a new route fails until it is given an expectation
here. A client acts as its agency (an officer's rights; the whole area for a committee's
standing office), so for each route and each client the answer must be the policy's: a record
the agency may not see is a 404, a write it may not make a 403 or 404 and changes nothing, and
no answer names a case the client may not see."""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from hub389 import policy
from hub389.api.main import api
from hub389.api.tests.conftest import Api, register
from hub389.cases import services as cases
from hub389.cases.models import Case, LeadNotice, Sanction
from hub389.exchange.import_jobs import start_import, template_xlsx
from hub389.plans.models import Occurrence
from hub389.registry.models import Agency
from hub389.registry.services import get_committee
from hub389.subjects.models import Subject
from hub389.tests.factories import make_case, make_issued_task, make_lot, make_submission, make_tip
from hub389.tests.personas import persona
from hub389.tips.models import Tip
from hub389.warehouse.models import Lot


@dataclass(frozen=True)
class Expect:
    """`kind`: "open" (200 for any client with the scope), "case" / "sanction" / "subject" /
    "notice" (the object's rule `action` decides), "list" (200, and only visible cases named)."""

    kind: str
    action: str = "view"
    body: Callable[[Any], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200,)


def _violator(_: Any) -> dict[str, Any]:
    return {"kind": "person", "name": "Lê Văn Cường", "citizen_id": "001090011111", "role": "related"}


EXPECT: dict[str, Expect] = {
    "GET /api/v1/health": Expect("open"),
    "GET /api/v1/areas": Expect("open"),
    "GET /api/v1/agencies": Expect("open"),
    "GET /api/v1/agencies/{code}": Expect("open"),
    "GET /api/v1/committees": Expect("open"),
    "GET /api/v1/fields": Expect("open"),
    "GET /api/v1/goods-groups": Expect("open"),
    "GET /api/v1/who-leads": Expect("open"),
    "GET /api/v1/cases": Expect("list"),
    "POST /api/v1/cases": Expect("open", ok=(201,)),
    "GET /api/v1/cases/{case_id}": Expect("case"),
    "PUT /api/v1/cases/{case_id}": Expect("case", "edit", body=lambda c: _same_case(c, "Đính chính qua API")),
    "POST /api/v1/cases/{case_id}/subjects": Expect("case", "edit", body=_violator, ok=(201,)),
    "POST /api/v1/cases/{case_id}/violation-records": Expect(
        "case", "edit", body=lambda c: {"record_no": "BB-API-1", "record_date": str(c.detected_on)}, ok=(201,)
    ),
    "POST /api/v1/sanctions/{sanction_id}/decision": Expect(
        "sanction",
        "edit",
        body=lambda s: {"decision_no": "QĐ-API-1", "decision_date": str(s.record_date), "fine": 5_000_000},
    ),
    "POST /api/v1/sanctions/{sanction_id}/payments": Expect(
        "decided", "edit", body=lambda s: {"amount": 1_000_000}, ok=(201,)
    ),
    "POST /api/v1/cases/{case_id}/referrals": Expect(
        "case", "edit", body=lambda c: {"to_agency": "01-CA", "referred_on": str(c.detected_on)}, ok=(201,)
    ),
    "POST /api/v1/cases/{case_id}/shares": Expect("case", "own", body=lambda c: {"agency": "01-SYT"}),
    "GET /api/v1/notices": Expect("open"),
    "POST /api/v1/notices/{notice_id}/answer": Expect(
        "notice", "answer", body=lambda n: {"status": "acknowledged"}
    ),
    "GET /api/v1/subjects": Expect("open"),
    "GET /api/v1/subjects/{subject_id}": Expect("subject"),
    "POST /api/v1/subjects": Expect("open", ok=(200, 201)),
    "GET /api/v1/events": Expect("open"),
    "POST /api/v1/tips": Expect("open", ok=(201,)),
    "GET /api/v1/exports/ftm": Expect("list"),
    "GET /api/v1/lots": Expect("list"),
    "GET /api/v1/lots/{lot_id}": Expect("lot"),
    "POST /api/v1/lots/{lot_id}/movements": Expect(
        "lot",
        "edit",
        body=lambda lot: {"movement": "sample", "quantity": "1", "reason": "Lấy mẫu kiểm nghiệm"},
    ),
    "GET /api/v1/occurrences": Expect("open"),
    "POST /api/v1/occurrences/{occurrence_id}/progress": Expect(
        "occurrence",
        "report",
        body=lambda o: {"status": "in_progress", "percent": 40, "text": "Đã kiểm tra 12 cơ sở"},
        ok=(201,),
    ),
    "GET /api/v1/submissions": Expect("open"),
    "GET /api/v1/figures": Expect("committee", "view_kpi"),
    "GET /api/v1/submissions/{submission_id}": Expect("submission"),
    "POST /api/v1/submissions": Expect("skip"),  # the committee and period decide: test_work.py
    "POST /api/v1/imports": Expect("skip"),  # multipart: test_exchange.py sends a real sheet
    "GET /api/v1/imports/{import_id}": Expect("import"),
    "GET /api/v1/tips": Expect("list"),
    "GET /api/v1/tips/{tip_id}": Expect("tip"),
    "GET /api/v1/products": Expect("open"),
    "PUT /api/v1/products/{external_id}": Expect("skip"),  # a rights holder's system: test_products.py
    "POST /api/v1/tips/{tip_id}/steps": Expect(
        "tip", "handle", body=lambda t: {"step": "note", "text": "Đã gọi lại người báo"}
    ),
}

QUERIES = {
    "GET /api/v1/who-leads": {"area": "00070", "field": "luu-thong"},
    "GET /api/v1/subjects": {"name": "nguyen"},
    "GET /api/v1/products": {"q": "sua dong xanh"},
    "GET /api/v1/agencies/{code}": None,
}
BODIES = {
    "POST /api/v1/cases": {
        "detection": "inspection",
        "detected_on": "2026-11-02",
        "area": "00070",
        "summary": "Kinh doanh hàng điện tử không rõ nguồn gốc (API)",
        "violations": ["unknown_origin"],
    },
    "POST /api/v1/subjects": {
        "kind": "organisation",
        "name": "Công ty TNHH Thương mại Hà An",
        "tax_code": "0100109106",
    },
    "POST /api/v1/tips": {
        "summary": "Kho hàng điện tử lậu ở Long Biên",
        "description": "Người dân gọi đường dây nóng: kho chứa điện thoại nhập lậu, xe tải ra vào ban đêm.",
        "area": "00070",
        "channel": "hotline",
    },
}


def _same_case(case: Case, summary: str) -> dict[str, Any]:
    return {
        "detection": case.detection,
        "detected_on": str(case.detected_on),
        "area": case.area.code,
        "summary": summary,
        "violations": sorted(v.kind for v in case.violations.all()),
        "goods_group": case.goods_group.code if case.goods_group else None,
        "goods": [
            {
                "description": g.description,
                "quantity": str(g.quantity),
                "unit": g.unit,
                "value_vnd": g.value_vnd,
            }
            for g in case.goods.all()
        ],
        "reason": "Sửa tóm tắt",
    }


def operations() -> list[str]:
    doc = api.get_openapi_schema()
    return sorted(f"{method.upper()} {path}" for path, methods in doc["paths"].items() for method in methods)


def test_every_api_route_has_an_expectation() -> None:
    missing = [op for op in operations() if op not in EXPECT]
    assert not missing, f"API routes without an expectation: {missing}"
    assert not set(EXPECT) - set(operations()), "expectations for API routes that no longer exist"


REFERENCE = re.compile(r"\b(?:VV|TB)-\d{4}-\d{6}\b")


def _objects() -> dict[str, list[Any]]:
    handler, customs, coordinator = persona("handler"), persona("customs"), persona("coordinator")
    mine = make_case(handler)
    lang_son = make_case(customs, area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn")
    secret = make_case(handler, area="01", summary="Vụ việc bảo mật đang trinh sát")
    cases.set_confidential(handler, secret, "Đang trinh sát, chưa công khai", [coordinator])
    all_cases = [mine, lang_son, secret]
    sanctions = []
    for case, officer in ((mine, handler), (lang_son, customs)):
        cases.record_subject(
            officer,
            case,
            {"kind": "person", "name": "Nguyễn Văn Minh", "citizen_id": f"0010900{case.pk:05d}"},
        )
        record = cases.record_violation(
            officer, case, record_no=f"BB-{case.pk}", record_date=case.detected_on, route="standard"
        )
        sanctions.append(record)
    decided = cases.record_violation(
        handler, mine, record_no="BB-da-xu", record_date=mine.detected_on, route="standard"
    )
    decided = cases.decide_sanction(
        handler, decided, decision_no="QĐ-1", decision_date=mine.detected_on, fine=10_000_000, measures=[]
    )
    subjects = list(Subject.objects.filter(cases__case__in=all_cases).distinct())
    notices = list(LeadNotice.objects.order_by("-pk")[:2])
    fresh = Case.objects.filter(pk__in=[c.pk for c in all_cases]).order_by("pk")
    hanoi = make_tip(None, summary="Kinh doanh hàng giả ở chợ Đồng Xuân")
    lang_son_tip = make_tip(None, area="20", goods="thuoc-la", summary="Thuốc lá lậu ở chợ Đông Kinh")
    batch = start_import(
        handler, io.BytesIO(template_xlsx()), "mau.xlsx", source_system="QLTT-HN", dry_run=True
    )
    return {
        "import": [batch],
        "lot": [make_lot(handler, mine)],
        "occurrence": list(make_issued_task(persona("owner"), handler).occurrences.all()),
        "submission": [make_submission(handler)],
        "case": list(fresh),
        "sanction": sanctions,
        "decided": [decided],
        "subject": subjects,
        "notice": notices,
        "tip": [hanoi, lang_son_tip],
        "committee": [get_committee("01"), get_committee("20")],
    }


def _clients() -> dict[str, tuple[Any, Api]]:
    admin = "admin_user"
    found = {}
    for code in ("01-QLTT", "01-CA", "20-HQ"):
        client, token = register(admin, agency=Agency.objects.get(code=code), name=f"Hệ thống {code}")
        found[code] = (client.user, Api(token))
    standing = persona("owner").agency
    client, token = register(admin, agency=standing, name="Hệ thống VPTT Hà Nội")
    found["standing"] = (client.user, Api(token))
    return found


def _url(op: str, obj: Any) -> str:
    path = op.split(" ", 1)[1]
    return re.sub(r"\{[a-z_]+\}", str(getattr(obj, "pk", obj)), path)


@pytest.mark.django_db
def test_every_api_route_answers_every_client_as_the_policy_says() -> None:
    objects = _objects()
    clients = _clients()
    wrong, leaks = [], []
    for op, expect in EXPECT.items():
        if expect.kind == "skip":
            continue
        method = op.split(" ")[0]
        for who, (user, call) in clients.items():
            hidden = {
                c.reference
                for c in Case.objects.exclude(pk__in=policy.visible(user, "view", Case).values("pk"))
            }
            hidden |= {
                t.reference
                for t in Tip.objects.exclude(pk__in=policy.visible(user, "view", Tip).values("pk"))
            }
            targets = objects.get(expect.kind, [None]) if expect.kind not in ("open", "list") else [None]
            for obj in targets:
                if op == "GET /api/v1/agencies/{code}":
                    url = "/api/v1/agencies/20-HQ"
                elif op == "GET /api/v1/figures":
                    url = f"/api/v1/figures?committee={getattr(obj, 'code', '')}&period=2026-11"
                else:
                    url = _url(op, obj) if obj is not None else op.split(" ", 1)[1]
                if method == "GET":
                    response = call("GET", url, QUERIES.get(op) or {})
                else:
                    payload = expect.body(obj) if expect.body and obj is not None else BODIES.get(op, {})
                    response = call(method, url, payload)
                if expect.kind in ("open", "list"):
                    allowed = True
                else:
                    target = obj.case if isinstance(obj, Sanction) else obj
                    if isinstance(obj, Lot) and method != "GET":
                        target = obj.case  # a movement is written by those who may edit the case
                    if isinstance(obj, Occurrence):
                        target = obj.task
                    allowed = policy.can(user, expect.action, target)
                    if method != "GET" and isinstance(target, Case) and not policy.can(user, "view", target):
                        allowed = False
                status = response.status_code
                good = status in expect.ok if allowed else status in (403, 404)
                if not good:
                    wrong.append(f"{op} {who} {getattr(obj, 'pk', '')}: {status} {response.content[:200]!r}")
                body = b"".join(response.streaming_content) if response.streaming else response.content
                named = set(REFERENCE.findall(body.decode("utf-8", "replace")))
                if named & hidden:
                    leaks.append(f"{op} {who}: {sorted(named & hidden)}")
    assert not wrong, "\n".join(wrong)
    assert not leaks, "\n".join(leaks)


def test_a_client_of_one_agency_never_reads_another_agencys_cases(db: Any) -> None:
    lang_son = make_case(
        persona("customs"), area="20", kinds=["smuggling"], summary="Đường cát nhập lậu Lạng Sơn"
    )
    _, token = register("head", scopes=["cases:read"])
    call = Api(token)
    assert call("GET", f"cases/{lang_son.pk}").status_code == 404
    listed = call("GET", "cases", {"limit": 200}).json()["items"]
    assert lang_son.pk not in {c["id"] for c in listed}
    assert call("GET", "cases", {"q": "duong cat"}).json()["items"] == []
    assert datetime.date.today()  # the list answered, and named nothing of Lạng Sơn
