"""The public realisation is periodic information in PPID's Daftar Informasi Publik (DIP)."""

import pytest
from django.urls import reverse

from satupintu.ppid.models import InfoCategory, PublicInfoItem

from .. import services
from .test_budget import GOOD, csv_bytes

pytestmark = pytest.mark.django_db


def test_importing_a_dpa_lists_the_years_realisation_in_the_dip(client, finance, agencies, bpkad):
    assert not PublicInfoItem.objects.exists()
    for _ in range(2):  # a re-import keeps the one entry
        services.budget_import(
            agency=agencies["pupr"], year=2026, data=csv_bytes(*GOOD), filename="dpa.csv", by=finance["bud"]
        )
    item = PublicInfoItem.objects.get()
    assert (item.agency, item.category, item.is_published) == (bpkad, InfoCategory.PERIODIC, True)
    assert item.link.endswith("/keuangan/realisasi/?tahun=2026")

    listing = client.get(reverse("ppid:dip_list"), {"category": InfoCategory.PERIODIC}).content.decode()
    assert "Realisasi anggaran belanja daerah tahun 2026" in listing
    detail = client.get(reverse("ppid:dip_detail", args=[item.pk])).content.decode()
    assert "/keuangan/realisasi/?tahun=2026" in detail
    # The linked page is public and names no recipient.
    page = client.get("/keuangan/realisasi/?tahun=2026")
    assert page.status_code == 200

    # Another year's DPA gets its own entry.
    services.budget_import(
        agency=agencies["pupr"], year=2027, data=csv_bytes(*GOOD), filename="dpa.csv", by=finance["bud"]
    )
    assert PublicInfoItem.objects.count() == 2


def test_without_a_treasury_agency_nothing_is_published(db):
    assert services.realisation_dip_publish(year=2026) is None
    assert not PublicInfoItem.objects.exists()
