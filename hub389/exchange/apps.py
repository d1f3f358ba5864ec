from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "hub389.exchange"
    verbose_name = "Trao đổi dữ liệu"
