from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "hub389.registry"
    verbose_name = "Danh mục"

    def ready(self) -> None:
        from hub389.registry import jobs  # noqa: F401  (registers the background job)
