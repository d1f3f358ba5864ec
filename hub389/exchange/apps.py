from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "hub389.exchange"
    verbose_name = "Trao đổi dữ liệu"

    def ready(self) -> None:
        from hub389.exchange import import_jobs  # noqa: F401  (registers the import jobs)
