"""The e-mall's filters: desa's product search plus price range and village."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from satupintu.desa.filters import ProductFilter
from satupintu.wilayah.models import Village


def _villages(request):
    return (Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE, slug__isnull=False)
            .exclude(slug="").order_by("name"))


class EmallFilter(ProductFilter):
    price_min = django_filters.NumberFilter(label=_("Harga terendah (Rp)"), field_name="price", lookup_expr="gte",
                                            min_value=0)
    price_max = django_filters.NumberFilter(label=_("Harga tertinggi (Rp)"), field_name="price", lookup_expr="lte",
                                            min_value=0)
    village = django_filters.ModelChoiceFilter(label=_("Desa"), field_name="village", queryset=_villages,
                                               empty_label=_("Semua desa"), to_field_name="slug")

    class Meta(ProductFilter.Meta):
        fields = ["q", "category", "district", "village", "price_min", "price_max"]
