from django.contrib import admin

from .models import ImportRun, PovertyEntry, Programme, Recipient


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "source", "target", "start", "end", "village")
    list_filter = ("kind", "source")


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "village", "target")
    list_filter = ("programme",)
    raw_id_fields = ("resident", "family", "household", "village")


@admin.register(PovertyEntry)
class PovertyEntryAdmin(admin.ModelAdmin):
    list_display = ("head_name", "village", "source", "decile", "data_date")
    raw_id_fields = ("family", "village")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "village", "status", "created_at")
    readonly_fields = [f.name for f in ImportRun._meta.fields]
