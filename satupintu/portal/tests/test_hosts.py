"""An agency's site answers on its own host name (AgencySite.hostname), like a village's (VillageSite.hostname):
one middleware maps Host -> site; a host nobody configured is refused by ALLOWED_HOSTS, never routed."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from satupintu.desa import services as desa_services
from satupintu.desa.middleware import SiteHostMiddleware
from satupintu.desa.models import AgencySite
from satupintu.portal import services

pytestmark = pytest.mark.django_db

PUPR_HOST = "pupr.serdangbedagaikab.go.id"
ALLOWED = [".serdangbedagaikab.go.id", ".desa.id", "testserver"]


def _seen(request):
    return HttpResponse(request.path_info)


@pytest.fixture
def pupr_host(users, agencies, django_capture_on_commit_callbacks):
    with override_settings(ALLOWED_HOSTS=ALLOWED), django_capture_on_commit_callbacks(execute=True):
        services.agency_site_update(
            agency=agencies["pupr"],
            by=users["regency_admin"],
            data={"tagline": "Membangun"},
            hostname="PUPR.SerdangBedagaikab.go.id.",
        )
    return AgencySite.objects.get(agency=agencies["pupr"])


def test_agency_host_routes_to_its_site_and_platform_paths_pass(pupr_host):
    assert pupr_host.hostname == PUPR_HOST
    mw, rf = SiteHostMiddleware(_seen), RequestFactory()

    def path(url, host=PUPR_HOST):
        return mw(rf.get(url, HTTP_HOST=host)).content.decode()

    assert path("/") == "/opd/dinas-pupr/"
    assert path("/profil/") == "/opd/dinas-pupr/profil/"
    assert path("/layanan/izin-bangunan/") == "/opd/dinas-pupr/layanan/izin-bangunan/"
    assert path("/berita/", host=f"{PUPR_HOST}:443") == "/opd/dinas-pupr/berita/"
    # The platform's own pages linked from the site keep working on its host.
    assert path("/opd/dinas-pupr/galeri/") == "/opd/dinas-pupr/galeri/"
    assert path("/aduan/lapor/") == "/aduan/lapor/"
    assert path("/ppid/") == "/ppid/"
    assert path("/static/css/satupintu.css") == "/static/css/satupintu.css"
    assert path("/akun/masuk/") == "/akun/masuk/"
    # Other hosts are untouched.
    assert path("/", host="testserver") == "/"
    assert path("/", host="lain.serdangbedagaikab.go.id") == "/"


def test_village_and_agency_hosts_side_by_side(
    pupr_host, users, village_a, django_capture_on_commit_callbacks
):
    with override_settings(ALLOWED_HOSTS=ALLOWED), django_capture_on_commit_callbacks(execute=True):
        desa_services.site_update(
            village=village_a, by=users["regency_admin"], tagline="", hostname="sialtong.desa.id"
        )
    mw = SiteHostMiddleware(_seen)
    rf = RequestFactory()
    assert mw(rf.get("/", HTTP_HOST="sialtong.desa.id")).content == b"/desa/sialtong/"
    assert (
        mw(rf.get("/aduan/", HTTP_HOST="sialtong.desa.id")).content == b"/aduan/"
    )  # a platform link from a village
    assert mw(rf.get("/", HTTP_HOST=PUPR_HOST)).content == b"/opd/dinas-pupr/"


@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_full_stack_agency_host_and_forged_host(client, pupr_host, agencies):
    response = client.get("/", HTTP_HOST=PUPR_HOST)
    assert response.status_code == 200
    assert agencies["pupr"].name in response.content.decode()
    assert client.get("/profil/", HTTP_HOST=PUPR_HOST).status_code == 200
    assert client.get("/tidak-ada/", HTTP_HOST=PUPR_HOST).status_code == 404
    # A host nobody allowed is refused (400), never routed to a site or the portal.
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get("/", HTTP_HOST="pupr.serdangbedagaikab.go.id.evil.example").status_code == 400
    assert client.get(reverse("core:home")).status_code == 200  # the platform's own host: the Media Center


def test_inactive_agency_host_is_not_routed(pupr_host, agencies):
    from django.core.cache import cache

    agencies["pupr"].is_active = False
    agencies["pupr"].save()
    cache.clear()
    assert SiteHostMiddleware(_seen)(RequestFactory().get("/", HTTP_HOST=PUPR_HOST)).content == b"/"


@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_host_names_are_checked(users, agencies, village_a, pupr_host):
    admin = users["regency_admin"]

    def set_host(host, agency="dinkes"):
        return services.agency_site_update(agency=agencies[agency], by=admin, data={}, hostname=host)

    for bad in (
        "dinkes.example.com",  # not covered by ALLOWED_HOSTS: it would be refused anyway
        "bad host.serdangbedagaikab.go.id",
        "-x.serdangbedagaikab.go.id",
        "testserver",  # the platform's own
        PUPR_HOST,
    ):  # another agency's
        with pytest.raises(ValidationError):
            set_host(bad)
    with pytest.raises(ValidationError):  # a village's site cannot take an agency's host either
        desa_services.site_update(village=village_a, by=admin, tagline="", hostname=PUPR_HOST)
    assert set_host("dinkes.serdangbedagaikab.go.id").hostname == "dinkes.serdangbedagaikab.go.id"
    assert set_host("").hostname is None  # cleared
    assert set_host(PUPR_HOST, agency="pupr").hostname == PUPR_HOST  # unchanged: its own name is no conflict


def test_only_a_regency_wide_role_sets_an_agency_host(editors, agencies, pupr_host):
    with pytest.raises(PermissionDenied):
        services.agency_site_update(
            agency=agencies["pupr"], by=editors["pupr"], data={}, hostname="lain.serdangbedagaikab.go.id"
        )
    site = services.agency_site_update(agency=agencies["pupr"], by=editors["pupr"], data={"tagline": "Baru"})
    assert (site.tagline, site.hostname) == ("Baru", PUPR_HOST)


@override_settings(ALLOWED_HOSTS=ALLOWED)
def test_editor_page_host_field(client, users, editors, agencies, pupr_host):
    url = reverse("portal:editor_profile", args=["opd-dinas-pupr"])
    client.force_login(editors["pupr"])
    page = client.get(url).content.decode()
    assert PUPR_HOST in page and "disabled" in page
    client.post(url, {"tagline": "Dari editor", "hostname": "dicuri.serdangbedagaikab.go.id"})
    pupr_host.refresh_from_db()
    assert (pupr_host.tagline, pupr_host.hostname) == ("Dari editor", PUPR_HOST)  # the host field is ignored
    client.force_login(users["regency_admin"])
    client.post(url, {"tagline": "Dari admin", "hostname": "pu.serdangbedagaikab.go.id"})
    pupr_host.refresh_from_db()
    assert pupr_host.hostname == "pu.serdangbedagaikab.go.id"


def test_production_refuses_every_host():
    root = Path(__file__).resolve().parents[3]
    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "*",
        "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr
