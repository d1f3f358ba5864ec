from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "hub389.attachments"
    verbose_name = "Tệp đính kèm"
