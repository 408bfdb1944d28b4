import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.wilayah.models import District

from .models import Product


def _districts(request):
    return District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE, is_active=True).order_by("name")


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari produk"), method="search")
    category = django_filters.ChoiceFilter(label=_("Kategori"), choices=Product.Category.choices,
                                           empty_label=_("Semua kategori"))
    district = django_filters.ModelChoiceFilter(label=_("Kecamatan"), field_name="village__district",
                                                queryset=_districts, empty_label=_("Semua kecamatan"))

    class Meta:
        model = Product
        fields = ["q", "category", "district"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(description__icontains=value) | Q(seller__name__icontains=value)
            | Q(village__name__icontains=value)
        )
