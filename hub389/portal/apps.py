from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "hub389.portal"
    verbose_name = "Cổng công khai"
