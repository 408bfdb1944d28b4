"""Form fields other apps use to ask for a village."""

from itertools import groupby

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import villages_of_deployment


def village_label(village) -> str:
    return _("%(village)s — Kec. %(district)s") % {"village": village, "district": village.district.name}


class _GroupedByDistrict(forms.models.ModelChoiceIterator):
    """Options grouped in <optgroup>s per district; the queryset must be ordered by district."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for district, villages in groupby(queryset, key=lambda v: v.district):
            yield (_("Kec. %(district)s") % {"district": district.name}, [self.choice(v) for v in villages])


class VillageChoiceField(forms.ModelChoiceField):
    """A village of the deployment, labelled "Desa X — Kec. Y", grouped by district.

    `queryset` may narrow the choice (e.g. to the villages a user may act for); it must keep the district ordering
    and `select_related("district")` of `villages_of_deployment()`."""

    iterator = _GroupedByDistrict

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Desa/kelurahan"))
        kwargs.setdefault("empty_label", _("— pilih desa/kelurahan —"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("Pilih desa/kelurahan dari daftar; yang dipilih tidak ada di kabupaten ini.")},
        )
        super().__init__(queryset=villages_of_deployment() if queryset is None else queryset, **kwargs)

    def label_from_instance(self, obj) -> str:
        return village_label(obj)
