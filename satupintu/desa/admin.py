"""Back office for the regency administrator (the only role with Django admin access). Village operators work in
the editor pages (/desa/kelola/), which go through the services and the audit trail."""

from django.contrib import admin

from satupintu.akun.permissions import scope_queryset

from .models import Article, Product, Seller, VillageBudget, VillageSite


class VillageScopedAdmin(admin.ModelAdmin):
    list_select_related = ("village",)

    def get_queryset(self, request):
        return scope_queryset(request.user, super().get_queryset(request), village_field="village")


@admin.register(VillageSite)
class VillageSiteAdmin(VillageScopedAdmin):
    list_display = ("village", "hostname", "tagline")
    search_fields = ("village__name", "hostname")
    readonly_fields = ("village",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # host names are set in the editor page so the change is audited and the cache refreshed


@admin.register(Article)
class ArticleAdmin(VillageScopedAdmin):
    list_display = ("title", "village", "kind", "status", "published_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "village__name")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Product)
class ProductAdmin(ArticleAdmin):
    list_display = ("name", "village", "category", "price", "status")
    list_filter = ("category", "status")
    search_fields = ("name", "village__name")


@admin.register(Seller)
class SellerAdmin(ArticleAdmin):
    list_display = ("name", "village", "whatsapp", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "village__name")


@admin.register(VillageBudget)
class VillageBudgetAdmin(ArticleAdmin):
    list_display = ("village", "year", "status", "published_at")
    list_filter = ("year", "status")
    search_fields = ("village__name",)
