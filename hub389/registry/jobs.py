"""Background job: the full gap and overlap report of the matrix as a CSV attachment."""

import csv
import datetime
import io
from typing import Any

from hub389.attachments.services import attach
from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register
from hub389.registry.jurisdiction import find_problems
from hub389.registry.models import Field


@register("jurisdiction_gaps", "Rà soát khoảng trống và chồng chéo thẩm quyền")
def jurisdiction_gaps_report(job: Job, progress: Progress) -> dict[str, Any]:
    day = datetime.date.fromisoformat(job.params["date"])
    fields = list(Field.objects.all())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["loai", "ma_dia_ban", "dia_ban", "ma_linh_vuc", "linh_vuc", "co_quan", "dia_ban_cap_duoi"]
    )
    counts = {"GAP": 0, "OVERLAP": 0, "INCOMPETENT": 0}
    for i, fld in enumerate(fields):
        progress(i, len(fields), f"Lĩnh vực {fld.name}")
        for p in find_problems(day, fields=[fld]):
            counts[p.kind] += 1
            writer.writerow(
                [
                    p.kind,
                    p.area.code,
                    p.area.name,
                    fld.code,
                    fld.name,
                    "; ".join(a.name for a in p.agencies),
                    p.sub_areas,
                ]
            )
    progress(len(fields), len(fields), "Xong")
    data = io.BytesIO(out.getvalue().encode("utf-8"))
    attachment = attach(job.created_by, job, data, f"khoang-trong-tham-quyen-{day:%Y%m%d}.csv")
    return {
        "gaps": counts["GAP"],
        "overlaps": counts["OVERLAP"],
        "incompetent": counts["INCOMPETENT"],
        "attachment": attachment.pk,
    }
