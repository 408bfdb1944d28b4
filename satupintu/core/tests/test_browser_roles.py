"""Each demo role, signed in through the real form in Chromium on a 390 px phone: where it lands, and every link it
is offered there and in the menu opens (200, not 403, not sent back to sign in) and fits the screen. The resident
of self-service (NIK + PIN) is walked the same way. Issue 13: an OPD admin was offered 9 links it could not open."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

PHONE = {"width": 390, "height": 844}
PASSWORD = "satupintu-demo"  # seed_demo's
LANDING = {
    "warga": "/aduan/saya/", "admin": "/staf/", "bupati": "/staf/", "admin_opd": "/staf/", "kepala_opd": "/staf/",
    "ppid_utama": "/staf/", "ppid_pupr": "/staf/", "operator_desa": "/staf/", "kades": "/staf/",
    "bidan": "/staf/", "capil_verifikator": "/staf/", "capil_pencatat": "/staf/",
    "pengelola_rsud": "/staf/", "petugas_poli_anak": "/staf/",
}
SIGN_IN = {"/akun/masuk/", "/penduduk/mandiri/masuk/"}  # a link that sends a signed-in user here did not open
OFFERED_JS = """() => [...document.querySelectorAll('main a[href], nav a[href]')].map(a => a.getAttribute('href'))"""


def _offered(page, base: str) -> list[str]:
    urls = []
    for href in page.evaluate(OFFERED_JS):
        parts = urlsplit(urljoin(page.url, href))
        if parts.netloc != urlsplit(base).netloc or parts.path.startswith(("/static/", "/media/")):
            continue
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url not in urls:
            urls.append(url)
    return urls


def _open(page, base: str, url: str):
    """(status, path landed on, content type) of `url` opened in the page — once: the server renders it once. A
    download (CSV/XLSX/PDF) does not open in the page; its answer is fetched instead."""
    try:
        response = page.goto(base + url)
    except PlaywrightError as exc:
        if "Download is starting" not in str(exc):
            raise
        response = page.request.get(base + url)
        return response.status, urlsplit(response.url).path, response.headers.get("content-type", "")
    return response.status, urlsplit(page.url).path, response.headers.get("content-type", "")


def _walk(page, base: str, role: str, failures: list[str]) -> int:
    links = _offered(page, base)
    for url in links:
        status, landed, kind = _open(page, base, url)
        if status != 200 or (landed in SIGN_IN and landed != urlsplit(url).path):
            failures.append(f"{role}: offered {url} ends at {landed} with {status}")
            continue
        if "text/html" not in kind:
            continue  # a CSV/XLSX download or a PDF: its 200 is what counts
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width > inner:
            failures.append(f"{role}: {url} is {width} px wide on a {inner} px screen")
    return len(links)


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_every_role_lands_on_its_work_and_every_offered_link_opens(chromium, live_server):
    call_command("seed_demo", residents=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    base = live_server.url
    failures: list[str] = []
    for role, landing in LANDING.items():
        context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
        context.set_default_timeout(20_000)
        page = context.new_page()
        try:
            page.goto(base + "/akun/masuk/")
            page.fill("input[name=username]", role)
            page.fill("input[name=password]", PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            assert urlsplit(page.url).path == landing, f"{role} landed on {page.url}"
            offered = _walk(page, base, role, failures)
            assert offered >= 5, f"{role} is offered only {offered} links"
        finally:
            context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.timeout(600)
def test_the_self_service_resident_is_offered_only_links_that_open(chromium, live_server):
    from satupintu.penduduk.demo import DEMO_PIN
    from satupintu.penduduk.models import ResidentCredential

    call_command("seed_demo", residents=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    nik = ResidentCredential.objects.select_related("resident").order_by("pk").first().resident.nik
    base = live_server.url
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
    page = context.new_page()
    failures: list[str] = []
    try:
        page.goto(base + "/penduduk/mandiri/masuk/")
        page.fill("input[name=nik]", nik)
        page.fill("input[name=pin]", DEMO_PIN)
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path.startswith("/penduduk/mandiri/"), page.url
        assert _walk(page, base, "mandiri", failures) >= 3
    finally:
        context.close()
    assert not failures, "\n".join(failures)
