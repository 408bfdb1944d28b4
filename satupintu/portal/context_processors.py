from django.apps import apps
from django.conf import settings
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse

from satupintu.akun.permissions import is_staff_member
from satupintu.core import branding


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


def _resident(request):
    """The resident signed in to self-service (penduduk), only when the session says so: no query otherwise."""
    session = getattr(request, "session", None)
    if session is None or not apps.is_installed("satupintu.penduduk"):
        return None
    from satupintu.penduduk import mandiri

    if not session.get(mandiri.SESSION_RESIDENT):
        return None
    return mandiri.current_resident(request)


def _visitor(request):
    """(user, staff?, resident) — anonymous when the database cannot say (the outage page still renders)."""
    user = getattr(request, "user", None)
    try:
        return user, is_staff_member(user), _resident(request)  # is_staff_member loads the user (session, DB)
    except DatabaseError:
        return None, False, None


def platform(request):
    """Site name, the regency's face (core/branding.py) and the navigation: each app declares `public_nav` /
    `staff_nav` in its AppConfig. `account` is what the header offers the visitor: a staff member's desk, a citizen's
    own reports, a self-service resident's name and sign-out."""
    user, staff, resident = _visitor(request)
    return {
        "SITE_NAME": settings.SATUPINTU_SITE_NAME,
        "BRAND": branding.brand(),
        "public_nav": _nav("public_nav", user),
        "staff_nav": _nav("staff_nav", user) if staff else [],
        "is_staff_member": staff,
        "resident": resident,
        "visitor": user if getattr(user, "is_authenticated", False) else None,  # the header's signed-in user
    }
