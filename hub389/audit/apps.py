from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hub389.audit"
    verbose_name = "Nhật ký kiểm toán"
