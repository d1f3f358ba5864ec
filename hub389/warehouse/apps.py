from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "hub389.warehouse"
    verbose_name = "Kho tang vật"
