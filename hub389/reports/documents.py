"""Official documents of a report: DOCX in the Decree 30/2020/NĐ-CP format (Appendix I), the
statistics appendix as XLSX (one sheet per table, totals as formulas) and PDF through
LibreOffice.

A document is built from a `ReportDocument`: every field is required, so a template change
that forgets one fails at construction, in the tests, not silently in production."""

import datetime
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hub389.lib.vnformat import group_thousands

FONT = "Times New Roman"


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    # Columns (0-based) summed into a "Tổng cộng" row; empty: no total row.
    totals: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportDocument:
    parent_agency: str  # "UBND THÀNH PHỐ HÀ NỘI"
    issuer: str  # "BAN CHỈ ĐẠO 389"
    issuer_short: str  # "BCĐ389" (in the number)
    number: int | None  # None: a draft, numbered when it is issued (sent)
    place: str  # "Hà Nội"
    date: datetime.date
    kind: str  # "BÁO CÁO"
    summary: str  # "Kết quả … tháng 10/2026"
    sections: list[tuple[str, str]]
    tables: list[Table]
    signer_capacity: str  # "TM. BAN CHỈ ĐẠO"
    signer_title: str  # "TRƯỞNG BAN"
    signer_name: str
    recipients: list[str]
    issuer_name: str = ""  # the issuer in plain case, for the file's properties

    @property
    def draft(self) -> bool:
        return self.number is None

    @property
    def number_line(self) -> str:
        if self.number is None:  # the number is written when the document is issued
            return f"Số:        /BC-{self.issuer_short}"
        return f"Số: {self.number:02d}/BC-{self.issuer_short}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, ngày {self.date:%d} tháng {self.date:%m} năm {self.date:%Y}"


def _run(
    paragraph: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(text)
    run.font.name, run.font.size = FONT, Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _para(
    container, text: str = "", size: float = 14, *, align=WD_ALIGN_PARAGRAPH.CENTER, **style: bool
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _run(paragraph, text, size, **style)
    return paragraph


def _page_numbers(section) -> None:
    """Page numbers top centre from page 2 (the first page's header stays empty)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    run.font.name, run.font.size = FONT, Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _widths(table, *widths) -> None:
    """Fixed column widths (Word and LibreOffice both honour them only on every cell)."""
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _fmt(value: str | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return group_thousands(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


def _with_total(table: Table) -> list[list[str | int | float | None]]:
    if not table.totals:
        return table.rows
    total: list[str | int | float | None] = ["Tổng cộng", *([""] * (len(table.columns) - 1))]
    for col in table.totals:
        total[col] = sum(int(r[col] or 0) for r in table.rows)
    return [*table.rows, total]


def docx(doc: ReportDocument) -> bytes:
    """The report as a DOCX: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt."""
    document = Document()
    props = document.core_properties  # what the PDF says of itself: never "python-docx"
    props.author, props.title = doc.issuer_name, f"{doc.kind.capitalize()} {doc.summary}"
    props.subject, props.comments, props.last_modified_by = doc.summary, "", doc.issuer_name
    props.keywords, props.category = "BCĐ389", "Báo cáo"
    section = document.sections[0]
    section.page_width, section.page_height, section.orientation = Mm(210), Mm(297), WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _page_numbers(section)

    header = document.add_table(rows=1, cols=2)
    _borderless(header)
    _widths(header, Cm(7.0), Cm(9.5))
    left, right = header.rows[0].cells
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    _run(left.paragraphs[0], doc.parent_agency, 13)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(left, doc.issuer, 13, bold=True)
    _para(left, "________", 13)
    _para(left, doc.number_line, 13)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True, underline=True)
    _para(right, "")
    _para(right, doc.date_line, 14, italic=True)

    if doc.draft:
        _para(document, "DỰ THẢO", 14, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        _para(document, "")
    _para(document, doc.kind, 14, bold=True)
    _para(document, doc.summary, 14, bold=True)
    _para(document, "________", 14)

    for heading, text in doc.sections:
        _para(
            document, heading, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold=True
        ).paragraph_format.first_line_indent = Cm(1.27)
        for line in [t for t in text.split("\n") if t.strip()] or ["(Không có nội dung.)"]:
            body = _para(document, line.strip(), 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            body.paragraph_format.first_line_indent = Cm(1.27)
            body.paragraph_format.space_after = Pt(6)

    signature = document.add_table(rows=1, cols=2)
    _borderless(signature)
    _widths(signature, Cm(8.0), Cm(8.5))
    recipients, signer = signature.rows[0].cells
    _run(recipients.paragraphs[0], "Nơi nhận:", 12, bold=True, italic=True)
    for line in [*doc.recipients, "Lưu: VT."]:
        _para(recipients, f"- {line}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(signer.paragraphs[0], doc.signer_capacity, 14, bold=True)
    _para(signer, doc.signer_title, 14, bold=True)
    for _ in range(3):
        _para(signer, "")
    _para(signer, doc.signer_name or "(ký, ghi rõ họ tên)", 14, bold=bool(doc.signer_name))

    for index, table in enumerate(doc.tables):
        if index == 0:  # the appendix tables are wide: a landscape section of their own
            appendix = document.add_section(WD_SECTION.NEW_PAGE)
            appendix.orientation, appendix.page_width, appendix.page_height = (
                WD_ORIENT.LANDSCAPE,
                Mm(297),
                Mm(210),
            )
            appendix.left_margin, appendix.right_margin = Mm(20), Mm(15)
            appendix.top_margin = appendix.bottom_margin = Mm(15)
        else:
            _run(_para(document, ""), "", 14)
            document.paragraphs[-1].runs[0].add_break(WD_BREAK.PAGE)
        _para(document, "PHỤ LỤC", 14, bold=True)
        _para(document, table.title, 13, bold=True)
        _para(document, "")
        rows = _with_total(table)
        grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, name in enumerate(table.columns):
            cell = grid.rows[0].cells[i]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(cell.paragraphs[0], name, 11, bold=True)
        for r, row in enumerate(rows, start=1):
            last = table.totals and r == len(rows)
            for i, value in enumerate(row):
                cell = grid.rows[r].cells[i]
                cell.paragraphs[0].alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT if isinstance(value, int | float) else WD_ALIGN_PARAGRAPH.LEFT
                )
                _run(cell.paragraphs[0], _fmt(value), 11, bold=bool(last))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(doc: ReportDocument) -> bytes:
    """The statistics appendix: one sheet per table, totals as SUM formulas."""
    wb = Workbook()
    wb.remove(wb.active)
    for index, table in enumerate(doc.tables, start=1):
        ws = wb.create_sheet(f"Bang {index}")
        ws.append([table.title])
        ws["A1"].font = Font(bold=True, name=FONT, size=13)
        ws.append(table.columns)
        for cell in ws[2]:
            cell.font = Font(bold=True, name=FONT)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in table.rows:
            ws.append(row)
        first, last = 3, 2 + len(table.rows)
        if table.totals:
            total: list[str | None] = ["Tổng cộng", *([None] * (len(table.columns) - 1))]
            for col in table.totals:
                letter = get_column_letter(col + 1)
                total[col] = f"=SUM({letter}{first}:{letter}{last})"
            ws.append(total)
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True, name=FONT)
        for col in range(1, len(table.columns) + 1):
            ws.column_dimensions[get_column_letter(col)].width = 44 if col == 1 else 16
            for (cell,) in ws.iter_rows(min_row=3, min_col=col, max_col=col):
                if isinstance(cell.value, int) or (
                    isinstance(cell.value, str) and cell.value.startswith("=")
                ):
                    cell.number_format = "#,##0"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise RuntimeError("LibreOffice (soffice) chưa được cài: không chuyển được sang PDF.")
    return path


def pdf(docx_bytes: bytes, timeout: int = 180) -> bytes:
    """Convert a DOCX to PDF with LibreOffice headless (a private profile, so runs in parallel
    do not share one)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bao-cao.docx"
        src.write_bytes(docx_bytes)
        env = {**os.environ, "HOME": tmp}
        profile = Path(tmp, "profile").as_uri()
        subprocess.run(  # noqa: S603
            [
                soffice(),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
            env=env,
        )
        return (Path(tmp) / "bao-cao.pdf").read_bytes()
