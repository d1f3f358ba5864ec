from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hub389.accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from hub389.accounts import signals  # noqa: F401  (audits sign-ins)
