from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hub389.jobs"
    verbose_name = "Tác vụ nền"
