"""Serves a village's site on its own host name (VillageSite.hostname), e.g. https://sialtong.desa.id/.

On such a host, `/` and the village's own pages are routed to `/desa/<slug>/...`; platform paths (static files,
sign-in, admin, the `/desa/` pages themselves) pass through unchanged so links built with `reverse` keep working.
Add `satupintu.desa.middleware.VillageHostMiddleware` to MIDDLEWARE after CommonMiddleware."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost

from .cache import HOSTS_KEY

PASS_THROUGH = ("/static/", "/media/", "/akun/", "/admin/", "/i18n/", "/desa/", "/healthz", "/staf/")


def host_map() -> dict[str, str]:
    mapping = cache.get(HOSTS_KEY)
    if mapping is None:
        from .models import VillageSite

        mapping = dict(
            VillageSite.objects.filter(hostname__isnull=False, village__slug__isnull=False)
            .values_list("hostname", "village__slug")
        )
        cache.set(HOSTS_KEY, mapping, 300)
    return mapping


def platform_hosts() -> frozenset[str]:
    """The platform's own host names: requests to them never need the village map (no cache or DB round trip)."""
    own = urlsplit(settings.SATUPINTU_BASE_URL).hostname or ""
    extra = getattr(settings, "SATUPINTU_PLATFORM_HOSTS", ())
    return frozenset({own, "localhost", "127.0.0.1", "testserver", *extra} - {""})


class VillageHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.platform_hosts = platform_hosts()

    def __call__(self, request):
        try:
            host = request.get_host().split(":", 1)[0].lower()
        except DisallowedHost:
            host = ""
        slug = host_map().get(host) if host and host not in self.platform_hosts else None
        if slug:
            if not request.path_info.startswith(PASS_THROUGH):
                request.path_info = f"/desa/{slug}{request.path_info}"
                request.path = f"{request.META.get('SCRIPT_NAME', '').rstrip('/')}{request.path_info}"
        return self.get_response(request)
