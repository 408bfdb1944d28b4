from __future__ import annotations

import copy
from datetime import datetime, timedelta
from datetime import time as dtime

import django_filters
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.memo import Memo
from satupintu.core.widgets import FastSelect

from .models import PUBLIC_STATES, Category, Kind, Status

# The filter form's choices (243 villages, districts, OPD, categories) change a few times a year but are shown on
# every list page. Building them from model instances cost more than the page's own queries, so they are read as
# plain tuples and kept for CHOICES_TTL seconds per process (core.memo; apps.py clears them when one of these models
# is saved in this process).
CHOICES_TTL = 300
choices_memo = Memo("aduan-choices", seconds=CHOICES_TTL)  # "choices" -> filter_choices(); (name, key) -> memo_row()


def memo_row(name: str, value: str, rows):
    """The row of the queryset `rows()` with primary key `value`, kept like the choices (CHOICES_TTL per process,
    cleared when one of these models is saved here; a category switched off in another process is still accepted
    until then). For the intake form, which validates a category and a village on every
    submission against tables that change a few times a year. Returns a copy (callers may not change the shared
    instance) or None when there is no such row; misses are not kept, so junk input cannot grow the memo."""
    row = choices_memo.get((name, str(value)), lambda: rows().filter(pk=value).first())
    return None if row is None else copy.copy(row)


def filter_choices() -> dict:
    return choices_memo.get("choices", _read_choices)


def _read_choices() -> dict:
    from satupintu.organisasi.models import Agency
    from satupintu.wilayah.models import District, Village

    regency = settings.SATUPINTU_REGENCY_CODE
    categories, children, topics = [], {}, set()
    for pk, name, parent_id, parent_name in Category.objects.filter(is_active=True).order_by(
        "order", "name"
    ).values_list("pk", "name", "parent_id", "parent__name"):
        categories.append((str(pk), f"{parent_name} › {name}" if parent_name else name))
        if parent_id:
            children.setdefault(parent_id, []).append(pk)
        else:
            topics.add(pk)
    return {
        "categories": categories,
        "category_children": children,
        "topics": topics,
        "agencies": [(str(pk), name) for pk, name in Agency.objects.filter(parent__isnull=True, is_active=True)
                     .order_by("short_name").values_list("pk", "short_name")],
        "districts": list(District.objects.filter(regency_id=regency).order_by("name").values_list("code", "name")),
        "villages": [(code, f"{name} — {district}") for code, name, district in Village.objects.filter(
            district__regency_id=regency).order_by("district__name", "name").values_list("code", "name", "district__name")],
    }


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, dtime.min))


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="filter_text")
    category = django_filters.ChoiceFilter(label=_("Kategori"), choices=lambda: filter_choices()["categories"],
                                           method="filter_category", empty_label=_("Semua kategori"), widget=FastSelect)
    agency = django_filters.ChoiceFilter(label=pgettext_lazy("OPD penanggung jawab aduan", "OPD"), field_name="agency_id",
                                         choices=lambda: filter_choices()["agencies"], empty_label=_("Semua OPD"),
                                         widget=FastSelect)
    district = django_filters.ChoiceFilter(label=_("Kecamatan"), field_name="district_id",
                                           choices=lambda: filter_choices()["districts"],
                                           empty_label=_("Semua kecamatan"), widget=FastSelect)
    village = django_filters.ChoiceFilter(label=_("Desa/kelurahan"), field_name="village_id",
                                          choices=lambda: filter_choices()["villages"], empty_label=_("Semua desa"),
                                          widget=FastSelect)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[(s.value, s.label) for s in Status
                                                                     if s in PUBLIC_STATES],
                                         empty_label=_("Semua status"), widget=FastSelect)
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Kind.choices, empty_label=_("Semua jenis"),
                                       widget=FastSelect)
    received_from = django_filters.DateFilter(label=_("Diterima sejak"), method="filter_from",
                                              widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))
    received_to = django_filters.DateFilter(label=_("Diterima sampai"), method="filter_to",
                                            widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, status_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if status_choices is not None:
            self.filters["status"].extra["choices"] = status_choices

    def filter_text(self, qs, name, value):
        from .search import search

        return search(qs, value)

    @property
    def searching(self) -> bool:
        """Whether the valid form asks for a text search (its results come ranked, search.py)."""
        return bool(self.is_bound and self.is_valid() and (self.form.cleaned_data.get("q") or "").strip())

    def filter_category(self, qs, name, value):
        if not value:
            return qs
        pk = int(value)
        choices = filter_choices()
        if pk in choices["topics"]:
            return qs.filter(topic_id=pk)  # a top-level topic: everything filed under it, one index range
        return qs.filter(category_id__in=[pk, *choices["category_children"].get(pk, [])])

    def filter_from(self, qs, name, value):
        return qs.filter(created_at__gte=_start_of(value)) if value else qs

    def filter_to(self, qs, name, value):
        return qs.filter(created_at__lt=_start_of(value + timedelta(days=1))) if value else qs


class StaffComplaintFilter(ComplaintFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, status_choices=Status.choices, **kwargs)
