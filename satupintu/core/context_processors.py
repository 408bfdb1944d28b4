from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from satupintu.akun.permissions import is_staff_member


def _nav(attr: str, user=None) -> list[dict]:
    """Items are (label, url name) or (label, url name, roles): the third limits a link to those roles."""
    items = []
    for config in apps.get_app_configs():
        for label, url_name, *limit in getattr(config, attr, ()):
            if limit and not (getattr(user, "is_superuser", False) or getattr(user, "role", None) in limit[0]):
                continue
            try:
                items.append({"label": label, "url": reverse(url_name)})
            except NoReverseMatch:
                continue  # a service that does not exist yet is not linked
    return items


def platform(request):
    """Site name and the navigation: each app declares `public_nav` / `staff_nav` in its AppConfig."""
    return {
        "SITE_NAME": settings.SATUPINTU_SITE_NAME,
        "public_nav": _nav("public_nav", getattr(request, "user", None)),
        "staff_nav": _nav("staff_nav", request.user) if is_staff_member(getattr(request, "user", None)) else [],
    }
