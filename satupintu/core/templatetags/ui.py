"""Template helpers of the design system (static/css/satupintu.css)."""

from django import template

register = template.Library()


@register.simple_tag
def is_marked_required(bound_field, forced=False) -> bool:
    """Show the required mark: the template says so (`forced`: a field the form's clean() requires in this case, e.g.
    the complaint form's name unless the reporter stays anonymous), the field is required, or its widget says
    aria-required="true"."""
    if forced:
        return True
    field = getattr(bound_field, "field", None)
    if field is None:
        return False
    return bool(field.required or str(field.widget.attrs.get("aria-required", "")).lower() == "true")
