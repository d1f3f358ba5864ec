from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from hub389.accounts.models import User
from hub389.audit.admin import AuditedAdmin


@admin.register(User)
class HubUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "full_name", "agency", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "full_name", "email")
    autocomplete_fields = ("agency",)
    fieldsets = (*UserAdmin.fieldsets, ("hub389", {"fields": ("full_name", "agency", "role", "phone")}))  # type: ignore[misc]
