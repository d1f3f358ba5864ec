from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "hub389.subjects"
    verbose_name = "Đối tượng"
