from django import template
from lokal import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Whole Rupiah as printed: Rp1.500.000 (an empty value stays empty)."""
    if value in (None, ""):
        return ""
    return format_rupiah(int(value))


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " %"
