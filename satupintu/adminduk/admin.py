"""The back office of civil registration: the regency administrator keeps the facilities and binds officers to them;
registrations and documents change only through the audited services, so the admin only looks them up."""

from django.contrib import admin

from satupintu.core.admin import ReadOnlyAdmin

from .models import BirthRegistration, CivilDocument, DeathRegistration, FacilityMembership, HealthFacility


class MembershipInline(admin.TabularInline):
    model = FacilityMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(HealthFacility)
class HealthFacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "village", "agency", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "village__name")
    autocomplete_fields = ("village", "agency")
    inlines = [MembershipInline]


@admin.register(BirthRegistration)
class BirthRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "status", "facility", "declared_at", "certificate_number")
    list_filter = ("status", "origin")
    search_fields = ("tracking_code", "certificate_number")


@admin.register(DeathRegistration)
class DeathRegistrationAdmin(ReadOnlyAdmin):
    list_display = ("tracking_code", "status", "facility", "declared_at", "certificate_number")
    list_filter = ("status", "origin")
    search_fields = ("tracking_code", "certificate_number")


@admin.register(CivilDocument)
class CivilDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "issued_at", "office")
    list_filter = ("kind",)
    search_fields = ("number",)
