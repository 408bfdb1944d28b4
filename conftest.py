"""Fixtures shared by every app's tests: a small regency, agencies, one user per role, and a phone-sized browser."""

import os
from pathlib import Path

import pytest

from satupintu.akun.roles import Role

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; every test starts (and ends) in Indonesian."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_memos():
    """Holidays, complaint settings and the intake form's choices are memoised per process (core.memo); every test
    starts from the database's truth, since ids are reused after a test's rollback."""
    from satupintu.core.memo import clear_all

    clear_all()
    yield
    clear_all()


@pytest.fixture
def regency(db):
    """Kabupaten Serdang Bedagai (12.18) with two districts and four villages (one a kelurahan)."""
    from satupintu.wilayah.models import District, Province, Regency, Village

    prov = Province.objects.create(code="12", name="Sumatera Utara")
    reg = Regency.objects.create(code="12.18", province=prov, name="Serdang Bedagai")
    d1 = District.objects.create(code="12.18.01", regency=reg, name="Kotarih")
    d2 = District.objects.create(code="12.18.02", regency=reg, name="Dolok Masihul")
    Village.objects.create(code="12.18.01.2001", district=d1, name="Sialtong", postal_code="20991", slug="sialtong")
    Village.objects.create(code="12.18.01.2002", district=d1, name="Kotarih Baru", postal_code="20991", slug="kotarih-baru")
    Village.objects.create(code="12.18.02.2001", district=d2, name="Bantan", postal_code="20991", slug="bantan")
    Village.objects.create(
        code="12.18.02.1001", district=d2, name="Pekan Dolok Masihul", kind=Village.Kind.KELURAHAN,
        postal_code="20991", slug="pekan-dolok-masihul",
    )
    return reg


@pytest.fixture
def village_a(regency):
    from satupintu.wilayah.models import Village

    return Village.objects.get(code="12.18.01.2001")


@pytest.fixture
def village_b(regency):
    from satupintu.wilayah.models import Village

    return Village.objects.get(code="12.18.02.2001")


@pytest.fixture
def agencies(db):
    """Diskominfo (PPID Utama), Dinas PUPR with a sub-unit (Bidang Bina Marga), Dinas Kesehatan."""
    from satupintu.organisasi.models import Agency

    kominfo = Agency.objects.create(
        name="Dinas Komunikasi dan Informatika", short_name="Diskominfo", slug="diskominfo", kind=Agency.Kind.DINAS,
        is_ppid_utama=True, email="diskominfo@example.id",
    )
    pupr = Agency.objects.create(
        name="Dinas Pekerjaan Umum dan Penataan Ruang", short_name="Dinas PUPR", slug="dinas-pupr", kind=Agency.Kind.DINAS,
        email="pupr@example.id",
    )
    bina_marga = Agency.objects.create(
        name="Bidang Bina Marga", short_name="Bina Marga", slug="bina-marga", kind=Agency.Kind.SUB_UNIT, parent=pupr
    )
    dinkes = Agency.objects.create(
        name="Dinas Kesehatan", short_name="Dinkes", slug="dinkes", kind=Agency.Kind.DINAS, email="dinkes@example.id"
    )
    return {"diskominfo": kominfo, "pupr": pupr, "bina_marga": bina_marga, "dinkes": dinkes}


@pytest.fixture
def users(regency, agencies, village_a, village_b):
    """One user per role. Password for all: `rahasia-demo-123`."""
    from satupintu.akun.tests.factories import UserFactory

    make = UserFactory
    return {
        "citizen": make(username="warga", role=Role.CITIZEN, phone="6281234567890"),
        "citizen2": make(username="warga2", role=Role.CITIZEN),
        "village_operator": make(username="operator_a", role=Role.VILLAGE_OPERATOR, village=village_a),
        "village_head": make(username="kades_a", role=Role.VILLAGE_HEAD, village=village_a),
        "village_operator_b": make(username="operator_b", role=Role.VILLAGE_OPERATOR, village=village_b),
        "opd_admin": make(username="admin_pupr", role=Role.OPD_ADMIN, agency=agencies["pupr"]),
        "opd_head": make(username="kepala_pupr", role=Role.OPD_HEAD, agency=agencies["pupr"]),
        "opd_admin_b": make(username="admin_dinkes", role=Role.OPD_ADMIN, agency=agencies["dinkes"]),
        "opd_head_b": make(username="kepala_dinkes", role=Role.OPD_HEAD, agency=agencies["dinkes"]),
        "ppid_utama": make(username="ppid_utama", role=Role.PPID_OFFICER, agency=agencies["diskominfo"]),
        "ppid_pupr": make(username="ppid_pupr", role=Role.PPID_OFFICER, agency=agencies["pupr"]),
        "regency_admin": make(username="admin_kab", role=Role.REGENCY_ADMIN, is_staff=True),
        "regent": make(username="bupati", role=Role.REGENT),
    }


# --- A migrated database for tests' own processes ------------------------------------------------------------
_MIGRATED = pytest.StashKey()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_use_migrations, request,
                    tmp_path_factory):
    """pytest-django's, and: when a test of the session asks for `migrated_database`, the test database, freshly
    migrated and not yet touched by any test, is kept as that fixture's template (satupintu/core/tests/
    migrated_database.py)."""
    from pytest_django.fixtures import _get_databases_for_setup

    from satupintu.core.tests.migrated_database import MigratedDatabase

    migrated = None
    if any("migrated_database" in getattr(item, "fixturenames", ()) for item in request.session.items):
        migrated = MigratedDatabase(tmp_path_factory.mktemp("migrated"))
        fresh = "default" in _get_databases_for_setup(request.session.items)[0]
        if fresh and django_db_use_migrations and not django_db_keepdb:
            with django_db_blocker.unblock():
                migrated.keep_test_database()
    request.config.stash[_MIGRATED] = migrated
    yield
    if migrated is not None:
        migrated.close()


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, request):
    """Copies of a freshly migrated database for a test's servers and workers (`.copy(name, folder)` -> URL)."""
    migrated = request.config.stash[_MIGRATED]
    if migrated.template is None:
        migrated.migrate_in_subprocess()
    return migrated


# --- Browser tests -------------------------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install it with `apt-get install chromium`.")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium, request):
    """A fresh phone-sized page (390x844, touch). Screenshots go to test-artifacts/<test name>/."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    artifacts = ARTIFACTS / request.node.name
    artifacts.mkdir(parents=True, exist_ok=True)
    page.artifacts = artifacts  # type: ignore[attr-defined]
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        page.screenshot(path=str(artifacts / "failure.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
