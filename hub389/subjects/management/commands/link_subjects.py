"""`manage.py link_subjects [--retrain] [--backend spark]`: score every pair of subject records
with the current linkage model (trained first when there is none, or with --retrain), keep the pairs for
review, resolve the clusters with the officers' judgements. Prints what it did. `--backend
spark` runs Splink on Spark (SPARK_MASTER, default local[2]) for a national run (docs/deploy.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from hub389.subjects import resolution


class Command(BaseCommand):
    help = "Liên kết đối tượng giữa các cơ quan (Splink), gom nhóm theo đánh giá của cán bộ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--retrain", action="store_true", help="Huấn luyện lại mô hình trước")
        parser.add_argument(
            "--backend",
            choices=resolution.BACKENDS,
            default="duckdb",
            help="Máy tính toán: duckdb (mặc định) hoặc spark",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        run = resolution.link_all(None, retrain=options["retrain"], backend=options["backend"])
        evaluation = resolution.evaluate(run.model)
        self.stdout.write(
            f"model v{run.model.version}: {run.records} records, {run.links} pairs kept, "
            f"{run.clusters_merged} joins, {run.held_apart} held apart by judgements; "
            f"against judgements: {evaluation}"
        )
