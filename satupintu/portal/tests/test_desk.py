"""The staff desk (issue 13, bug 4): each role is offered only what it may open, with the counts of what waits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from satupintu.portal.desk import ENTRIES, desk_for

pytestmark = pytest.mark.django_db

STAFF = ["regency_admin", "regent", "opd_admin", "opd_head", "ppid_utama", "ppid_pupr", "village_operator",
         "village_head"]
ENTRY_LINK = re.compile(r'<li class="card desk-entry"><a href="([^"]+)">([^<]+)</a>')


def offered(client, user) -> dict[str, str]:
    client.force_login(user)
    response = client.get("/staf/")
    assert response.status_code == 200
    return {label: url.replace("&amp;", "&") for url, label in ENTRY_LINK.findall(response.content.decode())}


@pytest.fixture
def work(users, agencies, village_a, categories_for_desk):
    """Two new reports (one late), one at Dinas PUPR, one PPID request (late), one draft article in village A."""
    from satupintu.aduan import services as aduan
    from satupintu.aduan.models import Complaint
    from satupintu.desa.models import Article
    from satupintu.ppid import services as ppid
    from satupintu.ppid.tests.conftest import request_input

    def report(title):
        return aduan.complaint_submit(kind="pengaduan", title=title, description="Lubang besar di jalan desa.",
                                      category=categories_for_desk, village=village_a, reporter_name="Budi",
                                      reporter_phone="081234567890")

    report("Jalan berlubang satu")
    late = report("Jalan berlubang dua")
    Complaint.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=3))
    at_pupr = report("Jembatan retak")
    aduan.complaint_verify(complaint=at_pupr, by=users["regency_admin"], agency=agencies["pupr"])
    request = ppid.info_request_submit(data=request_input())
    type(request).objects.filter(pk=request.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    Article.objects.create(village=village_a, title="Musdes", slug="musdes", body="Rapat desa.")


@pytest.fixture
def categories_for_desk(agencies):
    from satupintu.aduan.models import Category

    return Category.objects.create(name="Jalan rusak", slug="jalan-rusak", default_agency=agencies["pupr"])


@pytest.mark.parametrize("role", STAFF)
def test_every_link_offered_opens_and_every_other_is_refused(client, users, work, role):
    user = users[role]
    links = offered(client, user)
    assert links, f"{role} has work on the desk"
    for label, url in links.items():
        assert client.get(url).status_code == 200, f"{role}: {label} ({url}) is offered but does not open"
    offered_urls = set(links.values())
    for entry in ENTRIES:
        url = entry.url(user)
        if url in offered_urls:
            continue
        status = client.get(url).status_code
        # Not offered: either refused, or (a queue that is not this role's work) the role could read it but it
        # is another role's task; a refused link must never be offered, checked above from the other side.
        if status != 200:
            assert status in {302, 403, 404}, (role, url, status)


def test_opd_admin_sees_only_its_own_work(client, users, work):
    links = offered(client, users["opd_admin"])
    assert set(links) == {
        "Aduan perlu ditindaklanjuti", "Aduan terlambat", "Semua aduan dalam cakupan Anda",
        "Tempel unggahan medsos/grup WA", "Hari libur dan hari kerja",
    }


def test_the_village_operator_gets_letters_and_the_site_not_ppid(client, users, work):
    links = offered(client, users["village_operator"])
    assert "Surat perlu diperiksa" in links and "Situs desa: draf belum terbit" in links
    assert "Surat menunggu tanda tangan" not in links  # the village head signs
    assert not [label for label in links if "Permohonan" in label or "PPID" in label]


def test_counts_are_what_waits_for_each_user(users, work):
    def counts(role):
        return {item.label: item.count for item in desk_for(users[role]) if item.count is not None}

    admin = counts("regency_admin")
    assert admin["Aduan perlu diverifikasi"] == 2
    assert admin["Aduan perlu diteruskan ke OPD"] == 0
    assert admin["Aduan terlambat"] == 1
    assert admin["Permohonan informasi terbuka"] == 1 and admin["Permohonan informasi terlambat"] == 1
    assert admin["Permohonan mendekati batas waktu (2 hari kerja)"] == 0
    assert admin["Situs desa: draf belum terbit"] == 1
    opd = counts("opd_admin")
    assert opd == {"Aduan perlu ditindaklanjuti": 1, "Aduan terlambat": 0}
    assert counts("opd_head") == {"Jawaban aduan perlu disetujui": 0, "Aduan terlambat": 0,
                                  "SPM menunggu tanda tangan PA/KPA": 0}  # the head is also the agency's PA
    assert counts("ppid_utama")["Permohonan informasi terbuka"] == 1
    assert counts("ppid_pupr")["Permohonan informasi terbuka"] == 0  # not forwarded to PUPR
    assert counts("village_operator")["Situs desa: draf belum terbit"] == 1
    assert counts("village_operator")["Aduan terlambat"] == 1


def test_a_count_over_the_cap_is_shown_capped(client, users, monkeypatch, work):
    monkeypatch.setattr("satupintu.portal.desk.COUNT_CAP", 1)
    client.force_login(users["regency_admin"])
    assert "1+" in client.get("/staf/").content.decode()


@pytest.mark.parametrize(("role", "queries"), [
    ("regency_admin", 12), ("regent", 7), ("opd_admin", 4), ("opd_head", 5), ("ppid_utama", 5), ("village_operator", 3),
])
def test_desk_query_count_is_pinned(users, work, role, queries):
    """One query per count, none per link (an OPD's counts also read its sub-unit tree: one query more each)."""
    user = users[role]
    desk_for(user)  # warm per-process memos (holidays) and the user's cached relations
    with CaptureQueriesContext(connection) as ctx:
        items = desk_for(user)
    assert len(ctx.captured_queries) == queries, [q["sql"][:150] for q in ctx.captured_queries]
    assert len(ctx.captured_queries) <= 2 * sum(1 for item in items if item.count is not None)


@pytest.mark.parametrize("role", ["regency_admin", "opd_admin", "village_operator"])
def test_the_desk_offers_two_step_verification(client, users, role):
    """Staff who read personal data find the second factor from their desk; the link opens."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = users[role]
    client.force_login(user)
    html = client.get("/staf/").content.decode()
    assert 'data-testid="two-factor">belum aktif' in html and 'href="/akun/dua-langkah/"' in html
    assert client.get("/akun/dua-langkah/").status_code == 200
    TOTPDevice.objects.create(user=user, name="aplikasi", confirmed=True)
    assert 'data-testid="two-factor">aktif' in client.get("/staf/").content.decode()
