from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "content_type", "object_id", "action", "from_state", "to_state", "channel", "ip_address")
    list_filter = ("content_type", "action", "channel")
    search_fields = ("object_id", "actor_label", "note")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
