from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hub389.cases"
    verbose_name = "Vụ việc"
