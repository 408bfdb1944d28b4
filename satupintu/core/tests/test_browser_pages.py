"""Every public page of the demo regency on a 390 px phone in real Chromium: no sideways scrolling (bug 7), under
200 KB on first load, no Content-Security-Policy violation, and the basics of accessibility (lang, labels, alt text,
names of buttons and links, unique ids). Writes the screenshots of the home page, the complaint form and a letter
(page 1 of its PDF) to test-artifacts/screenshots/after/.

The pages are found the way a visitor finds them: crawling from the home page with Django's client (fast), then one
page per URL pattern (route) is opened in the browser, plus the pages reached only by a private link (a complaint's
follow link, an information request's tracking link, a letter's verification link)."""

from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 390, "height": 844}  # as conftest.py's phone_page
MAX_CRAWL = 400
MAX_BYTES = 200_000
SKIP = ("/admin/", "/akun/keluar/", "/i18n/", "/static/", "/media/", "/staf/")
SKIP_ROUTES = {"desa:sitemap_section", "sitemap", "desa:feed"}
SHOTS = ARTIFACTS / "screenshots" / "after"

# In the page: the accessibility basics an automated checker can judge without a download.
A11Y_JS = """() => {
  const problems = [];
  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('html without lang');
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    if (el.closest('[aria-hidden=true]')) continue;  // the honeypot
    const named = el.labels.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title;
    if (!named) problems.push('input without label: ' + el.outerHTML.slice(0, 120));
  }
  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('a[href], button')) {
    if (!visible(el)) continue;
    const name = (el.textContent || '').trim() || el.getAttribute('aria-label') || el.title
      || [...el.querySelectorAll('img[alt]')].map(i => i.alt).join('');
    if (!name) problems.push('link/button without a name: ' + el.outerHTML.slice(0, 120));
  }
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) ids[el.id] = (ids[el.id] || 0) + 1;
  for (const [id, n] of Object.entries(ids)) if (n > 1) problems.push('duplicate id ' + id);
  if (!document.querySelector('main')) problems.push('no <main>');
  if (document.querySelectorAll('h1').length !== 1) problems.push(document.querySelectorAll('h1').length + ' h1');
  return problems;
}"""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links += [value for name, value in attrs if name == "href" and value]


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or match.route)


def public_pages(client) -> dict[str, str]:
    """route -> one URL of it, for every HTML page an anonymous visitor reaches, plus private-link pages."""
    from satupintu.aduan.models import Complaint
    from satupintu.ppid.models import InfoRequest
    from satupintu.surat.models import LetterRequest

    start = ["/", "/aduan/lapor/", "/aduan/lacak/", "/ppid/permohonan/", "/ppid/lacak/", "/surat/verifikasi/",
             "/penduduk/mandiri/masuk/", "/penduduk/mandiri/daftar/", "/akun/masuk/", "/akun/lupa-sandi/"]
    complaint = Complaint.objects.filter(is_public=True).first()
    start.append(f"/aduan/ikuti/{complaint.follow_token}/")
    request = InfoRequest.objects.first()
    start.append(f"/ppid/p/{request.follow_token}/")
    letter = LetterRequest.objects.exclude(verification_token=None).first()
    start.append(f"/surat/v/{letter.verification_token}/")
    pages: dict[str, str] = {}
    queue, seen, crawled = deque(start), set(start), 0
    while queue and crawled < MAX_CRAWL:
        url = queue.popleft()
        route = _route(urlsplit(url).path)
        if route is None or route in SKIP_ROUTES:
            continue
        if route in pages and url not in start:
            continue  # one page per pattern is enough for the browser; the crawl goes on from new patterns only
        response = client.get(url)
        crawled += 1
        if response.status_code != 200 or response.streaming or "html" not in response.get("Content-Type", ""):
            continue
        pages.setdefault(route, url)
        parser = _Links()
        parser.feed(response.content.decode("utf-8", errors="replace"))
        for link in parser.links:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
            if target.startswith(SKIP) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return pages


def _open(chromium, url: str):
    """A fresh phone context (empty cache: a first visit) with the page loaded; returns (context, page, bytes, csp)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                   locale="id-ID")
    context.set_default_timeout(20_000)
    page = context.new_page()
    finished, violations = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    total = 0
    for request in finished:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return context, page, total, violations


@pytest.mark.browser
@pytest.mark.timeout(900)
def test_every_public_page_fits_a_phone_is_light_and_accessible(chromium, live_server, client):
    call_command("seed_demo", residents=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    pages = public_pages(client)
    for route in ("core:home", "aduan:submit", "aduan:list", "aduan:status", "aduan:follow", "ppid:request_create",
                  "ppid:dip_list", "surat:verify", "surat:verify_lookup", "desa:portal", "desa:catalogue",
                  "akun:login", "penduduk:mandiri_login"):
        assert route in pages, f"{route} not reached; reached: {sorted(pages)}"
    assert len(pages) >= 25, sorted(pages)

    SHOTS.mkdir(parents=True, exist_ok=True)
    failures, report = [], []
    for route, url in sorted(pages.items()):
        context, page, size, violations = _open(chromium, live_server.url + url)
        try:
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            problems = page.evaluate(A11Y_JS)
            report.append(f"{size / 1000:7.1f} KB  {width}/{inner}px  {url}")
            if width > inner:
                failures.append(f"{url}: {width} px wide on a {inner} px screen")
                page.screenshot(path=str(SHOTS.parent / f"too-wide-{route.replace(':', '-')}.png"), full_page=True)
            if size > MAX_BYTES:
                failures.append(f"{url}: {size} bytes on first load")
            failures += [f"{url}: CSP: {v[:200]}" for v in violations]
            failures += [f"{url}: {p}" for p in problems]
            if route == "core:home":
                # The phone header is one compact row: the menu opens on demand, without JavaScript.
                header = page.locator(".site-header").bounding_box()
                assert header is not None and header["height"] <= 80, header
                page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
            elif route == "aduan:submit":
                page.screenshot(path=str(SHOTS / "aduan-lapor.png"), full_page=True)
        finally:
            context.close()
    (SHOTS.parent / "pages.txt").write_text("\n".join(report) + "\n")
    assert not failures, "\n".join(failures)
    _letter_screenshot()


def _letter_screenshot():
    """Page 1 of a signed demo letter's PDF at 390 CSS px (2x), as the letter reaches the resident."""
    pdfium = pytest.importorskip("pypdfium2")
    from satupintu.surat.models import LetterRequest

    letter = LetterRequest.objects.exclude(pdf="").order_by("pk").first()
    with letter.pdf.open("rb") as fh:
        document = pdfium.PdfDocument(fh.read())
    try:
        first = document[0]
        first.render(scale=2 * PHONE["width"] / first.get_width()).to_pil().save(SHOTS / "surat-pdf.png")
    finally:
        document.close()


@pytest.mark.browser
def test_phone_menu_opens_without_javascript(chromium, live_server, db):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        menu = page.locator("details.site-menu")
        assert not page.get_by_role("link", name="Aduan", exact=True).first.is_visible()
        menu.locator("summary").click()
        assert menu.get_by_role("link", name="Aduan", exact=True).is_visible()
        assert menu.get_by_role("button", name="Ganti").is_visible()  # the language switch works without JS too
        page.screenshot(path=str(Path(SHOTS.parent / "menu-open.png")))
    finally:
        context.close()


@pytest.mark.browser
def test_admin_works_under_the_policy(chromium, live_server, users):
    """The admin's own scripts run (no CSP violation) and its pages open, logo upload form included."""
    admin = users["regency_admin"]
    admin.is_superuser = True
    admin.set_password("rahasia-demo-123")
    admin.save()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", admin.username)
        page.fill("#id_password", "rahasia-demo-123")
        page.click("input[type=submit]")
        for path in ("/admin/", "/admin/core/regencylogo/add/", "/admin/akun/user/", f"/admin/akun/user/{admin.pk}/change/"):
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle")
        # The admin's JavaScript ran: the change form's "show/hide" collapsible fieldsets and date shortcuts need it.
        assert page.evaluate("typeof window.django === 'object' && typeof window.django.jQuery === 'function'")
    finally:
        context.close()
    assert violations == []


@pytest.mark.browser
def test_scripts_moved_to_static_files_still_work(phone_page, live_server, regency, agencies):
    """The language switch submits on change, the PPID form hides the copy fields unless a copy is asked for, the
    complaint form offers the location button: all from static files, under the policy."""
    page = phone_page
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/ppid/permohonan/")
    copy_field = page.locator("#id_copy_format")
    page.get_by_label("Melihat/membaca/mendengarkan/mencatat").check()
    assert not copy_field.is_visible()
    page.get_by_label("Mendapatkan salinan informasi").check()
    assert copy_field.is_visible()

    page.goto(f"{live_server.url}/aduan/lapor/")
    assert page.locator("#use-location").is_visible()

    page.locator("details.site-menu summary").click()
    assert not page.locator(".site-menu [data-autosubmit-button]").is_visible()  # JavaScript submits on change
    with page.expect_navigation():
        page.locator("#lang-menu").select_option("en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Send report").is_visible()
    assert violations == []
