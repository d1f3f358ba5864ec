"""Background job: the DOCX, XLSX and PDF of a report, attached to the job for download."""

import io
import shutil
from typing import Any

from django.utils import timezone

from hub389.attachments.services import attach
from hub389.dbrouter import replica
from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register
from hub389.registry.services import get_committee
from hub389.reports import assemble, documents, services
from hub389.reports.models import ReportType, Submission


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
        stem = f"bao-cao-{submission.agency.code}-{submission.period_code}"
    else:
        report_type = ReportType.objects.get(code=params["type"])
        committee = get_committee(params["committee"])
        number = services.next_number(f"committee:{committee.code}", timezone.localdate().year)
        with replica():  # figures may lag the primary by seconds: fine for a report
            doc = assemble.consolidated(report_type, params["period"], committee, number)
        stem = f"bao-cao-{report_type.code}-{committee.code}-{params['period']}"
    with_pdf = shutil.which("soffice") is not None
    files = write(doc, progress, with_pdf=with_pdf)
    ids = [attach(job.created_by, job, io.BytesIO(data), f"{stem}.{ext}").pk for ext, data in files.items()]
    result: dict[str, Any] = {"số": doc.number_line, "tệp": len(ids)}
    if not with_pdf:
        result["PDF"] = "máy chủ chưa cài LibreOffice"
    return result
