import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.wilayah.models import District, Village

from .models import Product, Seller

# Up to this many matching sellers or villages are passed to the product query as a list of ids; beyond it, as a
# subquery (a search as broad as "desa" matches every village).
ID_LIST_LIMIT = 500


def _districts(request):
    return District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE, is_active=True).order_by("name")


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari produk"), method="search")
    category = django_filters.ChoiceFilter(label=_("Kategori"), choices=Product.Category.choices,
                                           empty_label=_("Semua kategori"))
    district = django_filters.ModelChoiceFilter(label=_("Kecamatan"), field_name="village__district",
                                                queryset=_districts, empty_label=_("Semua kecamatan"),
                                                method="in_district")

    class Meta:
        model = Product
        fields = ["q", "category", "district"]

    def search(self, queryset, name, value):
        """Name or description of the product, or the name of its seller or village. The few sellers and villages
        whose names match are looked up first in their small tables, so the product table is filtered alone (no
        join, no OR across tables) and answers from its own indexes (trigram GIN on PostgreSQL: migration 0005)."""
        value = value.strip()[:100]
        if not value:
            return queryset
        condition = Q(name__icontains=value) | Q(description__icontains=value)
        for field, model in (("seller_id", Seller), ("village_id", Village)):
            ids = model.objects.filter(name__icontains=value).values_list("pk", flat=True)
            found = list(ids[: ID_LIST_LIMIT + 1])
            if len(found) > ID_LIST_LIMIT:
                condition |= Q(**{f"{field}__in": ids})
            elif found:
                condition |= Q(**{f"{field}__in": found})
        return queryset.filter(condition)

    def in_district(self, queryset, name, value):
        """The district's villages first (a handful), then the products by their own village column: no join."""
        if not value:
            return queryset
        return queryset.filter(village_id__in=list(Village.objects.filter(district=value).values_list("pk", flat=True)))
