from django.contrib import admin

from .models import AduanSettings, Answer, Attachment, Category, Complaint, ComplaintEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "default_agency", "is_active", "order")
    list_filter = ("is_active", "parent")
    list_editable = ("default_agency", "is_active", "order")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AduanSettings)
class AduanSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "verification_days", "answer_days", "auto_close_days", "escalate_head_after",
                    "escalate_regent_after")

    def has_add_permission(self, request):
        return not AduanSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = ComplaintEvent
    fields = ("created_at", "action", "from_status", "to_status", "actor", "public_detail", "body", "is_public")


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("created_at", "state", "author", "approved_by", "approved_at", "body")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("original_name", "content_type", "size", "created_at")


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the state machine on the staff pages, so it is audited."""

    list_display = ("tracking_code", "title", "kind", "status", "channel", "agency", "village", "deadline",
                    "escalation_level", "created_at")
    list_filter = ("status", "kind", "channel", "is_confidential", "is_anonymous", "escalation_level", "agency")
    search_fields = ("tracking_code", "title", "external_ref")
    date_hierarchy = "created_at"
    list_select_related = ("agency", "village")
    inlines = (AttachmentInline, AnswerInline, EventInline)
    show_full_result_count = False  # no COUNT(*) over a million rows on every page

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Complaint._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        fields = [f.name for f in Complaint._meta.fields if f.name not in {"follow_token", "id"}]
        if obj is not None and obj.is_anonymous:
            # The back office too keeps an anonymous reporter anonymous.
            fields = [f for f in fields if not f.startswith("reporter_")]
        return fields

