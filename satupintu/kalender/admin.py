from django.contrib import admin
from django.db import transaction

from satupintu.core.audit import audit_record

from .models import Holiday


def _snapshot(holiday: Holiday) -> dict:
    return {"date": holiday.date.isoformat(), "name": holiday.name, "kind": holiday.kind}


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Admin-added days off move every open deadline, so each change is audited (who, when, what)."""

    list_display = ("date", "name", "kind", "legal_basis")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                obj=obj,
                action="holiday.changed" if change else "holiday.created",
                actor=request.user,
                data={**_snapshot(obj), "fields": list(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(obj=obj, action="holiday.deleted", actor=request.user, data=_snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for holiday in queryset:
                audit_record(obj=holiday, action="holiday.deleted", actor=request.user, data=_snapshot(holiday))
            super().delete_queryset(request, queryset)
