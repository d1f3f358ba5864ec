from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "hub389.tips"
    verbose_name = "Tố giác, tin báo"
