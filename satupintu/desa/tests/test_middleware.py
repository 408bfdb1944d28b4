import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.middleware import VillageHostMiddleware


def _seen(request):
    return HttpResponse(request.path_info)


def test_host_maps_to_village_site(users, village_a):
    services.site_update(village=village_a, by=users["regency_admin"], tagline="Desa wisata",
                         hostname="Sialtong.desa.id")
    mw = VillageHostMiddleware(_seen)
    rf = RequestFactory()
    assert mw(rf.get("/", HTTP_HOST="sialtong.desa.id")).content == b"/desa/sialtong/"
    assert mw(rf.get("/profil/", HTTP_HOST="sialtong.desa.id:443")).content == b"/desa/sialtong/profil/"
    assert mw(rf.get("/static/x.css", HTTP_HOST="sialtong.desa.id")).content == b"/static/x.css"
    assert mw(rf.get("/desa/lapak/", HTTP_HOST="sialtong.desa.id")).content == b"/desa/lapak/"
    assert mw(rf.get("/", HTTP_HOST="testserver")).content == b"/"


def test_only_regency_admin_sets_host_name(users, village_a):
    with pytest.raises(PermissionDenied):
        services.site_update(village=village_a, by=users["village_operator"], tagline="", hostname="x.desa.id")
    site = services.site_update(village=village_a, by=users["village_operator"], tagline="Slogan baru")
    assert site.tagline == "Slogan baru" and site.hostname is None


def test_full_stack_with_middleware(client, users, village_a, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        services.site_update(village=village_a, by=users["regency_admin"], tagline="", hostname="sialtong.desa.id")
    middleware = [*settings.MIDDLEWARE]
    if "satupintu.desa.middleware.SiteHostMiddleware" not in middleware:
        middleware.insert(middleware.index("django.middleware.common.CommonMiddleware") + 1,
                          "satupintu.desa.middleware.SiteHostMiddleware")
    with override_settings(MIDDLEWARE=middleware):
        response = client.get("/", HTTP_HOST="sialtong.desa.id")
        assert response.status_code == 200
        assert "Selamat datang di Desa Sialtong" in response.content.decode()
        assert client.get(reverse("core:home")).status_code == 200  # other hosts untouched
