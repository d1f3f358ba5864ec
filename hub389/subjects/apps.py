from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "hub389.subjects"
    verbose_name = "Đối tượng"

    def ready(self) -> None:
        from hub389.subjects import imports, jobs  # noqa: F401  (registers its import kind, its job)
