"""The e-mall's filters: desa's product search plus price range and village.

The selects are core.widgets.FastSelect over choices kept per process (PLACES_MEMO, cleared when a district or
village is saved): 300 villages drawn option by option through Django's widget templates, from a fresh queryset,
took most of the e-mall page's time."""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from satupintu.core.memo import Memo
from satupintu.core.widgets import FastSelect
from satupintu.desa.filters import ProductFilter
from satupintu.wilayah.models import District, Village

PLACES_MEMO = Memo("emall-places", seconds=3600)


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

    @property
    def form(self):
        """django-filter's form, its selects drawn by core.widgets.FastSelect from per-process choices."""
        form = super().form
        if not getattr(form, "_fast_selects", False):
            places = places_choices()
            for name in ("district", "village"):
                field = form.fields[name]
                field.widget = FastSelect(choices=[("", field.empty_label), *places[name]])
            form.fields["category"].widget = FastSelect(choices=form.fields["category"].choices)
            form._fast_selects = True
        return form


def places_choices() -> dict[str, list[tuple[str, str]]]:
    """The regency's districts and villages as (value, label) pairs, read once per process and hour."""
    def load():
        code = settings.SATUPINTU_REGENCY_CODE
        districts = District.objects.filter(regency_id=code, is_active=True).order_by("name")
        villages = (Village.objects.filter(district__regency_id=code, slug__isnull=False).exclude(slug="")
                    .order_by("name"))
        return {"district": list(districts.values_list("code", "name")),
                "village": list(villages.values_list("slug", "name"))}

    return PLACES_MEMO.get("places", load)
