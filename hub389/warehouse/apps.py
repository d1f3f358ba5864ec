from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "hub389.warehouse"
    verbose_name = "Kho tang vật"

    def ready(self) -> None:
        from hub389.warehouse import imports  # noqa: F401  (registers its import kind)
