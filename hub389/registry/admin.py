from django.contrib import admin

from hub389.audit.admin import AuditedAdmin
from hub389.registry.models import Agency, AgencyAlias, Area, Field, GoodsGroup, Holiday, SteeringCommittee


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "level")
    list_filter = ("kind", "level")
    search_fields = ("code", "name", "search_name")
    inlines = [AliasInline]
    raw_id_fields = ("area", "parent")


@admin.register(Area)
class AreaAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name", "search_name")
    raw_id_fields = ("parent", "province")


admin.site.register(Field, AuditedAdmin)
admin.site.register(GoodsGroup, AuditedAdmin)
admin.site.register(SteeringCommittee, AuditedAdmin, raw_id_fields=("area", "standing_office", "parent"))


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin):
    list_display = ("day", "name")
    date_hierarchy = "day"
