"""Staff pages, the public transparency page and the SKTM's poverty status."""

import datetime as dt

from django.urls import reverse

from satupintu.bansos import selectors, services
from satupintu.bansos.models import PovertyEntry, ProgrammeKind, TargetKind
from satupintu.bansos.tests.factories import ProgrammeFactory
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory


def test_public_page_shows_counts_names_only_when_chosen_and_never_niks(client, users, village_a):
    kk = FamilyFactory(village=village_a)
    ani = ResidentFactory(village=village_a, family=kk, family_relation="kepala", name="Ani Lestari")
    pkh = ProgrammeFactory(kind=ProgrammeKind.PKH, name="PKH 2026")
    op = users["village_operator"]
    services.recipient_add(by=op, programme=pkh, village=village_a, number=kk.kk_number)
    url = reverse("bansos:public", args=[village_a.slug])
    page = client.get(url).content.decode()
    assert "PKH 2026" in page and "1 penerima" in page
    assert "Ani Lestari" not in page and kk.kk_number not in page and ani.nik not in page
    services.publication_set(by=op, village=village_a, programme=pkh, publish_names=True)
    page = client.get(url).content.decode()
    assert "Ani Lestari" in page and kk.kk_number not in page and ani.nik not in page


def test_staff_pages_open_for_the_operator_and_are_closed_to_others(client, users, village_a):
    pkh = ProgrammeFactory()
    client.force_login(users["village_operator"])
    for name, args in [
        ("bansos:home", []),
        ("bansos:programme", [pkh.pk]),
        ("bansos:programme_import", [pkh.pk]),
        ("bansos:poverty", []),
        ("bansos:check", []),
        ("bansos:programme_new", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    # A regency programme is changed by the regency only.
    assert client.get(reverse("bansos:programme_edit", args=[pkh.pk])).status_code == 403
    client.force_login(users["opd_admin"])
    assert client.get(reverse("bansos:home")).status_code == 403


def test_operator_creates_a_local_programme_and_adds_a_recipient_with_a_flag(client, users, village_a):
    dead = ResidentFactory(village=village_a, status="deceased", name="Almarhum")
    client.force_login(users["village_operator"])
    response = client.post(
        reverse("bansos:programme_new"),
        {
            "name": "Bantuan sembako desa",
            "kind": "local",
            "source": "dana_desa",
            "target": "resident",
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
    )
    assert response.status_code == 302
    programme = selectors.programmes_for_user(user=users["village_operator"]).get(name="Bantuan sembako desa")
    assert programme.village == village_a
    response = client.post(
        reverse("bansos:recipient_add", args=[programme.pk]), {"number": dead.nik}, follow=True
    )
    assert "meninggal" in response.content.decode()
    assert programme.recipients.get().resident == dead


def test_sktm_status_names_the_register_and_the_aid(db):
    assert "tidak terdaftar" in selectors.poverty_status(nik="1218014101900001", kk_number="1218010101010001")


def test_sktm_status_for_a_registered_family(users, village_a):
    kk = FamilyFactory(village=village_a)
    ani = ResidentFactory(village=village_a, family=kk, family_relation="kepala")
    PovertyEntry.objects.create(
        village=village_a,
        source="dtsen",
        kk_number=kk.kk_number,
        head_name=ani.name,
        decile=1,
        family=kk,
        data_date=dt.date(2026, 10, 1),
    )
    pbi = ProgrammeFactory(kind=ProgrammeKind.PBI_JKN, target=TargetKind.RESIDENT, name="PBI JKN 2026")
    services.recipient_add(by=users["village_operator"], programme=pbi, village=village_a, number=ani.nik)
    status = selectors.poverty_status(nik=ani.nik, kk_number=kk.kk_number)
    assert status == "terdaftar dalam DTSEN (desil 1) dan menerima PBI JKN 2026"


def test_public_page_in_english(client, village_a):
    html = client.get(
        reverse("bansos:public", args=[village_a.slug]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Social aid in {village_a}" in html
    assert "This village has not recorded any social aid yet." in html
