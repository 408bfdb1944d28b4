from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import District

from .forms import VillageChoiceField, regency_villages
from .models import PUBLIC_STATES, Category, Kind, Status


class VillageFilter(django_filters.ModelChoiceFilter):
    field_class = VillageChoiceField


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="filter_text")
    category = django_filters.ModelChoiceFilter(label=_("Kategori"), queryset=Category.objects.none(),
                                                method="filter_category", empty_label=_("Semua kategori"))
    agency = django_filters.ModelChoiceFilter(label=_("OPD"), queryset=Agency.objects.none(),
                                              empty_label=_("Semua OPD"))
    district = django_filters.ModelChoiceFilter(label=_("Kecamatan"), queryset=District.objects.none(),
                                                field_name="village__district", empty_label=_("Semua kecamatan"))
    village = VillageFilter(label=_("Desa/kelurahan"), queryset=regency_villages(), empty_label=_("Semua desa"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[(s.value, s.label) for s in Status
                                                                     if s in PUBLIC_STATES],
                                         empty_label=_("Semua status"))
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Kind.choices, empty_label=_("Semua jenis"))
    received_from = django_filters.DateFilter(label=_("Diterima sejak"), method="filter_from",
                                              widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    received_to = django_filters.DateFilter(label=_("Diterima sampai"), method="filter_to",
                                            widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, status_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].queryset = Category.objects.filter(is_active=True).select_related("parent")
        self.filters["agency"].queryset = Agency.objects.filter(parent__isnull=True, is_active=True)
        self.filters["district"].queryset = District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE)
        self.filters["village"].queryset = regency_villages()
        if status_choices is not None:
            self.filters["status"].extra["choices"] = status_choices

    def filter_text(self, qs, name, value):
        value = (value or "").strip()[:100]
        if not value:
            return qs
        return qs.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_category(self, qs, name, value):
        if value is None:
            return qs
        ids = [value.pk, *Category.objects.filter(parent=value).values_list("pk", flat=True)]
        return qs.filter(category_id__in=ids)

    def filter_from(self, qs, name, value):
        return qs.filter(created_at__gte=_start_of(value)) if value else qs

    def filter_to(self, qs, name, value):
        return qs.filter(created_at__lt=_start_of(value + timedelta(days=1))) if value else qs


class StaffComplaintFilter(ComplaintFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, status_choices=Status.choices, **kwargs)
