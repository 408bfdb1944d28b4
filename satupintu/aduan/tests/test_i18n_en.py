"""The public complaint pages and the staff queue speak English when the browser asks for it (Accept-Language: en)
and stay Indonesian otherwise; the English comes from satupintu/aduan/locale/en."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from satupintu.aduan import services
from satupintu.aduan.models import Status
from satupintu.aduan.services import MAX_ATTACHMENTS

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def english(client, url, **params):
    response = client.get(url, params, **EN)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def forwarded(submit, users, agencies):
    """A verified report forwarded to Dinas PUPR: public, with a responsible agency and a timeline."""
    # Filed before any English request: the test client leaves the last request's language active.
    with translation.override("id"):
        complaint = submit()
        services.complaint_verify(complaint=complaint, by=users["regency_admin"], agency=agencies["pupr"])
    return complaint


def test_submit_form_in_english_and_indonesian_by_default(client, categories):
    url = reverse("aduan:submit")
    html = english(client, url)
    assert "Submit a report" in html
    assert "Complaints, suggestions or information requests for the regency government." in html
    assert "Type of report" in html
    assert "Suggestion" in html and "Information request" in html  # the kinds (choices)
    assert "Village where it happened" in html
    assert "Anonymous: hide my identity from the agency and the public" in html
    assert "Confidential: the report details are not shown to the public" in html
    assert "Your contact details" in html and "Mark my current location" in html
    # Formatted per request: a class-level `_(...) % {...}` would stay Indonesian.
    assert f"Up to {MAX_ATTACHMENTS} JPG, PNG, WEBP or PDF files, each no larger than 5 MB." in html
    assert ">Complaints</a>" in html  # the menu entry
    assert "Sampaikan laporan" not in html and "Aspirasi" not in html
    assert "Kontak Anda" not in html and "Paling banyak" not in html

    default = client.get(url).content.decode()
    assert "Sampaikan laporan" in default
    assert f"Paling banyak {MAX_ATTACHMENTS} berkas" in default
    assert "Submit a report" not in default and "Up to " not in default


def test_field_errors_in_english(client, categories):
    response = client.post(reverse("aduan:submit"), {"kind": "pengaduan", "reporter_email": "bukan-email"}, **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The report title is required." in html
    assert "The report details are required." in html
    assert "The email address is not valid." in html
    assert "Enter a WhatsApp number or an email address so that we can keep you updated." in html
    assert "Enter your name, or tick Anonymous." in html
    assert "Judul laporan wajib diisi." not in html and "Alamat email tidak valid." not in html
    assert "Isi nomor WhatsApp atau email" not in html


def test_public_list_in_english(client, forwarded):
    url = reverse("aduan:list")
    html = english(client, url)
    assert "Citizen reports" in html and "Filter and search" in html and "Clear filters" in html
    # "OPD" as a label carries a context: organisasi's plain "OPD" is the lower-case field name "agency".
    assert '<label for="id_agency">Agency</label>' in html
    assert "All agencies" in html and "All statuses" in html and "All types" in html
    assert '<option value="closed">Closed</option>' in html  # the status "Selesai", not penduduk's "Done"
    assert "Forwarded to the agency" in html  # the status badge
    assert "<span>Page 1 · 1 report</span>" in html  # the singular form
    assert "Confidential reports and reporters" in html
    assert "Laporan warga" not in html and "Diteruskan ke OPD" not in html and "Semua OPD" not in html
    assert '<label for="id_agency">agency</label>' not in html and ">Done<" not in html
    # The data itself is not translated: the title stays as the citizen wrote it.
    assert forwarded.title in html

    default = client.get(url).content.decode()
    assert "Laporan warga" in default and '<label for="id_agency">OPD</label>' in default
    assert '<option value="closed">Selesai</option>' in default
    assert "Citizen reports" not in default


def test_status_page_in_english(client, forwarded):
    url = reverse("aduan:status", args=[forwarded.tracking_code])
    html = english(client, url)
    assert f"Report {forwarded.tracking_code}" in html
    assert "<dt>Type</dt>" in html and "<dt>Responsible agency</dt>" in html
    assert "<dt>Deadline for this stage</dt>" in html
    assert "Forwarded to the agency" in html  # the status label
    assert "Report received" in html and "Report verified" in html  # the timeline
    assert "Forwarded to Dinas PUPR" in html
    assert "Laporan diterima" not in html and "OPD penanggung jawab" not in html
    assert "Batas waktu tahap ini" not in html and "Diteruskan ke" not in html

    default = client.get(url).content.decode()
    assert "Laporan diterima" in default and "<dt>OPD penanggung jawab</dt>" in default
    assert "Report received" not in default


def test_statistics_page_in_english(client, forwarded):
    html = english(client, reverse("aduan:stats"))
    assert f"Complaint statistics by agency, {timezone.localdate().year}" in html
    assert "<th>Agency</th>" in html and "<th>Median working days to answer</th>" in html
    assert "<th>Late (open)</th>" in html and "<th>By channel</th>" in html
    assert "Received and answered" in html
    assert "Statistik aduan per OPD" not in html and "<th>OPD</th>" not in html and "<th>agency</th>" not in html
    assert "Median hari kerja" not in html


def test_rejection_reason_in_english(client, submit, users):
    with translation.override("id"):
        complaint = submit()
        services.complaint_reject(complaint=complaint, by=users["regency_admin"], reason="Laporan ganda.")
    url = reverse("aduan:follow", args=[complaint.follow_token])
    html = english(client, url)
    assert "<dt>Reason</dt>" in html  # "Keterangan" here is the reason for the rejection, not penduduk's "Note"
    assert "Report cannot be processed" in html and "Rejected" in html
    assert "<dt>Note</dt>" not in html and "<dt>Keterangan</dt>" not in html
    assert "<dt>Keterangan</dt>" in client.get(url).content.decode()


def test_staff_queue_detail_and_export_in_english(client, submit, users, forwarded):
    with translation.override("id"):
        received = submit(title="Sampah menumpuk di pasar")
    client.force_login(users["regency_admin"])
    url = reverse("aduan:queue", args=["all"])
    html = english(client, url)
    assert "Complaint queue" in html
    for tab in ("To verify", "To forward", "To answer", "To approve"):
        assert f"{tab} <span" in html
    assert "Download CSV" in html and "Late complaints by agency" in html
    assert '<label for="id_agency">Agency</label>' in html
    assert "<span>Page 1 · 2 reports</span>" in html  # the plural form
    assert "Antrean aduan" not in html and "Perlu diverifikasi" not in html and "Unduh CSV" not in html

    default = client.get(url).content.decode()
    assert "Antrean aduan" in default and "Perlu diverifikasi" in default
    assert "Complaint queue" not in default

    # The action buttons (labels defined in the view) are in the catalogue too.
    detail = english(client, reverse("aduan:staff_detail", args=[received.tracking_code]))
    assert "<h2>Actions</h2>" in detail
    assert "<summary>Verify</summary>" in detail and "<summary>Reject</summary>" in detail
    assert "<summary>Mark as duplicate</summary>" in detail
    assert "Verifikasi" not in detail and "Tandai duplikat" not in detail

    csv = client.get(reverse("aduan:export", args=["all"]), **EN).content.decode()
    assert csv.splitlines()[0] == "Code,Received,Type,Title,Category,Village,Agency,Status,Deadline,Late,Reporter,Channel"


# Django keeps ONE translation per identical msgid across every app's catalogue (the app earlier in INSTALLED_APPS
# wins; aduan comes after penduduk and notifikasi, before ppid, surat and desa). Where aduan means something else
# by a shared word, it carries a context; these checks pin the resolution.
@pytest.mark.parametrize(("context", "msgid", "plain", "with_context"), [
    ("OPD penanggung jawab aduan", "OPD", "agency", "Agency"),  # organisasi field name vs aduan labels/columns
    ("status aduan", "Selesai", "Done", "Closed"),  # penduduk "done" vs the complaint status
    ("alasan penolakan aduan", "Keterangan", "Note", "Reason"),  # penduduk note vs the rejection reason
    ("menu layanan aduan", "Aduan", "Complaint", "Complaints"),  # notifikasi column vs the menu entry
])
def test_words_shared_with_other_apps_resolve_per_meaning(context, msgid, plain, with_context):
    with translation.override("en"):
        assert gettext(msgid) == plain
        assert pgettext(context, msgid) == with_context
    with translation.override("id"):
        assert pgettext(context, msgid) == msgid


def test_status_label_closed_in_english():
    with translation.override("en"):
        assert str(Status.CLOSED.label) == "Closed"
        assert str(Status.ASSIGNED.label) == "Forwarded to the agency"
    with translation.override("id"):
        assert str(Status.CLOSED.label) == "Selesai"
