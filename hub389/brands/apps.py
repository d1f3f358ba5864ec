from django.apps import AppConfig


class BrandsConfig(AppConfig):
    name = "hub389.brands"
    verbose_name = "Chủ thể quyền và hàng thật"
