import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from satupintu.aduan.channels import urls as complaint_channel_urls
from satupintu.core import urls as core_urls
from satupintu.core.media import public_media
from satupintu.notifikasi import urls as notifikasi_urls
from satupintu.portal import urls as portal_urls
from satupintu.portal.sitemaps import SITEMAPS

admin.site.site_header = _("Satu Pintu — kantor belakang")
admin.site.site_title = _("Satu Pintu")

urlpatterns = [
    # The portal's home page and staff desk keep their `core:` names (core:home, core:staff).
    path("", include((core_urls.urlpatterns + portal_urls.urlpatterns, "core"))),
    # The Media Center, agency sites (/opd/), e-mall (/emall/), the regent's dashboard (/dasbor/).
    path("", include("satupintu.portal.site_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("satupintu.akun.urls")),
    path("wilayah/", include("satupintu.wilayah.urls")),
    path("organisasi/", include("satupintu.organisasi.urls")),
    path("kalender/", include("satupintu.kalender.urls")),
    path("aduan/", include("satupintu.aduan.urls")),
    # The complaint app's social-media candidates keep their /notifikasi/kandidat/ URLs and `notifikasi:` names.
    path("notifikasi/", include((notifikasi_urls.urlpatterns + complaint_channel_urls.urlpatterns, "notifikasi"))),
    path("ppid/", include("satupintu.ppid.urls")),
    path("penduduk/", include("satupintu.penduduk.urls")),
    path("bansos/", include("satupintu.bansos.urls")),
    path("surat/", include("satupintu.surat.urls")),
    path("desa/", include("satupintu.desa.urls")),
    path("adminduk/", include("satupintu.adminduk.urls")),
    path("spmb/", include("satupintu.spmb.urls")),
    path("keuangan/", include("satupintu.keuangan.urls")),
    path("antrean/", include("satupintu.antrean.urls")),
    path("api/", include("satupintu.api.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
]

# Public uploads: nginx serves /media/ in production (README); without it the app does (SERVE_MEDIA, core/media.py).
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", public_media, name="media"))

handler400 = "satupintu.core.views.bad_request"
handler403 = "satupintu.core.views.permission_denied"
handler404 = "satupintu.core.views.page_not_found"
handler500 = "satupintu.core.views.server_error"
