"""Every import kind through the same path as a user takes it (the file kept, checked by the
worker, written all or nothing): sanctions, seized lots, subjects and typed report figures,
each sent twice without writing twice, each bad row named and nothing written."""

import datetime
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import Workbook

from hub389.accounts.models import User
from hub389.api.tests.conftest import Api, register
from hub389.cases.models import Case, Sanction
from hub389.exchange import import_jobs, refs
from hub389.exchange.imports import KINDS
from hub389.exchange.models import ImportBatch, ImportStatus
from hub389.reports.models import Submission
from hub389.subjects.models import Subject
from hub389.tests.factories import make_case
from hub389.tests.inprocess import run_worker
from hub389.tests.personas import persona
from hub389.warehouse.models import Lot, LotStatus

pytestmark = pytest.mark.django_db


def sheet(kind: str, rows: list[dict[str, str]]) -> io.BytesIO:
    """An XLSX of `kind`'s template: the headings, then each row (the example's cells by default)."""
    columns = KINDS[kind].columns
    example = dict(zip([k for k, _ in columns], KINDS[kind].example, strict=True))
    book = Workbook()
    page = book.active
    assert page is not None
    page.append([h for _, h in columns])
    for cells in rows:
        values = {**example, **cells}
        page.append([values[k] for k, _ in columns])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def send(
    actor: User, kind: str, rows: list[dict[str, str]], capture: Any, commit: bool = True
) -> ImportBatch:
    with capture(execute=True):
        batch = import_jobs.start_import(
            actor, sheet(kind, rows), f"{kind}.xlsx", kind=kind, source_system="QLTT-HN", commit=commit
        )
    run_worker()
    batch.refresh_from_db()
    return batch


def problems(batch: ImportBatch) -> set[tuple[int, str]]:
    return {(p["row"], p["column"]) for p in batch.summary["problems"]}


def test_sanctions_are_recorded_decided_and_paid_once_however_often_the_sheet_comes(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(handler)
    refs.remember(handler.agency, "case", "QLTT-HN", "VI-DU-0001", case.pk)  # type: ignore[arg-type]
    by_ref = {
        "case": case.reference,
        "subject": "",
        "record_no": "13/BB",
        "decision_no": "",
        "fine": "",
        "paid": "",
        "measures": "",
    }
    first = send(handler, "sanctions", [{"subject": ""}, by_ref], django_capture_on_commit_callbacks)
    assert first.status == ImportStatus.DONE, first.summary
    assert (first.summary["created"], first.summary["updated"]) == (2, 0)
    decided = Sanction.objects.get(case=case, record_no="12/BB-QLTT")
    assert (decided.decision_no, decided.fine_decided, decided.fine_paid) == (
        "34/QĐ-XPHC",
        25_000_000,
        10_000_000,
    )
    assert decided.measures == ["destruction"]
    assert Sanction.objects.get(case=case, record_no="13/BB").decision_no == ""
    browser = Client()
    browser.force_login(handler)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert "QLTT-HN: VI-DU-0001" in page and "Buộc tiêu hủy" in page  # its source id, the remedy
    again = send(handler, "sanctions", [{"subject": ""}, by_ref], django_capture_on_commit_callbacks)
    assert (again.summary["created"], again.summary["updated"], again.summary["unchanged"]) == (0, 0, 2)
    decided.refresh_from_db()
    assert decided.fine_paid == 10_000_000  # the paid column is cumulative: nothing paid twice
    # Later: the second record decided, the first paid in full.
    later = send(
        handler,
        "sanctions",
        [
            {"paid": "25.000.000", "subject": ""},
            {**by_ref, "decision_no": "35/QĐ", "fine": "5 triệu", "paid": "5.000.000"},
        ],
        django_capture_on_commit_callbacks,
    )
    assert later.status == ImportStatus.DONE and later.summary["updated"] == 2, later.summary
    decided.refresh_from_db()
    assert decided.fine_paid == 25_000_000 and decided.outstanding == 0
    assert Sanction.objects.get(case=case, record_no="13/BB").fine_paid == 5_000_000
    assert Sanction.objects.filter(case=case).count() == 2


def test_a_bad_sanction_row_is_named_and_nothing_is_written(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(handler)
    hidden = make_case(persona("customs"), area="20", kinds=["smuggling"])
    good = {"case": case.reference, "subject": ""}
    rows = [
        good,
        {"case": "KHONG-CO", "subject": ""},
        {"case": hidden.reference, "record_no": "1/BB", "subject": ""},
        {**good, "record_no": "2/BB", "decision_date": "01/11/2026"},  # before the record
        {**good, "record_no": "3/BB", "paid": "30.000.000"},  # above the fine
        {**good, "record_no": "4/BB", "route": "nhanh"},
        {**good, "record_no": "5/BB", "decision_no": "", "decision_date": "", "fine": "5.000.000"},
        {**good, "record_no": "6/BB", "subject": "0100109106"},  # not a subject of the case
        good,  # the first row again
    ]
    batch = send(handler, "sanctions", rows, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.REFUSED
    found = problems(batch)
    assert {
        (3, "Mã hồ sơ nguồn hoặc số vụ việc"),
        (4, "Mã hồ sơ nguồn hoặc số vụ việc"),
        (5, "Ngày quyết định"),
        (6, "Đã nộp (đồng, cộng dồn)"),
        (7, "Thời hạn ra quyết định"),
        (8, "Số quyết định xử phạt"),
        (9, "Mã số thuế hoặc CCCD người vi phạm"),
        (10, "Số biên bản"),
    } <= found, batch.summary["problems"]
    assert (2, "Mã hồ sơ nguồn hoặc số vụ việc") not in found
    assert not Sanction.objects.exists()
    text = " ".join(p["message"] for p in batch.summary["problems"])
    assert hidden.summary not in text  # a case the agency may not see is not described


def test_lots_are_taken_into_the_agencys_warehouse_once(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(handler)
    row = {
        "case": case.reference,
        "warehouse": "kho tang vat chi cuc qltt ha noi",
        "bin": "A1",
        "seized_on": "05/11/2026",
    }
    first = send(handler, "lots", [row], django_capture_on_commit_callbacks)
    assert first.status == ImportStatus.DONE and first.summary["created"] == 1, first.summary
    lot = Lot.objects.get(case=case)
    assert (lot.quantity, lot.value_vnd, lot.status, lot.bin and lot.bin.code) == (
        1500,
        450_000_000,
        LotStatus.HELD,
        "A1",
    )
    assert lot.custody.count() == 1  # the custody chain starts with the intake
    browser = Client()
    browser.force_login(handler)
    assert "Lô VI-DU-LO-0001" in browser.get(f"/cases/{case.pk}/").content.decode()
    again = send(handler, "lots", [{**row, "quantity": "1.400"}], django_capture_on_commit_callbacks)
    assert again.summary["unchanged"] == 1
    assert [n["row"] for n in again.summary["notes"] if n["message"].startswith("Lô đã nhập kho")] == [2]
    assert Lot.objects.filter(case=case).count() == 1 and Lot.objects.get(case=case).quantity == 1500
    bad = send(
        handler,
        "lots",
        [
            {**row, "source_id": "LO-2", "kind": "Vật chứng"},  # evidence into an exhibits' bin
            {**row, "source_id": "LO-3", "warehouse": "Kho Hải quan Lạng Sơn"},
            {**row, "source_id": "LO-4", "quantity": "0", "seized_on": "01/11/2026"},
        ],
        django_capture_on_commit_callbacks,
    )
    assert bad.status == ImportStatus.REFUSED
    assert {(2, "Ngăn kho (mã)"), (3, "Kho"), (4, "Số lượng"), (4, "Ngày tạm giữ")} <= problems(bad)
    assert Lot.objects.count() == 1


def test_subjects_are_linked_not_duplicated_and_never_overwritten(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    person = {
        "source_id": "CN-1",
        "kind": "cá nhân",
        "name": "Nguyen Van An",
        "citizen_id": "001085012345",
        "tax_code": "",
        "address": "",
        "legal_representative": "",
    }
    first = send(handler, "subjects", [{}, person], django_capture_on_commit_callbacks)
    assert first.status == ImportStatus.DONE and first.summary["created"] == 2, first.summary
    company = Subject.objects.get(tax_code="0100109106")
    assert company.kind == "organisation" and company.legal_representative == "Trần Văn Minh"
    # Again, with an address now known for the person and another address for the company.
    again = send(
        handler,
        "subjects",
        [{"address": "Số 9 Lê Duẩn"}, {**person, "address": "Hàng Đào, Hà Nội"}],
        django_capture_on_commit_callbacks,
    )
    assert (again.summary["created"], again.summary["updated"], again.summary["unchanged"]) == (0, 1, 1)
    assert Subject.objects.get(citizen_id="001085012345").address == "Hàng Đào, Hà Nội"
    company.refresh_from_db()
    assert company.address == "Số 5 phố Lò Đúc, Hai Bà Trưng, Hà Nội"  # kept, and said so
    assert any("Địa chỉ" in n["column"] for n in again.summary["notes"])
    # Another source id with the same tax code is the same company.
    other = send(handler, "subjects", [{"source_id": "DN-XYZ"}], django_capture_on_commit_callbacks)
    assert other.summary["created"] == 0 and Subject.objects.filter(tax_code="0100109106").count() == 1
    bad = send(
        handler,
        "subjects",
        [
            {"source_id": "B1", "tax_code": "0100109107"},
            {**person, "source_id": "B2", "citizen_id": "12345"},
            {"source_id": "B1"},
        ],
        django_capture_on_commit_callbacks,
    )
    assert {(2, "Mã số thuế"), (3, "Số CCCD"), (4, "Mã bản ghi nguồn")} <= problems(bad)
    assert "0100109107" not in str(bad.summary)  # the value is not echoed


def test_typed_figures_are_saved_in_the_agencys_draft_and_kept_with_the_others(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [{"period": "11/2026"}, {"period": "2026-11", "indicator": "fines_paid", "value": "450.000.000"}]
    first = send(handler, "figures", rows, django_capture_on_commit_callbacks)
    assert first.status == ImportStatus.DONE and first.summary["created"] == 1, first.summary
    draft = Submission.objects.get(agency=handler.agency, period_code="2026-11", committee__area__code="01")
    assert draft.status == "draft" and set(draft.typed) == {"cases_total", "fines_paid"}
    assert draft.figures["cases_total"] == 12 and draft.figures["fines_paid"] == 450_000_000
    again = send(handler, "figures", rows[:1], django_capture_on_commit_callbacks)
    assert again.summary["unchanged"] == 1
    draft.refresh_from_db()
    assert draft.figures["fines_paid"] == 450_000_000  # typed before, kept
    bad = send(
        handler,
        "figures",
        [{"indicator": "so_vu_ma"}, {"indicator": "fines_paid", "value": "nhiều"}, {"committee": "20"}],
        django_capture_on_commit_callbacks,
    )
    assert {(2, "Chỉ tiêu"), (3, "Số liệu"), (4, "Mã Ban Chỉ đạo")} <= problems(bad)


def test_a_kind_needs_its_own_scope_through_the_api(db: Any, django_capture_on_commit_callbacks: Any) -> None:
    _, token = register("head", scopes=["cases:write"])
    api = Api(token)
    upload = sheet("subjects", [{}])
    upload.name = "doi-tuong.xlsx"
    answer = api.http.post(
        "/api/v1/imports",
        {"file": upload, "source_system": "QLTT-HN", "kind": "subjects"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 403 and answer.json()["code"] == "scope_missing"
    _, token = register("head", scopes=["subjects:write"])
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        answer = Api(token).http.post(
            "/api/v1/imports",
            {"file": upload, "source_system": "QLTT-HN", "kind": "subjects"},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert answer.status_code == 202 and answer.json()["kind"] == "subjects", answer.content
    run_worker()
    done = Api(token)("GET", f"imports/{answer.json()['id']}").json()
    assert done["status"] == "done" and done["summary"]["created"] == 1
    assert not Case.objects.exists()


def test_one_report_however_written_and_no_figures_for_a_period_to_come(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    rows = [
        {"period": "11/2026"},
        {"report_type": "Báo cáo tháng", "period": "2026-11", "value": "20"},  # the same report and figure
        {"period": "2027-03"},
    ]
    batch = send(handler, "figures", rows, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.REFUSED and batch.summary["records"] == 2
    assert {(3, "Chỉ tiêu"), (4, "Kỳ báo cáo")} <= problems(batch), batch.summary["problems"]
    assert [p["row"] for p in batch.summary["problems"]] == sorted(
        p["row"] for p in batch.summary["problems"]
    )


def test_a_sanction_row_names_all_its_problems_at_once(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(handler)
    row = {"case": case.reference, "decision_date": "10/12/2026", "paid": "90.000.000"}
    batch = send(handler, "sanctions", [row], django_capture_on_commit_callbacks)
    assert {
        (2, "Mã số thuế hoặc CCCD người vi phạm"),
        (2, "Ngày quyết định"),
        (2, "Đã nộp (đồng, cộng dồn)"),
    } <= problems(batch), batch.summary["problems"]


def test_citizen_ids_are_checked_for_their_province_and_birth_year(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    person = {"kind": "Cá nhân", "name": "Lê Thị Hoa", "tax_code": "", "legal_representative": ""}
    rows = [
        {**person, "source_id": "P1", "citizen_id": "099090023457"},  # no province 99
        {**person, "source_id": "P2", "citizen_id": "001190023458", "date_of_birth": "12/05/1985"},
        {**person, "source_id": "P3", "citizen_id": "001190023458", "date_of_birth": "12/05/1990"},
        {**person, "source_id": "P4", "date_of_birth": "31/02/1990"},
    ]
    batch = send(handler, "subjects", rows, django_capture_on_commit_callbacks)
    found = problems(batch)
    assert {(2, "Số CCCD"), (3, "Ngày sinh"), (5, "Ngày sinh")} <= found and not {r for r, _c in found} & {4}
    assert any("31/02/1990" in p["message"] and "lịch" in p["message"] for p in batch.summary["problems"])


def test_a_source_system_typed_differently_is_the_same_system(
    handler: User, django_capture_on_commit_callbacks: Any
) -> None:
    for name in ("QLTT-HN", "qltt hn", "QLTT_HN "):
        with django_capture_on_commit_callbacks(execute=True):
            batch = import_jobs.start_import(
                handler,
                sheet("subjects", [{"source_id": "S-1"}]),
                "s.xlsx",
                kind="subjects",
                source_system=name,
            )
        run_worker()
        batch.refresh_from_db()
        assert batch.source_system == "QLTT-HN" and batch.summary["problem_count"] == 0, batch.summary
    assert refs.ExternalRef.objects.filter(kind="subject").count() == 0  # previews only
    import_jobs.commit_import(persona("head"), batch)
    batch.refresh_from_db()
    assert batch.committed_by == persona("head") and batch.committed_at is not None


def test_the_file_itself_is_refused_with_what_is_wrong(handler: User) -> None:
    from django.core.exceptions import ValidationError

    from hub389.exchange import sheets

    page = sheet("lots", [{}])
    book = __import__("openpyxl").load_workbook(page)
    book.active.cell(1, 3).value = "Ghi chú"
    book.active["E2"] = "=2*750"
    bad = io.BytesIO()
    book.save(bad)
    bad.seek(0)
    with pytest.raises(ValidationError) as refused:
        sheets.read(bad, "x.xlsx", KINDS["lots"].columns)
    assert "E2" in refused.value.messages[0]
    book.active["E2"] = "1500"
    bad = io.BytesIO()
    book.save(bad)
    bad.seek(0)
    with pytest.raises(ValidationError) as refused:
        sheets.read(bad, "x.xlsx", KINDS["lots"].columns)
    assert "thiếu cột “Tang vật hay vật chứng”" in refused.value.messages[0]
    assert "“ghi chu”" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        import_jobs.start_import(
            handler, io.BytesIO(b"PK\x03\x04 not a zip"), "gia.xlsx", kind="lots", source_system="QLTT-HN"
        )
    assert "không phải bảng tính" in refused.value.messages[0]
    assert not ImportBatch.objects.exists()


def test_a_refused_citizen_id_with_a_date_of_birth_is_one_problem(handler: User) -> None:
    from django.core.exceptions import ValidationError

    from hub389.subjects import services

    with pytest.raises(ValidationError) as refused:
        services.clean(
            kind="person", name="Lê Hoa", citizen_id="mark_not_a_tip", date_of_birth=datetime.date(2000, 1, 1)
        )
    assert set(refused.value.message_dict) == {"citizen_id"}
