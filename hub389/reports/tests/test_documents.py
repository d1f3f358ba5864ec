"""The consolidated report as official documents: DOCX (Decree 30/2020 layout, Times New
Roman, tables that add up), XLSX with formulas, PDF through LibreOffice."""

import dataclasses
import datetime
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from hub389.accounts.models import User
from hub389.cases.services import GoodsLine
from hub389.registry.services import get_committee
from hub389.reports import assemble, documents
from hub389.reports.models import ReportType
from hub389.tests.factories import make_case

pytestmark = pytest.mark.django_db


def _cases_in_october() -> None:
    officer = User.objects.get(username="qltt.hanoi")
    for day, kinds, value in (
        (datetime.date(2026, 9, 20), ["smuggling"], 12_000_000),
        (datetime.date(2026, 10, 2), ["counterfeit"], 36_000_000),
        (datetime.date(2026, 10, 14), ["fraud", "counterfeit"], 5_500_000),
    ):
        make_case(
            officer,
            detected_on=day,
            summary="Vụ việc tháng 10",
            kinds=kinds,
            lines=[GoodsLine("Hàng hóa", "1", "lô", value)],
        )


def _texts(doc: Any) -> list[str]:
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out += [p.text for c in row.cells for p in c.paragraphs]
    return out


def test_docx_has_the_decree_30_layout_and_tables_that_add_up() -> None:
    _cases_in_october()
    monthly = ReportType.objects.get(code="monthly")
    doc = dataclasses.replace(assemble.consolidated(monthly, "2026-10", get_committee("01")), number=5)
    data = documents.docx(doc)
    parsed = Document(io.BytesIO(data))
    texts = _texts(parsed)
    for expected in (
        "UBND THÀNH PHỐ HÀ NỘI",
        "BAN CHỈ ĐẠO 389",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/BC-BCĐ389",
        "BÁO CÁO",
        "Nơi nhận:",
    ):
        assert expected in texts, expected
    today = timezone.localdate()
    assert f"Hà Nội, ngày {today:%d} tháng {today:%m} năm {today:%Y}" in texts
    assert any("tháng 10/2026" in t for t in texts)
    fonts = {run.font.name for p in parsed.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}
    motto = next(
        r for p in parsed.tables[0].rows[0].cells[1].paragraphs for r in p.runs if "Độc lập" in r.text
    )
    assert motto.bold and motto.underline
    section = parsed.sections[0]
    assert section.left_margin is not None and section.page_width is not None
    assert round(section.left_margin.mm) == 30 and round(section.page_width.mm) == 210
    # Appendix 2: agencies, with the total row equal to the column sums.
    grid = parsed.tables[-1]
    header = [c.text for c in grid.rows[0].cells]
    assert header[1] == "Vụ việc"
    body = [[c.text for c in row.cells] for row in grid.rows[1:]]  # one paragraph per cell
    total = body[-1]
    assert total[0] == "Tổng cộng"
    numbers = [int(r[1].replace(".", "") or 0) for r in body[:-1]]
    assert sum(numbers) == int(total[1].replace(".", "")) == 3
    assert int(total[6].replace(".", "")) == 0  # no fines decided
    qltt = next(r for r in body if r[0] == "Chi cục Quản lý thị trường Hà Nội")
    assert qltt[1:6] == ["3", "1", "0", "2", "0"]  # by principal kind (fraud + counterfeit → counterfeit)


def test_xlsx_keeps_totals_as_formulas() -> None:
    _cases_in_october()
    doc = assemble.consolidated(ReportType.objects.get(code="monthly"), "2026-10", get_committee("01"))
    wb = load_workbook(io.BytesIO(documents.xlsx(doc)))
    assert wb.sheetnames == ["Bang 1", "Bang 2"]
    sheet = wb["Bang 2"]
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "Tổng cộng"
    assert sheet.cell(last, 2).value == f"=SUM(B3:B{last - 1})"
    assert sum(sheet.cell(r, 2).value or 0 for r in range(3, last)) == 3


def test_a_document_missing_a_field_fails_loudly() -> None:
    with pytest.raises(TypeError, match="signer_name"):
        documents.ReportDocument(  # type: ignore[call-arg]
            parent_agency="UBND",
            issuer="BCĐ",
            issuer_short="BCĐ389",
            number=1,
            place="Hà Nội",
            date=datetime.date(2026, 11, 1),
            kind="BÁO CÁO",
            summary="x",
            sections=[],
            tables=[],
            signer_capacity="TM.",
            signer_title="TRƯỞNG BAN",
            recipients=[],
        )


def test_make_report_writes_docx_xlsx_and_a_pdf_libreoffice_renders(tmp_path: Path) -> None:
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice not installed: `make test` installs libreoffice-writer-nogui")
    _cases_in_october()
    out = io.StringIO()
    call_command(
        "make_report",
        "--type",
        "monthly",
        "--committee",
        "01",
        "--period",
        "2026-10",
        "--out",
        str(tmp_path),
        stdout=out,
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"bao-cao-thang-10-2026-bcd389-01.{ext}" for ext in ("docx", "pdf", "xlsx")]
    assert "Dự thảo" in out.getvalue()  # not sent yet: no number is used up
    pdf = tmp_path / "bao-cao-thang-10-2026-bcd389-01.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "python-docx" not in info
    assert "Author:          BAN CHỈ ĐẠO 389" in info or "Ban Chỉ đạo 389" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3  # the report, then one page per appendix table
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Tổng cộng" in text
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command(
            "make_report", "--type", "monthly", "--committee", "01", "--period", "2026-13", "--no-pdf"
        )


def test_a_number_is_given_when_a_report_is_sent_never_to_a_draft() -> None:
    """Drafts printed again and again use up no number and say "DỰ THẢO"; sending gives the
    next number of the agency's year, once (returned and sent again, it keeps it)."""
    from hub389.accounts.models import User
    from hub389.reports import services
    from hub389.reports.models import DocumentNumber
    from hub389.tests.factories import make_submission

    officer = User.objects.get(username="qltt.hanoi")
    head = User.objects.get(username="truong.qltt.hanoi")
    submission = make_submission(officer)
    agency = submission.agency.code
    for _ in range(2):
        doc = assemble.agency_report(submission)
        assert doc.draft and doc.number_line.startswith("Số:        /BC-")
        assert "DỰ THẢO" in _texts(Document(io.BytesIO(documents.docx(doc))))
    assert not DocumentNumber.objects.filter(issuer=agency).exists()
    services.submit(officer, submission)
    submission.refresh_from_db()
    first = submission.number
    assert first == 1
    doc = assemble.agency_report(submission)
    texts = _texts(Document(io.BytesIO(documents.docx(doc))))
    assert "Số: 01/BC-QLTT Hà Nội" in texts or any(t.startswith("Số: 01/BC-") for t in texts)
    assert "DỰ THẢO" not in texts
    assert head.full_name in texts  # the head of the agency signs
    office = User.objects.get(username="vptt.hanoi")
    services.review(office, submission, approve=False, comment="Bổ sung số liệu tháng")
    services.submit(officer, submission)
    submission.refresh_from_db()
    assert submission.number == first
    assert DocumentNumber.objects.get(issuer=agency, year=timezone.localdate().year).last == 1
