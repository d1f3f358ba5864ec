from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hub389.cases"
    verbose_name = "Vụ việc"

    def ready(self) -> None:
        from hub389.cases import imports, sanction_imports  # noqa: F401  (register their import kinds)
