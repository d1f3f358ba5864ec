"""Background job: the DOCX, XLSX and PDF of a report, attached to the job for download."""

import io
import shutil
from typing import Any

from django.utils.text import slugify

from hub389.attachments.services import attach
from hub389.dbrouter import replica
from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register
from hub389.registry.services import get_committee
from hub389.reports import assemble, documents
from hub389.reports.models import ReportType, Submission, report_slug


def write(
    doc: documents.ReportDocument, progress: Progress | None = None, with_pdf: bool = True
) -> dict[str, bytes]:
    """The files of a document: DOCX, XLSX and (when LibreOffice is there) PDF."""
    steps = 3 if with_pdf else 2
    files = {"docx": documents.docx(doc)}
    if progress:
        progress(1, steps, "Đã tạo DOCX")
    files["xlsx"] = documents.xlsx(doc)
    if progress:
        progress(2, steps, "Đã tạo XLSX")
    if with_pdf:
        files["pdf"] = documents.pdf(files["docx"])
        if progress:
            progress(3, steps, "Đã tạo PDF")
    return files


@register("report_documents", "Tạo văn bản báo cáo (DOCX, XLSX, PDF)")
def report_documents(job: Job, progress: Progress) -> dict[str, Any]:
    params = job.params
    progress(0, 3, "Đang tính số liệu")
    if params.get("submission"):
        submission = Submission.objects.select_related("report_type", "committee__area", "agency").get(
            pk=params["submission"]
        )
        doc = assemble.agency_report(submission)
        stem = f"{report_slug(submission.report_type, submission.period)}-{slugify(submission.agency.code)}"
    else:
        report_type = ReportType.objects.get(code=params["type"])
        committee = get_committee(params["committee"])
        with replica():  # figures may lag the primary by seconds: fine for a report
            doc = assemble.consolidated(report_type, params["period"], committee)
        period = report_type.period(params["period"])
        stem = f"{report_slug(report_type, period)}-bcd389-{committee.code}"
    with_pdf = shutil.which("soffice") is not None
    files = write(doc, progress, with_pdf=with_pdf)
    ids = [attach(job.created_by, job, io.BytesIO(data), f"{stem}.{ext}").pk for ext, data in files.items()]
    result: dict[str, Any] = {
        "văn bản": "Dự thảo (chưa cấp số)" if doc.draft else doc.number_line,
        "tệp": len(ids),
    }
    if not with_pdf:
        result["PDF"] = "máy chủ chưa cài LibreOffice"
    return result
