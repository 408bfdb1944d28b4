"""Back-office admin. Requests and objections are read-only here: their state changes only through the services
(the staff pages), so the audit trail and the requester's timeline stay complete. DIP rows are editable, scoped to
the officer's agency."""

from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from . import permissions, selectors, services
from .forms import PublicInfoItemForm
from .models import InfoRequest, InfoRequestEvent, Objection, PublicInfoItem


class EventInline(admin.TabularInline):
    model = InfoRequestEvent
    extra = 0
    fields = ("created_at", "kind", "note", "public", "actor")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InfoRequest)
class InfoRequestAdmin(ReadOnlyAdmin):
    list_display = ("number", "received_on", "requester_name", "agency", "status", "due_date", "outcome")
    list_filter = ("status", "outcome", "agency")
    search_fields = ("number", "requester_name")
    exclude = ("follow_token",)
    inlines = [EventInline]

    def get_queryset(self, request):
        return selectors.info_requests_for_user(request.user) if not request.user.is_superuser else super().get_queryset(request)

    def get_exclude(self, request, obj=None):
        # The full ID number only for PPID officers (and superusers, who can read the database anyway).
        if permissions.can_see_full_id(request.user) or request.user.is_superuser:
            return ("follow_token",)
        return ("follow_token", "id_number")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("number", "request", "filed_on", "status", "due_date", "decision", "dispute_filed")
    list_filter = ("status", "decision", "dispute_filed")
    search_fields = ("number", "request__number")


@admin.register(PublicInfoItem)
class PublicInfoItemAdmin(admin.ModelAdmin):
    form = PublicInfoItemForm
    actions = None  # bulk delete would skip the audit trail
    list_display = ("title", "agency", "category", "form", "is_published")
    list_filter = ("category", "form", "agency")
    search_fields = ("title", "summary")

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return selectors.dip_items_for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency" and not request.user.is_superuser:
            kwargs["queryset"] = selectors.dip_agencies_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Through the service: the same rules (legal ground for exempt rows, agency scope) and an audit event.
        services.public_info_item_save(item=obj, by=request.user)

    def delete_model(self, request, obj):
        services.public_info_item_delete(item=obj, by=request.user)
