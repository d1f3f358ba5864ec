from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hub389.api"
    verbose_name = "API liên thông"
