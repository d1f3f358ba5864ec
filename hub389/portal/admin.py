from django.contrib import admin

from hub389.audit.admin import AuditedAdmin
from hub389.portal.models import PublicationRule


@admin.register(PublicationRule)
class PublicationRuleAdmin(AuditedAdmin):
    """The publication rules are an administrator's setting; every change is audited."""

    list_display = ("code", "title", "legal_basis", "verified", "period_days", "is_active")
    list_filter = ("verified", "is_active")
