from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hub389.accounts"
    verbose_name = "Tài khoản"
