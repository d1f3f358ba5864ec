from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hub389.notifications"
    verbose_name = "Thông báo"
