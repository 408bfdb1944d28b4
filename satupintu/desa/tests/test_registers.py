"""The statutory registers (Buku Administrasi Desa) match the data: rows and counts of each book computed by hand
from the seeded register, events, letters and the records the operator keeps; the PDF and XLSX carry them; only
the village's own staff (and the regency) may take them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.models import AuditEvent
from satupintu.desa.models import IncomingLetter, TemporaryResident, VillageOfficial, VillageRegulation
from satupintu.desa.registers.books import BOOKS, register_at
from satupintu.desa.registers.export import book_export
from satupintu.penduduk import events
from satupintu.penduduk.models import Family, Resident
from satupintu.penduduk.nik import build_nik
from satupintu.wilayah.models import Village

OCT_1, OCT_31 = dt.date(2025, 10, 1), dt.date(2025, 10, 31)


def person(village, family, name, sex, birth, serial, relation, rw="002"):
    return Resident.objects.create(
        nik=build_nik(region_code="12.18.01", birth_date=birth, sex=sex, serial=serial),
        name=name,
        sex=sex,
        birth_place="Sei Rampah",
        birth_date=birth,
        religion="islam",
        marital_status="kawin",
        address="Dusun I",
        rt="001",
        rw=rw,
        village=village,
        family=family,
        family_relation=relation,
    )


@pytest.fixture
def seeded(regency):
    """Sialtong before the events: F1 Budi (L, head), Siti (P), Andi (L); F2 Joko (L, head), Rina (P) — all RW 002.
    Events: Sep 15 Eko (L) moves in with no card (no RW); Oct 5 Putri (P) born into F1; Oct 12 Joko dies;
    Oct 20 Andi moves out; Oct 25 Dewi (P) moves in to F2; Nov 3 Bayu (L) born into F2.

    By hand, on Sep 30: Budi, Siti, Andi, Joko, Rina, Eko (L4 P2). On Oct 31: Budi, Siti, Putri, Rina, Dewi, Eko
    (L2 P4); RW 002 then holds L1 P4 with one head of family (Budi), the no-RW group Eko."""
    a = Village.objects.get(code="12.18.01.2001")
    f1 = Family.objects.create(kk_number="1218010101250001", village=a, address="Dusun I", rt="001", rw="002")
    f2 = Family.objects.create(kk_number="1218010101250002", village=a, address="Dusun I", rt="001", rw="002")
    people = {
        "budi": person(a, f1, "Budi", "L", dt.date(1980, 1, 1), 1, "kepala"),
        "siti": person(a, f1, "Siti", "P", dt.date(1982, 2, 2), 2, "istri"),
        "andi": person(a, f1, "Andi", "L", dt.date(2004, 3, 3), 3, "anak"),
        "joko": person(a, f2, "Joko", "L", dt.date(1950, 4, 4), 4, "kepala"),
        "rina": person(a, f2, "Rina", "P", dt.date(1955, 5, 5), 5, "istri"),
    }
    f1.head, f2.head = people["budi"], people["joko"]
    f1.save()
    f2.save()
    op = actor(Role.VILLAGE_OPERATOR, village=a)
    newcomer = {"religion": "islam", "marital_status": "belum_kawin", "birth_place": "Medan"}
    events.event_move_in(
        by=op,
        village=a,
        nik=build_nik(region_code="12.18.02", birth_date=dt.date(1990, 8, 8), sex="L", serial=8),
        date=dt.date(2025, 9, 15),
        origin="Kota Medan",
        name="Eko",
        sex="L",
        birth_date=dt.date(1990, 8, 8),
        document_number="SKPWNI/1",
        **newcomer,
    )
    events.event_birth(
        by=op,
        village=a,
        kk_number=f1.kk_number,
        nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 10, 5), sex="P", serial=9),
        name="Putri",
        sex="P",
        birth_place="Sialtong",
        birth_date=dt.date(2025, 10, 5),
        document_number="474.1/001",
    )
    events.event_death(
        by=op,
        village=a,
        nik=people["joko"].nik,
        date=dt.date(2025, 10, 12),
        place="Rumah",
        document_number="474.3/002",
    )
    events.event_move_out(
        by=op,
        village=a,
        nik=people["andi"].nik,
        date=dt.date(2025, 10, 20),
        destination="Kota Binjai",
        document_number="475/003",
    )
    events.event_move_in(
        by=op,
        village=a,
        nik=build_nik(region_code="12.18.02", birth_date=dt.date(1995, 2, 14), sex="P", serial=10),
        date=dt.date(2025, 10, 25),
        origin="Kota Tebing Tinggi",
        kk_number=f2.kk_number,
        relation="famili_lain",
        name="Dewi",
        sex="P",
        birth_date=dt.date(1995, 2, 14),
        **newcomer,
    )
    events.event_birth(
        by=op,
        village=a,
        kk_number=f2.kk_number,
        nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 11, 3), sex="L", serial=11),
        name="Bayu",
        sex="L",
        birth_place="Sialtong",
        birth_date=dt.date(2025, 11, 3),
    )
    return a


def rows(slug, village, start=OCT_1, end=OCT_31):
    return list(BOOKS[slug].rows(village, start, end))


def test_every_book_has_its_prescribed_columns_and_rows_as_wide():
    assert {b.code for b in BOOKS.values()} == {"A.1", "A.4", "A.7", "B.1", "B.2", "B.3", "B.4", "B.5"}
    assert len(BOOKS["induk-penduduk"].columns) == 15
    assert len(BOOKS["rekapitulasi-penduduk"].columns) == 33
    assert len(BOOKS["ktp-kk"].columns) == 19


def test_register_on_a_day_undoes_the_later_events(seeded):
    names = lambda ids: sorted(Resident.objects.filter(pk__in=ids).values_list("name", flat=True))  # noqa: E731
    assert names(register_at(seeded, dt.date(2025, 9, 30))) == ["Andi", "Budi", "Eko", "Joko", "Rina", "Siti"]
    assert names(register_at(seeded, OCT_31)) == ["Budi", "Dewi", "Eko", "Putri", "Rina", "Siti"]
    assert names(register_at(seeded, timezone.localdate())) == [
        "Bayu",
        "Budi",
        "Dewi",
        "Eko",
        "Putri",
        "Rina",
        "Siti",
    ]


def test_buku_induk_lists_the_register_at_the_period_end(seeded):
    book = rows("induk-penduduk", seeded)
    assert [r[1] for r in book] == ["Budi", "Dewi", "Eko", "Putri", "Rina", "Siti"]
    assert [r[0] for r in book] == [1, 2, 3, 4, 5, 6]
    budi = book[0]
    assert budi[2:5] == ["Laki-laki", "Kawin", "Sei Rampah, 01-01-1980"]
    assert budi[9:14] == [
        "WNI",
        "Dusun I RT 001 RW 002",
        "Kepala keluarga",
        Resident.objects.get(name="Budi").nik,
        "1218010101250001",
    ]
    assert all(len(r) == 15 for r in book)


def test_buku_mutasi_lists_the_periods_events_in_their_columns(seeded):
    book = rows("mutasi-penduduk", seeded)
    assert [r[1] for r in book] == ["Putri", "Joko", "Andi", "Dewi"]
    putri, joko, andi, dewi = book
    assert putri[5:7] == ["Lahir di Sialtong", dt.date(2025, 10, 5)]
    assert joko[9:11] == ["Rumah", dt.date(2025, 10, 12)] and joko[5] == joko[7] == ""
    assert andi[7:9] == ["Kota Binjai", dt.date(2025, 10, 20)]
    assert dewi[5:7] == ["Kota Tebing Tinggi", dt.date(2025, 10, 25)]
    assert "474.3/002" in joko[11]
    assert rows("mutasi-penduduk", seeded, dt.date(2025, 9, 1), dt.date(2025, 9, 30))[0][1] == "Eko"


def test_rekapitulasi_counts_by_area_and_adds_up_like_the_monthly_report(seeded):
    book = rows("rekapitulasi-penduduk", seeded)
    no_rw, rw2, total = book
    # start (WNA L, WNA P, WNI L, WNI P, KK, members, people) | births, in, deaths, out (WNA L, P, WNI L, P) | end
    assert no_rw[1] == "Tanpa RW" and rw2[1] == "RW 002" and total[1] == "Jumlah"
    assert no_rw[2:9][2:4] == [1, 0] and no_rw[25:32] == [0, 0, 1, 0, 0, 1, 1]
    assert rw2[2:9][2:4] == [3, 2]
    assert rw2[9:25] == [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0]
    assert rw2[25:32] == [0, 0, 1, 4, 1, 4, 5]
    assert total[2:9][2:4] == [4, 2] and total[25:32][2:4] == [2, 4]
    report = events.monthly_report(year=2025, month=10, villages=Village.objects.filter(pk=seeded.pk))
    v = report.counts.values
    assert total[2:9][2:4] == [v["start"]["L"], v["start"]["P"]]
    assert total[25:32][2:4] == [v["end"]["L"], v["end"]["P"]]
    assert all(len(r) == 33 for r in book)


def test_ktp_kk_groups_by_card_heads_first_and_knows_when_each_came(seeded):
    book = rows("ktp-kk", seeded)
    assert [(r[1], r[2]) for r in book] == [
        ("1218010101250001", "Budi"),
        ("1218010101250001", "Siti"),
        ("1218010101250001", "Putri"),
        ("1218010101250002", "Rina"),
        ("1218010101250002", "Dewi"),
        ("", "Eko"),
    ]
    since = {r[2]: r[17] for r in book}
    assert (
        since["Eko"] == dt.date(2025, 9, 15)
        and since["Putri"] == dt.date(2025, 10, 5)
        and since["Budi"] == ""
    )


def test_sementara_peraturan_and_aparat_keep_to_the_period(regency, village_a):
    base = {
        "village": village_a,
        "sex": "L",
        "identity_number": "3171010101900001",
        "came_from": "Jakarta",
        "purpose": "Bekerja",
        "host": "Budi, Dusun I",
    }
    TemporaryResident.objects.create(
        name="Gone", arrived_on=dt.date(2025, 9, 1), left_on=dt.date(2025, 9, 30), **base
    )
    TemporaryResident.objects.create(name="Stays", arrived_on=dt.date(2025, 9, 20), **base)
    TemporaryResident.objects.create(name="Later", arrived_on=dt.date(2025, 11, 2), **base)
    assert [r[1] for r in rows("penduduk-sementara", village_a)] == ["Stays"]
    VillageRegulation.objects.create(
        village=village_a,
        number="3",
        enacted_on=dt.date(2025, 10, 9),
        title="APBDes Perubahan",
        gazette_number="3",
        gazette_on=dt.date(2025, 10, 10),
    )
    VillageRegulation.objects.create(
        village=village_a, number="4", enacted_on=dt.date(2025, 12, 1), title="RKPDes"
    )
    [reg] = rows("peraturan", village_a)
    assert reg[1:4] == ["Peraturan Desa", "3, 09-10-2025", "APBDes Perubahan"] and reg[7] == "3, 10-10-2025"
    VillageOfficial.objects.create(
        village=village_a, name="Lama", position="Kaur", dismissal_date=dt.date(2025, 9, 1)
    )
    VillageOfficial.objects.create(
        village=village_a,
        name="Kades",
        position="Kepala Desa",
        niap="123",
        appointment_number="141/01",
        appointment_date=dt.date(2021, 5, 1),
    )
    VillageOfficial.objects.create(
        village=village_a, name="Baru", position="Kasi", appointment_date=dt.date(2025, 11, 5)
    )
    [kades] = rows("aparat", village_a)
    assert kades[1:4] == ["Kades", "123", ""] and kades[10] == "141/01, 01-05-2021"


def test_agenda_merges_letters_in_and_the_letters_the_village_issued(regency):
    from satupintu.surat.tests.factories import LetterRequestFactory

    letter = LetterRequestFactory(state="ready")
    village = letter.village
    today = timezone.localdate()
    IncomingLetter.objects.create(
        village=village,
        received_on=today,
        number="005/12/Kec",
        dated=today,
        sender="Camat Kotarih",
        subject="Undangan musrenbang",
    )
    IncomingLetter.objects.create(
        village=village,
        received_on=today - dt.timedelta(days=400),
        number="old",
        dated=today,
        sender="x",
        subject="y",
    )
    book = rows("agenda", village, today - dt.timedelta(days=1), today)
    assert len(book) == 2
    incoming, outgoing = book
    assert (
        incoming[2:6] == ["005/12/Kec", today, "Camat Kotarih", "Undangan musrenbang"] and incoming[6] == ""
    )
    assert outgoing[6] == letter.number and outgoing[8] == letter.resident_data["nama"]
    assert outgoing[9].startswith(letter.letter_type.name) and outgoing[2] == ""


def test_export_files_carry_the_rows_and_are_audited(seeded):
    op = actor(Role.VILLAGE_OPERATOR, village=seeded)
    xlsx = book_export(by=op, village=seeded, slug="induk-penduduk", start=OCT_1, end=OCT_31, fmt="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "BUKU INDUK PENDUDUK (B.1)"
    assert values[3][:2] == ["No", "Nama lengkap/panggilan"] and values[4][:3] == [1, 2, 3]
    assert [r[1] for r in values[5:]] == ["Budi", "Dewi", "Eko", "Putri", "Rina", "Siti"]
    pdf = book_export(by=op, village=seeded, slug="rekapitulasi-penduduk", start=OCT_1, end=OCT_31, fmt="pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.rows == 3
    assert AuditEvent.objects.filter(action="desa.register.exported").count() == 2


def test_pdf_prints_typed_text_as_text(regency, village_a):
    op = actor(Role.VILLAGE_OPERATOR, village=village_a)
    VillageRegulation.objects.create(
        village=village_a,
        number='#let x = "1"',
        enacted_on=OCT_1,
        title='"); #panic("boom") [*bold*] $x$ \\ <lbl>',
    )
    pdf = book_export(by=op, village=village_a, slug="peraturan", start=OCT_1, end=OCT_31, fmt="pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.rows == 1


def test_registers_page_and_downloads_for_the_villages_staff_only(client, seeded, village_b):
    op = actor(Role.VILLAGE_OPERATOR, village=seeded)
    client.force_login(op)
    page = client.get(
        reverse("desa:staff_registers", args=[seeded.pk]), {"dari": "2025-10-01", "sampai": "2025-10-31"}
    )
    assert page.status_code == 200
    body = page.content.decode()
    for book in BOOKS.values():
        assert str(book.title) in body
    url = reverse("desa:staff_register_download", args=[seeded.pk, "mutasi-penduduk", "xlsx"])
    response = client.get(url, {"dari": "2025-10-01", "sampai": "2025-10-31"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [r[1] for r in list(sheet.iter_rows(values_only=True))[5:]] == ["Putri", "Joko", "Andi", "Dewi"]
    pdf = client.get(reverse("desa:staff_register_download", args=[seeded.pk, "ktp-kk", "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(url, {"dari": "2025-10-31", "sampai": "2025-10-01"}).status_code == 400
    client.force_login(actor(Role.VILLAGE_OPERATOR, village=village_b))
    assert client.get(url).status_code == 403
    assert client.get(reverse("desa:staff_registers", args=[seeded.pk])).status_code == 403
    client.force_login(actor(Role.REGENCY_ADMIN))
    assert client.get(url).status_code == 200


def test_operator_keeps_the_books_records_through_the_editor(client, regency, village_a):
    client.force_login(actor(Role.VILLAGE_OPERATOR, village=village_a))
    url = reverse("desa:staff_section_add", args=[village_a.pk, "surat-masuk"])
    response = client.post(
        url,
        {
            "received_on": "2025-10-02",
            "number": "140/77",
            "dated": "2025-10-01",
            "sender": "Camat",
            "subject": "Edaran",
        },
    )
    assert response.status_code == 302
    letter = IncomingLetter.objects.get()
    assert letter.village == village_a
    assert AuditEvent.objects.filter(action="desa.incomingletter.created").exists()
    response = client.post(
        reverse("desa:staff_section_add", args=[village_a.pk, "penduduk-sementara"]),
        {
            "name": "Tamu",
            "sex": "L",
            "identity_number": "1",
            "nationality": "WNI",
            "came_from": "Medan",
            "purpose": "Kerja",
            "host": "Budi",
            "arrived_on": "2025-10-05",
            "left_on": "2025-10-01",
        },
    )
    assert response.status_code == 200 and not TemporaryResident.objects.exists()  # left before arriving
    assert client.get(reverse("desa:staff_section", args=[village_a.pk, "peraturan"])).status_code == 200


def test_xlsx_writer_keeps_dates_numbers_and_neutralises_formulas():
    from satupintu.desa.registers.xlsx import xlsx_bytes

    content = xlsx_bytes(
        sheet="B.1",
        rows=[["Judul"], [1, dt.date(2025, 10, 5), '=HYPERLINK("x")', "a\x01b <&>", "-1500", None]],
        widths=[5, 10, 10, 10, 10, 10],
        bold_rows={1},
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "B.1"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Judul"
    number, date, formula, text, negative = values[1][:5]
    assert number == 1 and date == dt.datetime(2025, 10, 5)
    assert formula == '\'=HYPERLINK("x")' and text == "ab <&>" and negative == "-1500"
    assert sheet["B2"].number_format == "dd\\-mm\\-yyyy" and sheet["A1"].font.b
