"""The portal's own template tags: the home page's figures of the year, counted from the services below."""

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy

register = template.Library()


FIGURES_SECONDS = 600
FIGURE_LABELS = {
    "complaints": gettext_lazy("aduan diterima"),
    "answered": gettext_lazy("aduan dijawab"),
    "requests": gettext_lazy("permohonan informasi"),
    "letters": gettext_lazy("surat terbit"),
}


def _figure_values(year: int) -> list[tuple[str, int]]:
    """Counts of this year, public already (the statistics pages show them per agency): three queries."""
    from django.apps import apps

    out = []
    if apps.is_installed("satupintu.aduan"):
        from django.db.models import Count, Q

        from satupintu.aduan.models import Complaint

        counts = Complaint.objects.filter(created_at__year=year).aggregate(
            received=Count("pk"), answered=Count("pk", filter=Q(status__in=["answered", "closed"])))
        out.append(("complaints", counts["received"]))
        out.append(("answered", counts["answered"]))
    if apps.is_installed("satupintu.ppid"):
        from satupintu.ppid.models import InfoRequest

        out.append(("requests", InfoRequest.objects.filter(created_at__year=year).count()))
    if apps.is_installed("satupintu.surat"):
        from satupintu.surat.models import LetterRequest

        out.append(("letters", LetterRequest.objects.filter(signed_at__year=year).count()))
    return out


@register.simple_tag
def public_figures() -> list[dict]:
    """The home page's figures of the year, cached for ten minutes; labels in the visitor's language."""
    year = timezone.localdate().year
    key = f"core:home-figures:{year}"
    values = cache.get(key)
    if values is None:
        values = _figure_values(year)
        cache.set(key, values, FIGURES_SECONDS)
    return [{"value": value, "label": FIGURE_LABELS[name]} for name, value in values]
