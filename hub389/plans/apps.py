from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hub389.plans"
    verbose_name = "Kế hoạch, nhiệm vụ"
