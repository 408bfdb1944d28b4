"""Agency sites: profile, services with their service standard (PermenPAN-RB 15/2014), news, DIP and PPID contact,
complaint figures from aduan."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from satupintu.desa.sites import SiteOwner
from satupintu.portal import services
from satupintu.portal.models import REQUIRED_COMPONENTS, ServiceStandard

from .factories import SiteArticleFactory

pytestmark = pytest.mark.django_db

COMPLETE = {
    "name": "Izin penggunaan jalan", "legal_basis": "Perda 3/2020",
    "requirements": "KTP\nSurat permohonan", "procedure": "1. Ajukan\n2. Verifikasi\n3. Terbit",
    "service_time": "5 hari kerja", "cost": "Gratis", "product": "Surat izin",
    "complaint_channel": "Aduan Satu Pintu, WhatsApp 0812-0000-0000", "is_published": True, "order": 1,
}


@pytest.mark.parametrize("missing", REQUIRED_COMPONENTS)
def test_service_standard_needs_every_component_to_be_shown(editors, agencies, missing):
    data = {**COMPLETE, missing: "   "}
    with pytest.raises(ValidationError) as exc:
        services.service_standard_save(agency=agencies["pupr"], by=editors["pupr"], data=data)
    label = str(ServiceStandard._meta.get_field(missing).verbose_name)
    assert label in " ".join(exc.value.messages)
    assert not ServiceStandard.objects.exists()
    # As a draft (not shown) it may be incomplete.
    draft = services.service_standard_save(agency=agencies["pupr"], by=editors["pupr"],
                                           data={**data, "is_published": False})
    assert draft.pk and not draft.is_published


def test_service_standard_page_and_permission(client, editors, agencies):
    svc = services.service_standard_save(agency=agencies["pupr"], by=editors["pupr"], data=COMPLETE)
    with pytest.raises(PermissionDenied):
        services.service_standard_save(agency=agencies["pupr"], by=editors["dinkes"], data=COMPLETE)
    with pytest.raises(PermissionDenied):
        services.service_standard_save(agency=agencies["dinkes"], by=editors["pupr"], data=COMPLETE, instance=svc)
    page = client.get(svc.get_absolute_url()).content.decode()
    for text in ("Surat permohonan", "5 hari kerja", "Gratis", "Surat izin", "WhatsApp 0812-0000-0000"):
        assert text in page
    home = client.get(reverse("portal:agency_home", args=["dinas-pupr"])).content.decode()
    assert svc.get_absolute_url() in home
    # Dinkes's site does not list PUPR's service; a hidden service is not found.
    assert svc.get_absolute_url() not in client.get(reverse("portal:agency_home", args=["dinkes"])).content.decode()
    ServiceStandard.objects.filter(pk=svc.pk).update(is_published=False)
    from django.core.cache import cache

    cache.clear()
    assert client.get(svc.get_absolute_url()).status_code == 404


def test_agency_home_shows_news_dip_ppid_and_complaint_figures(client, users, editors, agencies, village_a):
    from satupintu.aduan.tests.factories import ComplaintFactory
    from satupintu.ppid.models import PublicInfoItem

    SiteArticleFactory(owner=SiteOwner(agency=agencies["pupr"]), by=editors["pupr"], title="Perbaikan jalan Kotarih")
    SiteArticleFactory(owner=SiteOwner(agency=agencies["dinkes"]), by=editors["dinkes"], title="Posyandu keliling")
    PublicInfoItem.objects.create(agency=agencies["pupr"], title="Rencana kerja PUPR 2026", category="berkala")
    PublicInfoItem.objects.create(agency=agencies["dinkes"], title="Laporan Dinkes", category="berkala")
    for state in ("answered", "answered", "received"):
        ComplaintFactory(village=village_a, state=state, agency=agencies["pupr"])
    response = client.get(reverse("portal:agency_home", args=["dinas-pupr"]))
    page = response.content.decode()
    assert "Perbaikan jalan Kotarih" in page and "Posyandu keliling" not in page
    assert "Rencana kerja PUPR 2026" in page and "Laporan Dinkes" not in page
    assert "pupr@example.id" in page  # the agency's PPID contact (a public office address)
    figures = page[page.index('data-testid="complaint-figures"'):]
    assert "<strong>2</strong>aduan diterima" in figures[:400]  # the one not yet routed counts for no agency
    assert "<strong>100%</strong>dijawab tepat waktu" in figures[:600]
    assert client.get(reverse("portal:agency_home", args=["bina-marga"])).status_code == 404  # sub-units: no site
    assert client.get(reverse("portal:agencies")).status_code == 200
