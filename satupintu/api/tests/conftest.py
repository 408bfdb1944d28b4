import pytest

from satupintu.aduan.models import Category
from satupintu.aduan.tests.factories import ComplaintFactory
from satupintu.api.models import Scope
from satupintu.api.services import api_client_create

SECRET_NAME = "Siti Rahmawati Zulkarnain"
SECRET_PHONE = "081299887766"
SECRET_PHONE_NORMALIZED = "6281299887766"
SECRET_EMAIL = "siti.rahasia@example.org"
NIK = "1218014506900002"
ANONYMOUS_NAME = "Rahmat Hidayat Tanjung"  # the anonymous reporter: never in any answer, staff answers included


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()  # rate-limit counters


@pytest.fixture
def categories(agencies):
    infra = Category.objects.create(name="Infrastruktur", slug="infrastruktur", default_agency=agencies["pupr"])
    road = Category.objects.create(name="Jalan rusak", slug="jalan-rusak", parent=infra)
    health = Category.objects.create(name="Kesehatan", slug="kesehatan", default_agency=agencies["dinkes"])
    return {"infra": infra, "road": road, "health": health}


@pytest.fixture
def reports(users, categories, village_a, village_b):
    """A public report, an anonymous public one, a confidential one, one not yet verified and a closed one; every
    reporter's contact details are the secrets the privacy tests look for."""
    secret = {"reporter_name": SECRET_NAME, "reporter_phone": SECRET_PHONE, "reporter_email": SECRET_EMAIL,
              "description": f"Jalan rusak parah dekat rumah saya, NIK saya {NIK} bila perlu dihubungi."}
    return {
        "public": ComplaintFactory(state="in_progress", category=categories["road"], village=village_a,
                                   title="Jalan berlubang di Sialtong", reporter_name="Budi Santoso",
                                   reporter_phone="081234567890", reporter_email="budi@example.org"),
        "anonymous": ComplaintFactory(state="answered", category=categories["road"], village=village_b,
                                      title="Lampu jalan mati", is_anonymous=True, **{**secret, "description":
                                      "Lampu jalan di simpang mati sejak dua minggu.",
                                      "reporter_name": ANONYMOUS_NAME}),
        "confidential": ComplaintFactory(state="assigned", category=categories["health"], village=village_a,
                                         title="Pungutan liar di puskesmas", is_confidential=True, **secret),
        "received": ComplaintFactory(state="received", category=categories["health"], village=village_a,
                                     title="Antrean puskesmas panjang", **secret),
        "closed": ComplaintFactory(state="closed", category=categories["road"], village=village_a,
                                   title="Jembatan goyang"),
    }


@pytest.fixture
def make_key(db):
    def _make(*scopes, user=None, rate_limit=3600, name="Aplikasi Desa Digital"):
        client, raw = api_client_create(name=name, scopes=list(scopes), user=user, rate_limit=rate_limit)
        return client, raw

    return _make


@pytest.fixture
def writer_key(make_key):
    return make_key(Scope.REPORT_WRITE)[1]


@pytest.fixture
def world(reports, village_a, users):
    """Data of every service a partner can read, each with personal details that must never reach an API answer:
    reports (above), a PPID request, a signed letter, a village's article, product, budget and residents."""
    from satupintu.desa.models import PublishState
    from satupintu.desa.tests.factories import ArticleFactory, ProductFactory, VillageBudgetFactory
    from satupintu.penduduk.tests.factories import ResidentFactory
    from satupintu.ppid.models import InfoCategory, PublicInfoItem
    from satupintu.ppid.tests.factories import InfoRequestFactory
    from satupintu.surat.tests.factories import LetterRequestFactory

    info_request = InfoRequestFactory(state="received", phone=SECRET_PHONE, email=SECRET_EMAIL, id_number=NIK)
    item = PublicInfoItem.objects.create(agency=info_request.agency, title="Laporan keuangan 2025",
                                         summary="Neraca dan LRA", category=InfoCategory.PERIODIC)
    exempt = PublicInfoItem.objects.create(agency=info_request.agency, title="Data rekam medis",
                                           summary="Isi rahasia rekam medis", legal_ground="UU 14/2008 Pasal 17",
                                           category=InfoCategory.EXEMPT)
    letter = LetterRequestFactory(state="signed", contact_phone=SECRET_PHONE)
    residents = [ResidentFactory(village=village_a) for _ in range(6)]
    return {
        **reports,
        "info_request": info_request, "dip_item": item, "dip_exempt": exempt, "letter": letter,
        "residents": residents,
        "article": ArticleFactory(village=village_a, summary="Kerja bakti"),
        "product": ProductFactory(village=village_a),
        "budget": VillageBudgetFactory(village=village_a, lines=True, status=PublishState.PUBLISHED),
        "village": village_a,
    }
