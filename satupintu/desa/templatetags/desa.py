from decimal import Decimal, InvalidOperation

from django import template
from lokal import format_rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Rp1.250.000 (whole rupiah; cents shown only when present)."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return "—"
    return format_rupiah(amount, decimals=amount != amount.to_integral_value())


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value} %".replace(".", ",")


@register.filter
def field_value(obj, name: str):
    """A model field's display value for the editor lists (choices shown by their label)."""
    display = getattr(obj, f"get_{name}_display", None)
    return display() if callable(display) else getattr(obj, name, "")
