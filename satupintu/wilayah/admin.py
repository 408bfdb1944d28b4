from django.contrib import admin

from .models import District, Province, Regency, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "is_active")
    search_fields = ("code", "name")
    list_filter = ("is_active", "kind", "province")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "regency", "is_active")
    search_fields = ("code", "name")
    list_filter = ("is_active",)
    list_select_related = ("regency",)


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "district", "postal_code", "slug")
    search_fields = ("code", "name", "slug")
    list_filter = ("kind",)
    list_select_related = ("district",)
