"""The pages: a parent registers with NIK and KK (no number in any URL), follows the secret link, uploads, submits;
the operator verifies; the office runs the selection; the parent sees the result and its reason; the live ranking;
the reports; the desk."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from satupintu.portal.desk import desk_for

from .. import selectors
from ..models import Registration, SchoolYear, Status
from . import factories as f

pytestmark = pytest.mark.django_db


def form_data(kid, schools, **kw):
    data = {"nik": kid.nik, "kk_number": kid.family.kk_number, "level": "smp", "track": "domisili",
            "school_1": schools[0].pk, "school_2": schools[1].pk if len(schools) > 1 else "", "school_3": "",
            "domicile_basis": "kk", "kk_since": "2019-05-01", "latitude": "3.001", "longitude": "99.0",
            "parent_name": "Siti Aminah", "parent_phone": "0812 3456 7890"}
    data.update(kw)
    return data


def test_parent_registers_then_follows_uploads_and_submits(client, year, smp, kid, operator):
    page = client.get("/spmb/daftar/")
    assert page.status_code == 200
    # Checking the child shows masked facts only.
    checked = client.post("/spmb/daftar/", {"nik": kid.nik, "kk_number": kid.family.kk_number, "check": "1"})
    html = checked.content.decode()
    assert 'data-testid="child-facts"' in html and "A** L******" in html
    assert kid.nik not in html.replace(f'value="{kid.nik}"', "")  # only echoed back into its own input
    response = client.post("/spmb/daftar/", form_data(kid, smp))
    reg = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/spmb/ikuti/{reg.access_token}/"
    assert kid.nik not in response["Location"]
    follow = client.get(response["Location"])
    html = follow.content.decode()
    assert reg.number in html and "A** L******" in html and kid.nik not in html and "Ani Lestari" not in html
    assert follow["Referrer-Policy"] == "same-origin"
    for kind in ("kk", "birth"):
        client.post(f"/spmb/ikuti/{reg.access_token}/dokumen/", {"kind": kind, "file": f.upload(f"{kind}.png")})
    client.post(f"/spmb/ikuti/{reg.access_token}/kirim/")
    reg.refresh_from_db()
    assert reg.status == Status.SUBMITTED and reg.documents.count() == 2


def test_unknown_child_is_refused_with_what_to_do(client, year, smp, kid):
    html = client.post("/spmb/daftar/", form_data(kid, smp, kk_number="1218010101999999")).content.decode()
    assert "Data anak tidak ditemukan di data kependudukan" in html and "Disdukcapil" in html
    assert not Registration.objects.exists()


def test_failed_lookups_are_limited_per_address(client, year, smp, kid, settings):
    settings.SPMB_FAILED_LOOKUPS_PER_HOUR = 2
    for _ in range(3):  # matches cost nothing
        ok = client.post("/spmb/daftar/", {"nik": kid.nik, "kk_number": kid.family.kk_number, "check": "1"})
        assert 'data-testid="child-facts"' in ok.content.decode()
    for _ in range(2):
        client.post("/spmb/daftar/", {"nik": kid.nik, "kk_number": "1218010101999999", "check": "1"})
    html = client.post("/spmb/daftar/", {"nik": kid.nik, "kk_number": kid.family.kk_number, "check": "1"}).content
    assert "Terlalu banyak percobaan" in html.decode()


def test_operator_verifies_from_the_desk_and_another_school_gets_404(client, year, smp, kid, operator):
    reg = f.register(year, kid, smp, state=Status.SUBMITTED)
    client.force_login(operator)
    assert reg.number in client.get("/spmb/staf/pendaftaran/?status=submitted").content.decode()
    detail = client.get(f"/spmb/staf/pendaftaran/{reg.pk}/")
    assert 'data-testid="verify"' in detail.content.decode()
    doc = reg.documents.first()
    download = client.get(f"/spmb/staf/dokumen/{doc.pk}/")
    assert download.status_code == 200 and download["Content-Security-Policy"] == "sandbox"
    client.post(f"/spmb/staf/pendaftaran/{reg.pk}/verifikasi/", {"note": ""})
    reg.refresh_from_db()
    assert reg.status == Status.VERIFIED
    other = f.school_operator(smp[1])
    client.force_login(other)
    assert client.get(f"/spmb/staf/pendaftaran/{reg.pk}/").status_code == 404
    assert client.get(f"/spmb/staf/dokumen/{doc.pk}/").status_code == 404
    assert client.get("/spmb/staf/tahun/").status_code == 403  # set-up is the education office's


def test_return_needs_a_reason_and_the_parent_sees_it(client, year, smp, kid, operator):
    reg = f.register(year, kid, smp, state=Status.SUBMITTED)
    client.force_login(operator)
    client.post(f"/spmb/staf/pendaftaran/{reg.pk}/kembalikan/", {"note": ""})
    reg.refresh_from_db()
    assert reg.status == Status.SUBMITTED
    client.post(f"/spmb/staf/pendaftaran/{reg.pk}/kembalikan/", {"note": "Akta kelahiran terpotong"})
    client.logout()
    html = client.get(f"/spmb/ikuti/{reg.access_token}/").content.decode()
    assert "Akta kelahiran terpotong" in html and "Dikembalikan untuk diperbaiki" in html


def test_office_runs_selection_and_the_parent_sees_result_and_reason(client, year, smp, village_a, office):
    regs = [f.register(year, f.child(village_a, name=f"Anak Uji{i}"), smp, state=Status.VERIFIED, by=office,
                       lat=3.001 + i * 0.001) for i in range(6)]
    past = timezone.now() - timedelta(hours=1)
    SchoolYear.objects.filter(pk=year.pk).update(registration_closes=past - timedelta(hours=1),
                                                 verification_closes=past)
    client.force_login(office)
    client.post("/spmb/staf/seleksi/", {"step": "run"})
    assert SchoolYear.objects.get(pk=year.pk).selection_digest
    client.post("/spmb/staf/seleksi/", {"step": "announce"})
    client.logout()
    last = regs[-1]
    html = client.get(f"/spmb/ikuti/{last.access_token}/").content.decode()
    assert "Diterima di SMP Negeri 2 (pilihan ke-2)" in html
    assert "Aturan penentu: jarak terdekat" in html and "penuh oleh anak dengan peringkat lebih tinggi" in html
    lookup = client.get("/spmb/hasil/", {"number": last.number.lower()}).content.decode()
    assert "Diterima di SMP Negeri 2" in lookup and "A*** U***" in lookup and "Anak Uji5" not in lookup
    # An objection from the result page becomes a complaint.
    client.post(f"/spmb/ikuti/{last.access_token}/keberatan/",
                {"text": "Jarak rumah kami ke SMP 1 lebih dekat dari yang dihitung."})
    from satupintu.aduan.models import Complaint

    assert Complaint.objects.filter(title__contains=last.number).exists()
    # Reports for the office, through core/exports.
    client.force_login(office)
    csv = client.get("/spmb/staf/laporan/batas.csv").content.decode()
    assert "SMP Negeri 1" in csv and "Domisili" in csv
    xlsx = client.get("/spmb/staf/laporan/pendaftar.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/spmb/staf/laporan/?laporan=belum-diterima").status_code == 200


def test_live_ranking_is_one_query_and_masks_names(client, year, smp, village_a, office, monkeypatch):
    from django.core.cache import cache

    for i in range(3):
        f.register(year, f.child(village_a, name=f"Budi Santoso{i}", birth_date=dt.date(2013, 1, 1)), smp,
                   state=Status.SUBMITTED, lat=3.003 - i * 0.001)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/spmb/peringkat/{smp[0].npsn}/domisili/")
    html = response.content.decode()
    assert response.status_code == 200 and "Budi Santoso" not in html and "B*** S*******" in html
    ranking_queries = [q for q in ctx.captured_queries if "spmb_choice" in q["sql"]]
    assert len(ranking_queries) == 1, ranking_queries
    order = [Registration.objects.get(child__name=f"Budi Santoso{i}").number for i in (2, 1, 0)]
    positions = [html.index(n) for n in order]
    assert positions == sorted(positions)  # nearest first
    # Pages of two: the second holds the third child, and the total comes with the rows. Once the per-process memos
    # of the year and the schools are warm, a page is that one query and nothing else.
    monkeypatch.setattr(selectors, "RANKING_PAGE", 2)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(f"/spmb/peringkat/{smp[0].npsn}/domisili/?hal=2").content.decode()
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]
    assert order[2] in second and order[0] not in second and "3 pendaftar" in second
    cache.clear()
    first = client.get(f"/spmb/peringkat/{smp[0].npsn}/domisili/").content.decode()
    assert order[0] in first and order[2] not in first and "3 pendaftar" in first
    assert client.get("/spmb/peringkat/99999999/domisili/").status_code == 404


def test_desk_offers_spmb_to_the_new_roles_and_every_link_opens(client, year, smp, operator, office):
    for user in (office, operator):
        items = desk_for(user)
        assert items, user
        client.force_login(user)
        for item in items:
            assert client.get(item.url).status_code == 200, (user.role, item.url)


def test_pages_without_a_year_do_not_fail(client, db):
    assert client.get("/spmb/").status_code == 200
    assert client.get("/spmb/daftar/").status_code == 404
