"""The self-service (layanan mandiri) pages speak English when the browser asks for it (Accept-Language: en),
including the sign-in failure message, and stay Indonesian by default."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext

from satupintu.penduduk import mandiri
from satupintu.penduduk.models import Family
from satupintu.penduduk.tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _clear_cache():
    # The per-network attempt counter lives in the cache; start and leave every test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(village_a):
    family = Family.objects.create(kk_number="1218010101260001", village=village_a)
    return ResidentFactory(village=village_a, family=family, family_relation="kepala", birth_date=dt.date(1985, 4, 9))


def test_sign_in_page_in_english(client):
    response = client.get(reverse("penduduk:mandiri_login"), **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Self-service" in html
    assert "Sign in with your NIK and the 6-digit PIN you received at the village office" in html
    assert "No PIN yet?" in html and "Register with your NIK, KK number and date of birth" in html
    assert "PIN (6 digits)" in html
    assert "Masuk dengan NIK dan PIN 6 digit" not in html
    assert "Belum punya PIN?" not in html

    default = client.get(reverse("penduduk:mandiri_login")).content.decode()
    assert "Masuk dengan NIK dan PIN 6 digit" in default


def test_registration_page_in_english(client):
    html = client.get(reverse("penduduk:mandiri_register"), **EN).content.decode()
    assert "Register for self-service" in html
    assert "Fill this in as on your family card (KK)" in html
    assert "KK number" in html and "Date of birth" in html and "Continue" in html
    assert "Already have a PIN? Sign in" in html
    assert "Daftar layanan mandiri" not in html
    assert "Isi sesuai Kartu Keluarga Anda" not in html
    assert "Tanggal lahir" not in html


def test_sign_in_failure_message_in_english(client, resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    wrong = "482914" if pin != "482914" else "482915"
    response = client.post(reverse("penduduk:mandiri_login"), {"nik": resident.nik, "pin": wrong}, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The NIK or PIN does not match, or your access is temporarily locked." in html
    assert "NIK atau PIN tidak cocok" not in html


def test_registration_failure_message_in_english(client, resident):
    response = client.post(reverse("penduduk:mandiri_register"), {
        "nik": resident.nik, "kk_number": resident.family.kk_number, "birth_date": "1985-04-10",
    }, **EN)
    html = response.content.decode()
    assert "The details could not be matched." in html
    assert "Data tidak dapat dicocokkan" not in html


# Django keeps ONE translation per identical msgid across every app's catalogue (the app earlier in INSTALLED_APPS
# wins), so words that mean different things in different apps carry a context in the later app. These checks pin
# the resolved English so a new catalogue cannot silently take a word over again.
@pytest.mark.parametrize(("context", "msgid", "plain", "with_context"), [
    ("tujuan permohonan informasi", "Tujuan", "Destination", "Purpose"),  # notifikasi outbox vs ppid request
    ("badan publik PPID", "OPD", "agency", "Agency (OPD)"),  # organisasi/akun field name vs ppid column
    ("pemohon surat", "Pemohon", "Requester", "Applicant"),  # ppid requester vs surat applicant
    ("foto galeri desa", "keterangan", "description", "caption"),  # surat/desa description vs desa photo caption
    ("keterangan informasi publik", "Keterangan", "Note", "Description"),  # penduduk note vs ppid DIP column
    ("alasan keberatan", "Alasan", "Reason", "Grounds"),  # penduduk import reason vs ppid objection grounds
    ("baris APBDes", "Baris", "Row", "Lines"),  # penduduk import row vs desa budget lines
])
def test_words_shared_between_apps_resolve_per_meaning(context, msgid, plain, with_context):
    with translation.override("en"):
        assert gettext(msgid) == plain
        assert pgettext(context, msgid) == with_context
    with translation.override("id"):
        assert pgettext(context, msgid) == msgid


def test_contextual_model_labels_in_english():
    from satupintu.desa.models import GalleryPhoto
    from satupintu.ppid.models import PublicInfoItem
    from satupintu.surat.models import LetterType

    with translation.override("en"):
        assert str(GalleryPhoto._meta.get_field("caption").verbose_name) == "caption"
        assert str(LetterType._meta.get_field("description").verbose_name) == "description"
        assert str(PublicInfoItem._meta.get_field("agency").verbose_name) == "Agency (OPD)"


def test_public_information_list_columns_in_english(client):
    html = client.get(reverse("ppid:dip_list"), **EN).content.decode()
    assert "Agency (OPD)" in html and "Description" in html
    assert ">agency<" not in html and ">Note<" not in html
