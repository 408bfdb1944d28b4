"""Host names of the sites (villages' and agencies'): which are the platform's own, and whether one may be given to a
site. A site's host must be covered by ALLOWED_HOSTS (an exact name, or a suffix such as `.desa.id`): the host header
check stays Django's (production refuses ALLOWED_HOSTS="*", config/settings/production.py), so a host header
nobody configured is answered 400 before any site is looked up."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http.request import validate_host
from django.utils.translation import gettext as _

HOSTNAME = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


def platform_hosts() -> frozenset[str]:
    """The platform's own host names: requests to them never need the site map (no cache or DB round trip)."""
    own = urlsplit(settings.SATUPINTU_BASE_URL).hostname or ""
    extra = getattr(settings, "SATUPINTU_PLATFORM_HOSTS", ())
    return frozenset({own, "localhost", "127.0.0.1", "testserver", *extra} - {""})


def clean_hostname(value: str | None, *, exclude=None) -> str | None:
    """The host name as stored (lower case, no trailing dot), or None to clear it. Refused: a malformed name, one of
    the platform's own names, one ALLOWED_HOSTS does not cover, one another site (village or agency) already has.
    `exclude` is the site being changed."""
    from .models import AgencySite, VillageSite

    host = (value or "").strip().lower().rstrip(".")
    if not host:
        return None
    if len(host) > 253 or not HOSTNAME.match(host):
        raise ValidationError({"hostname": _("Nama host tidak sah, contoh: sialtong.desa.id")})
    if host in platform_hosts():
        raise ValidationError({"hostname": _("Nama host ini milik platform sendiri.")})
    if not validate_host(host, settings.ALLOWED_HOSTS):
        raise ValidationError(
            {
                "hostname": _(
                    "Nama host ini belum diizinkan server (ALLOWED_HOSTS). Minta pengelola server menambahkannya dulu."
                )
            }
        )
    villages, agencies = VillageSite.objects.filter(hostname=host), AgencySite.objects.filter(hostname=host)
    if isinstance(exclude, VillageSite):
        villages = villages.exclude(pk=exclude.pk)
    if isinstance(exclude, AgencySite):
        agencies = agencies.exclude(pk=exclude.pk)
    if villages.exists() or agencies.exists():
        raise ValidationError({"hostname": _("Nama host ini sudah dipakai situs lain.")})
    return host
