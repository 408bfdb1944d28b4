"""Serves a site on its own host name: a village's (VillageSite.hostname, e.g. https://sialtong.desa.id/) or an
agency's (AgencySite.hostname, e.g. https://pupr.serdangbedagaikab.go.id/).

On such a host, `/` and the site's own pages are routed to the site's prefix (`/desa/<slug>/...` or
`/opd/<slug>/...`). Everything else passes through unchanged, so links built with `reverse` and the platform's own
pages linked from the site (sign-in, complaints, PPID, static files) keep working: the platform's pass-through
prefixes, and any path that the platform itself answers (it resolves at the root, other than the home page).

The host header is never trusted on its own: Django's ALLOWED_HOSTS check (request.get_host(), which raises
DisallowedHost -> 400) runs first, and only a host an administrator mapped to a site is routed; a mapped host must
also be allowed (desa.hosts.clean_hostname refuses one that ALLOWED_HOSTS does not cover).
Add `satupintu.desa.middleware.SiteHostMiddleware` to MIDDLEWARE after CommonMiddleware."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, resolve

from .cache import HOSTS_KEY
from .hosts import platform_hosts

PASS_THROUGH = ("/static/", "/media/", "/akun/", "/admin/", "/i18n/", "/desa/", "/opd/", "/healthz", "/staf/")


def host_map() -> dict[str, str]:
    """{host name: the site's path prefix}, e.g. {"sialtong.desa.id": "/desa/sialtong"}; cached, dropped on change."""
    mapping = cache.get(HOSTS_KEY)
    if mapping is None:
        from .models import AgencySite, VillageSite

        mapping = {
            host: f"/desa/{slug}"
            for host, slug in VillageSite.objects.filter(hostname__isnull=False, village__slug__isnull=False)
            .exclude(village__slug="").values_list("hostname", "village__slug")
        }
        mapping.update({
            host: f"/opd/{slug}"
            for host, slug in AgencySite.objects.filter(hostname__isnull=False, agency__is_active=True,
                                                        agency__parent__isnull=True)
            .exclude(agency__slug="").values_list("hostname", "agency__slug")
        })
        cache.set(HOSTS_KEY, mapping, 300)
    return mapping


def _platform_answers(path: str) -> bool:
    """The platform has a page of its own at `path` (not the home page): a link from a site to it keeps working."""
    if path == "/":
        return False
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


class SiteHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.platform_hosts = platform_hosts()

    def __call__(self, request):
        try:
            host = request.get_host().split(":", 1)[0].lower().rstrip(".")
        except DisallowedHost:
            host = ""  # CommonMiddleware has already answered 400; never route an unchecked host
        prefix = host_map().get(host) if host and host not in self.platform_hosts else None
        if prefix:
            path = request.path_info
            if not path.startswith(PASS_THROUGH) and not _platform_answers(path):
                request.path_info = f"{prefix}{path}"
                request.path = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{request.path_info}"
        return self.get_response(request)


VillageHostMiddleware = SiteHostMiddleware  # its first name, when only villages had host names
