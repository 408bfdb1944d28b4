"""Back office for the regency administrator. Residents are changed through the register pages (audited services);
the admin is for looking things up, so everything here is read-only except what has no audit-worthy meaning."""

from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from .models import Family, ImportRun, PopulationEvent, Resident, ResidentCredential


@admin.register(PopulationEvent)
class PopulationEventAdmin(ReadOnlyAdmin):
    """Population events are recorded through the register pages (with the register change); read-only here."""

    list_display = ["date", "kind", "village", "resident", "document_kind", "document_number"]
    list_filter = ["kind", "document_kind"]
    list_select_related = ["village", "resident"]
    raw_id_fields = ["resident", "village"]
    date_hierarchy = "date"


@admin.register(Resident)
class ResidentAdmin(ReadOnlyAdmin):
    list_display = ["nik", "name", "sex", "birth_date", "village", "status"]
    list_filter = ["status", "sex"]
    search_fields = ["=nik", "name"]
    list_select_related = ["village"]
    raw_id_fields = ["family", "village"]
    show_full_result_count = False  # COUNT(*) over a regency's register on every page is wasted work


@admin.register(Family)
class FamilyAdmin(ReadOnlyAdmin):
    list_display = ["kk_number", "village", "head"]
    search_fields = ["=kk_number"]
    list_select_related = ["village", "head"]
    raw_id_fields = ["head", "village"]
    show_full_result_count = False


@admin.register(ResidentCredential)
class ResidentCredentialAdmin(ReadOnlyAdmin):
    list_display = ["resident", "issued_at", "last_login_at", "failed_attempts", "locked_until"]
    exclude = ["pin_hash"]
    raw_id_fields = ["resident"]
    list_select_related = ["resident"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "filename", "status", "total_rows", "created_count", "updated_count",
                    "rejected_count", "uploaded_by", "village"]
    list_filter = ["status"]
    exclude = ["rejections"]
