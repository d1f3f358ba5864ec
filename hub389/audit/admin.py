from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from hub389.audit import services as audit


class AuditedAdmin(admin.ModelAdmin):
    """Admin pages write through the audit log like every service does."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = "admin.change" if change else "admin.add"
            audit.record(request.user, action, obj, changes={"fields": sorted(form.changed_data)})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit.record(request.user, "admin.delete", obj)
            super().delete_model(request, obj)
