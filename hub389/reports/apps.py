from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hub389.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from hub389.reports import imports, jobs  # noqa: F401  (register the document job, the import kind)
