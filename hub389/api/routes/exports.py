"""Exports and imports for the agencies' systems: the cases the client may see as
followthemoney entities (JSON lines, audited: it carries personal data), and spreadsheets of
cases sent asynchronously, with an import summary to poll."""

import datetime
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field as Constraint

from hub389 import policy
from hub389.api.auth import ClientToken, actor, require_scope
from hub389.api.fields import Code, Len, object_id
from hub389.api.schemas import ERRORS, WRITE_ERRORS
from hub389.audit import services as audit
from hub389.cases import ftm
from hub389.cases.models import Case
from hub389.exchange import import_jobs
from hub389.exchange.imports import kind_of
from hub389.exchange.models import ImportBatch
from hub389.registry.models import Area, AreaKind

router = Router(tags=["exchange"])


class ExportQuery(Schema):
    from_: datetime.date | None = Constraint(None, alias="from", description="detected from (ISO 8601)")
    to: datetime.date | None = None
    province: Code = ""


@router.get(
    "/exports/ftm",
    auth=ClientToken("export"),
    response={200: None, **ERRORS},
    summary="Vụ việc dưới dạng thực thể followthemoney (JSON lines)",
    openapi_extra={
        "responses": {
            200: {
                "description": "one followthemoney entity per line",
                "content": {"application/x-ndjson": {}},
            }
        }
    },
)
def export_ftm(request: HttpRequest, filters: Query[ExportQuery]) -> StreamingHttpResponse:
    cases = policy.visible(request.user, "view", Case)
    if filters.from_:
        cases = cases.filter(detected_on__gte=filters.from_)
    if filters.to:
        cases = cases.filter(detected_on__lte=filters.to)
    if filters.province:
        province = Area.objects.filter(code=filters.province, kind=AreaKind.PROVINCE).first()
        cases = cases.filter(province=province) if province else cases.none()
    audit.record(
        request.user,
        "api.export_ftm",
        object_type="cases.case",
        object_repr=f"{cases.count()} vụ việc (followthemoney)",
        changes={"from": str(filters.from_ or ""), "to": str(filters.to or ""), "province": filters.province},
    )

    def lines() -> Iterator[str]:
        for entity in ftm.export(cases, request.user):
            yield json.dumps(entity, ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson")


class ImportOut(Schema):
    id: int
    kind: str
    status: str
    file_name: str
    source_system: str
    dry_run: bool
    created_at: datetime.datetime
    progress: int = Constraint(description="percent done")
    summary: dict[str, Any]


def _import(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "status": batch.status,
        "file_name": batch.file_name,
        "source_system": batch.source_system,
        "dry_run": batch.dry_run,
        "created_at": batch.created_at,
        "progress": batch.job.percent if batch.job else 0,
        "summary": batch.summary,
    }


ImportSystem = Annotated[str, Len(40, 1)]
ImportKind = Literal["cases", "sanctions", "lots", "subjects", "figures"]
IMPORT_SCOPES = ("cases:write", "subjects:write", "reports:write")


@router.post(
    "/imports",
    auth=ClientToken(*IMPORT_SCOPES),
    response={202: ImportOut, **WRITE_ERRORS},
    summary="Gửi một bảng tính theo mẫu (XLSX/CSV): kiểm tra rồi ghi, tất cả hoặc không",
    description=(
        "`kind`: cases, sanctions, lots (scope cases:write); subjects (subjects:write); "
        "figures (reports:write). Các cột: xem mẫu XLSX trên trang Nhập từ bảng tính."
    ),
)
def send_import(
    request: HttpRequest,
    file: File[UploadedFile],
    source_system: Form[ImportSystem],
    kind: Form[ImportKind] = "cases",
    dry_run: Form[bool] = False,
) -> Status[Any]:
    require_scope(request, kind_of(kind).scope)
    batch = import_jobs.start_import(
        actor(request),
        file,
        file.name or "import.xlsx",
        kind=kind,
        source_system=source_system,
        dry_run=dry_run,
        commit=not dry_run,
    )
    return Status(202, _import(batch))


@router.get(
    "/imports/{import_id}",
    auth=ClientToken(*IMPORT_SCOPES),
    response={200: ImportOut, **ERRORS},
    summary="Tình trạng và kết quả một lần nhập",
)
def import_status(request: HttpRequest, import_id: int = object_id()) -> dict[str, Any]:
    batch = get_object_or_404(
        policy.visible(request.user, "view", ImportBatch).select_related("job"), pk=import_id
    )
    return _import(batch)
