from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hub389.cases"
    verbose_name = "Vụ việc"

    def ready(self) -> None:
        from hub389.cases import import_jobs  # noqa: F401  (registers the import jobs)
