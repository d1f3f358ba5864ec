from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hub389.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from hub389.cases.models import Case, CaseGoods, CaseViolation, Referral, Sanction
        from hub389.plans.models import Occurrence
        from hub389.reports import (
            facts,
            jobs,  # noqa: F401  (registers the document job)
        )
        from hub389.reports.dashboard import bump
        from hub389.reports.models import Submission
        from hub389.tips.models import Tip

        facts.connect()
        for model in (Case, CaseGoods, CaseViolation, Sanction, Referral, Tip, Occurrence, Submission):
            post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-{model.__name__}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-{model.__name__}-delete")
