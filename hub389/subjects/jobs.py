"""Background job: the linkage run over the whole registry, with its progress."""

from typing import Any

from hub389.jobs.models import Job
from hub389.jobs.services import Progress, register
from hub389.subjects import resolution

STEPS = ("Đọc bản ghi", "Huấn luyện mô hình", "Chấm điểm các cặp", "Lưu các cặp", "Gom nhóm đối tượng")


@register("link_subjects", "Liên kết đối tượng giữa các cơ quan")
def link_subjects(job: Job, progress: Progress) -> dict[str, Any]:
    def step(done: int, total: int) -> None:
        progress(done, total, STEPS[min(done, total) - 1] if done else "")

    run = resolution.link_all(job.created_by, retrain=bool(job.params.get("retrain")), progress=step)
    return {
        "model": run.model.version,
        "records": run.records,
        "links": run.links,
        "merged": run.clusters_merged,
        "held_apart": run.held_apart,
    }
