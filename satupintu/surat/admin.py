from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from .models import LetterRequest, LetterType, VillageLetterProfile, VillageLetterSetting


@admin.register(LetterType)
class LetterTypeAdmin(admin.ModelAdmin):
    """The regency's catalogue of letters. Saving runs LetterType.clean(): field schema and placeholders checked."""

    list_display = ("code", "name", "village", "validity_days", "is_active")
    list_filter = ("is_active", ("village", admin.EmptyFieldListFilter))
    search_fields = ("code", "name")
    raw_id_fields = ("village",)


@admin.register(VillageLetterProfile)
class VillageLetterProfileAdmin(admin.ModelAdmin):
    list_display = ("village", "number_format", "counter_scope", "paper_size")
    search_fields = ("village__name", "village__code")
    raw_id_fields = ("village",)


@admin.register(VillageLetterSetting)
class VillageLetterSettingAdmin(admin.ModelAdmin):
    list_display = ("village", "letter_type", "is_enabled", "updated_at")
    list_filter = ("is_enabled", "letter_type")
    raw_id_fields = ("village", "updated_by")


@admin.register(LetterRequest)
class LetterRequestAdmin(ReadOnlyAdmin):
    """Read-only: letters change state only through the services (numbering, audit)."""

    list_display = ("pk", "number", "letter_type", "village", "status", "created_at", "signed_at", "revoked_at")
    list_filter = ("status", "letter_type", "channel")
    search_fields = ("number", "village__name")
    date_hierarchy = "created_at"
