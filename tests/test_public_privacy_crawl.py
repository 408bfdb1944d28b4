"""Nothing private reaches the public: with the demo regency loaded, an anonymous visitor crawls every page reachable
from the home page (and the feeds, sitemaps and downloads they link) and never sees a resident's NIK or KK number, an
anonymous reporter's name, phone or e-mail, a confidential complaint, or an information requester's ID number."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

MAX_PAGES = 600
SKIP = ("/admin/", "/akun/keluar/", "/i18n/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _secrets() -> dict[str, str]:
    from satupintu.aduan.models import Complaint
    from satupintu.penduduk.models import Family, Resident
    from satupintu.ppid.models import InfoRequest

    secrets: dict[str, str] = {}
    for nik in Resident.objects.values_list("nik", flat=True):
        secrets[nik] = "NIK of a resident"
    for kk in Family.objects.values_list("kk_number", flat=True):
        secrets[kk] = "KK number"
    for c in Complaint.objects.filter(is_anonymous=True):
        for value in (c.reporter_name, c.reporter_phone, c.reporter_email):
            if value and len(value) >= 6:
                secrets[value] = f"identity of the anonymous reporter of {c.tracking_code}"
    public_texts = set(Complaint.objects.filter(is_confidential=False).values_list("title", flat=True))
    public_texts |= set(Complaint.objects.filter(is_confidential=False).values_list("description", flat=True))
    for c in Complaint.objects.filter(is_confidential=True):
        # Its tracking code is known only to the reporter; its texts are secret unless a public report says the same.
        secrets[c.tracking_code] = f"confidential complaint {c.tracking_code} listed"
        for text in (c.title, c.description):
            if text not in public_texts:
                secrets[text] = f"text of confidential complaint {c.tracking_code}"
    for r in InfoRequest.objects.exclude(id_number=""):
        secrets[r.id_number] = f"ID number of information requester {r.number}"
    # The public archive of answered requests (ppid) shows redacted copies: never a requester's name or contact.
    for r in InfoRequest.objects.all():
        for value in (r.requester_name, r.phone, r.email):
            if value and len(value) >= 6:
                secrets[value] = f"identity of information requester {r.number}"
    return secrets


@pytest.mark.django_db(transaction=True)
def test_anonymous_crawl_of_the_demo_regency_leaks_nothing_private(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    secrets = _secrets()
    from satupintu.aduan.models import Complaint

    assert Complaint.objects.filter(is_anonymous=True).exists(), "the demo must contain anonymous reports"
    assert Complaint.objects.filter(is_confidential=True).exists(), "the demo must contain confidential reports"
    assert len([s for s in secrets.values() if s.startswith("NIK")]) >= 500

    start = ["/", "/aduan/", "/ppid/", "/desa/", "/desa/lapak/", "/surat/verifikasi/", "/sitemap.xml"]
    queue, seen, leaks, crawled = deque(start), set(start), [], 0
    while queue and crawled < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        crawled += 1
        if response.status_code != 200 or response.streaming:
            continue
        body = response.content.decode("utf-8", errors="replace")
        for secret, what in secrets.items():
            if secret in body:
                leaks.append(f"{url}: {what}")
        content_type = response.get("Content-Type", "")
        if "html" not in content_type and "xml" not in content_type:
            continue
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc not in ("", "testserver"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else "")
            if target.startswith(SKIP) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    assert crawled > 80, f"the crawl reached only {crawled} pages"
    assert not leaks, "\n".join(sorted(set(leaks))[:50])
