from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from satupintu.akun.permissions import is_staff_member


def _nav(attr: str) -> list[dict]:
    items = []
    for config in apps.get_app_configs():
        for label, url_name in getattr(config, attr, ()):
            try:
                items.append({"label": label, "url": reverse(url_name)})
            except NoReverseMatch:
                continue  # a service that does not exist yet is not linked
    return items


def platform(request):
    """Site name and the navigation: each app declares `public_nav` / `staff_nav` in its AppConfig."""
    return {
        "SITE_NAME": settings.SATUPINTU_SITE_NAME,
        "public_nav": _nav("public_nav"),
        "staff_nav": _nav("staff_nav") if is_staff_member(getattr(request, "user", None)) else [],
    }
