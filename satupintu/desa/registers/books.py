"""The statutory village registers (Buku Administrasi Desa, Permendagri 47/2016) generated from the data.

Each book is its prescribed columns and a function giving its rows for a village and a period. Rows are plain values
(text, numbers, dates) so that one set of rows feeds both the PDF and the XLSX. The population books read the
register through `register_at`, the register as it stood on a day: the residents active now, with the population
events after that day undone (a birth or arrival after it removed, a death or departure after it put back) — the
same rule the monthly report (`penduduk.events`) uses, so the books and the report agree.

The register holds no citizenship, blood type, parents' names or KTP issue date: every NIK holder counts as WNI and
those columns stay empty for the office to complete by hand, as the regulation's form has them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from satupintu.penduduk.models import (
    Education,
    EventKind,
    FamilyRelation,
    MaritalStatus,
    PopulationEvent,
    Religion,
    Resident,
    ResidentStatus,
    Sex,
)

from .models import IncomingLetter, TemporaryResident, VillageRegulation

ADDED = (EventKind.BIRTH, EventKind.MOVE_IN)
REMOVED = (EventKind.DEATH, EventKind.MOVE_OUT)


@dataclass(frozen=True)
class Book:
    slug: str
    code: str  # the book's place in the regulation's annex (A = general administration, B = population)
    title: str
    columns: tuple[tuple[str, int], ...]  # (heading, relative width)
    rows: Callable[[object, dt.date, dt.date], Iterable[list]]
    # The date the book describes: "period" lists what happened in it, "end" the state at its last day.
    describes: str = "period"


def _d(value: dt.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _place_date(place: str, date: dt.date | None) -> str:
    return ", ".join(x for x in (place or "", _d(date)) if x)


def _labels(choices) -> dict[str, str]:
    """Choice labels translated once per export, not once per row."""
    return {value: str(label) for value, label in choices.choices}


def _address(address: str, rt: str, rw: str) -> str:
    parts = [address] if address else []
    if rt:
        parts.append(f"RT {rt}")
    if rw:
        parts.append(f"RW {rw}")
    return " ".join(parts)


# --- The register on a day ----------------------------------------------------------------------------------------


def register_at(village, day: dt.date) -> set[int]:
    """Ids of the residents on `village`'s register at the end of `day`."""
    ids = set(
        Resident.objects.filter(village=village, status=ResidentStatus.ACTIVE).values_list("pk", flat=True)
    )
    later = (
        PopulationEvent.objects.filter(village=village, date__gt=day)
        .order_by("-date", "-id")
        .values_list("resident_id", "kind")
    )
    for resident_id, kind in later:  # undone newest first, so a move out and back in nets out
        if kind in ADDED:
            ids.discard(resident_id)
        else:
            ids.add(resident_id)
    return ids


def _register_rows(village, day: dt.date, fields: tuple[str, ...], order: tuple[str, ...]) -> list[tuple]:
    """`fields` of the residents on the register at `day`, in `order`: one query (the active register of the village
    and the few who left since)."""
    ids = register_at(village, day)
    active = Resident.objects.filter(village=village, status=ResidentStatus.ACTIVE).values_list(
        "pk", flat=True
    )
    extra = ids - set(active)
    query = Q(village=village, status=ResidentStatus.ACTIVE)
    if extra:
        query |= Q(pk__in=extra)
    rows = Resident.objects.filter(query).order_by(*order).values_list("pk", *fields)
    return [row[1:] for row in rows if row[0] in ids]


# --- B.1 Buku Induk Penduduk --------------------------------------------------------------------------------------


def induk_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    sex, marital, religion = _labels(Sex), _labels(MaritalStatus), _labels(Religion)
    education, relation = _labels(Education), _labels(FamilyRelation)
    rows = _register_rows(
        village,
        end,
        (
            "name",
            "sex",
            "marital_status",
            "birth_place",
            "birth_date",
            "religion",
            "education",
            "occupation",
            "address",
            "rt",
            "rw",
            "family_relation",
            "nik",
            "family__kk_number",
        ),
        ("name", "nik"),
    )
    for n, r in enumerate(rows, start=1):
        yield [
            n,
            r[0],
            sex.get(r[1], r[1]),
            marital.get(r[2], r[2]),
            _place_date(r[3], r[4]),
            religion.get(r[5], r[5]),
            education.get(r[6], r[6]),
            r[7],
            "",
            "WNI",
            _address(r[8], r[9], r[10]),
            relation.get(r[11], r[11]),
            r[12],
            r[13] or "",
            "",
        ]


# --- B.2 Buku Mutasi Penduduk -------------------------------------------------------------------------------------


def mutasi_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    sex = _labels(Sex)
    events = (
        PopulationEvent.objects.filter(village=village, date__gte=start, date__lte=end)
        .order_by("date", "id")
        .values_list(
            "kind",
            "date",
            "place",
            "note",
            "document_number",
            "resident__name",
            "sex",
            "resident__birth_place",
            "resident__birth_date",
        )
    )
    for n, (kind, date, place, note, document, name, s, birth_place, birth_date) in enumerate(
        events, start=1
    ):
        came_from = came_on = went_to = went_on = died_at = died_on = ""
        if kind == EventKind.BIRTH:
            came_from, came_on = _("Lahir di %(place)s") % {"place": place} if place else _("Lahir"), date
        elif kind == EventKind.MOVE_IN:
            came_from, came_on = place, date
        elif kind == EventKind.MOVE_OUT:
            went_to, went_on = place, date
        else:
            died_at, died_on = place, date
        note = "; ".join(x for x in (str(EventKind(kind).label), document, note) if x)
        yield [
            n,
            name,
            _place_date(birth_place, birth_date),
            sex.get(s, s),
            "WNI",
            came_from,
            came_on,
            went_to,
            went_on,
            died_at,
            died_on,
            note,
        ]


# --- B.3 Buku Rekapitulasi Jumlah Penduduk ------------------------------------------------------------------------


def _tally(rows) -> dict[str, dict[str, int]]:
    """Per RW: residents by sex, heads of family, all."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"L": 0, "P": 0, "kk": 0})
    for rw, s, relation in rows:
        cell = out[rw or ""]
        cell[s] += 1
        cell["kk"] += relation == FamilyRelation.KEPALA
    return out


def rekap_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    fields = ("rw", "sex", "family_relation")
    before = _tally(_register_rows(village, start - dt.timedelta(days=1), fields, ("pk",)))
    after = _tally(_register_rows(village, end, fields, ("pk",)))
    moves: dict[tuple[str, str, str], int] = defaultdict(int)
    for rw, s, kind in PopulationEvent.objects.filter(
        village=village, date__gte=start, date__lte=end
    ).values_list("resident__rw", "sex", "kind"):
        moves[(rw or "", s, kind)] += 1
    areas = sorted(set(before) | set(after) | {k[0] for k in moves})
    total = [0] * 30

    def state(t):
        people = t["L"] + t["P"]
        return [0, 0, t["L"], t["P"], t["kk"], people - t["kk"], people]

    for n, rw in enumerate(areas, start=1):
        cells = state(before.get(rw, {"L": 0, "P": 0, "kk": 0}))
        for kind in (EventKind.BIRTH, EventKind.MOVE_IN, EventKind.DEATH, EventKind.MOVE_OUT):
            cells += [0, 0, moves[(rw, "L", kind)], moves[(rw, "P", kind)]]
        cells += state(after.get(rw, {"L": 0, "P": 0, "kk": 0}))
        total = [a + b for a, b in zip(total, cells, strict=True)]
        yield [n, _("RW %(rw)s") % {"rw": rw} if rw else _("Tanpa RW"), *cells, ""]
    yield ["", _("Jumlah"), *total, ""]


# --- B.4 Buku Penduduk Sementara ----------------------------------------------------------------------------------


def sementara_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    people = (
        TemporaryResident.objects.filter(village=village, arrived_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .order_by("arrived_on", "id")
    )
    for n, p in enumerate(people, start=1):
        yield [
            n,
            p.name,
            p.sex,
            p.identity_number,
            _place_date(p.birth_place, p.birth_date),
            p.occupation,
            p.nationality,
            p.descent,
            p.came_from,
            p.purpose,
            p.host,
            p.arrived_on,
            p.left_on,
            p.note,
        ]


# --- B.5 Buku KTP dan KK ------------------------------------------------------------------------------------------

RELATION_ORDER = {value: i for i, value in enumerate(FamilyRelation.values)}


def ktp_kk_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    sex, marital, religion = _labels(Sex), _labels(MaritalStatus), _labels(Religion)
    education, relation = _labels(Education), _labels(FamilyRelation)
    rows = _register_rows(
        village,
        end,
        (
            "family__kk_number",
            "name",
            "nik",
            "sex",
            "birth_place",
            "birth_date",
            "religion",
            "education",
            "occupation",
            "address",
            "rt",
            "rw",
            "marital_status",
            "family_relation",
            "pk",
        ),
        ("family__kk_number", "birth_date", "nik"),
    )
    rows.sort(key=lambda r: (r[0] or "~", RELATION_ORDER.get(r[13], 99), r[5], r[2]))
    since: dict[int, dt.date] = {}
    for resident_id, date in (
        PopulationEvent.objects.filter(village=village, kind__in=ADDED, date__lte=end)
        .order_by("date")
        .values_list("resident_id", "date")
    ):
        since[resident_id] = date  # the latest arrival (or the birth)
    for n, r in enumerate(rows, start=1):
        yield [
            n,
            r[0] or "",
            r[1],
            r[2],
            sex.get(r[3], r[3]),
            _place_date(r[4], r[5]),
            "",
            religion.get(r[6], r[6]),
            education.get(r[7], r[7]),
            r[8],
            _address(r[9], r[10], r[11]),
            marital.get(r[12], r[12]),
            "",
            relation.get(r[13], r[13]),
            "WNI",
            "",
            "",
            since.get(r[14], ""),
            "",
        ]


# --- A.7 Buku Agenda (letters in and out) -------------------------------------------------------------------------


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def agenda_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    from satupintu.surat.models import LetterRequest

    entries: list[tuple[dt.date, int, list]] = []
    for letter in IncomingLetter.objects.filter(
        village=village, received_on__gte=start, received_on__lte=end
    ):
        entries.append(
            (
                letter.received_on,
                0,
                [
                    letter.received_on,
                    letter.number,
                    letter.dated,
                    letter.sender,
                    letter.subject,
                    "",
                    "",
                    "",
                    "",
                    letter.note,
                ],
            )
        )
    since, until = _day_bounds(start, end)
    outgoing = (
        LetterRequest.objects.filter(village=village, signed_at__gte=since, signed_at__lt=until)
        .exclude(number="")
        .order_by("signed_at", "id")
        .values_list("signed_at", "number", "resident_data", "letter_type__name", "purpose", "revoked_at")
    )
    for signed_at, number, resident_data, type_name, purpose, revoked_at in outgoing:
        day = timezone.localdate(signed_at)
        to = (resident_data or {}).get("nama", "")
        note = _("Dicabut") if revoked_at else ""
        entries.append((day, 1, [day, "", "", "", "", number, day, to, f"{type_name}: {purpose}", note]))
    entries.sort(key=lambda e: (e[0], e[1]))
    for n, (_day, _kind, cells) in enumerate(entries, start=1):
        yield [n, *cells]


# --- A.1 Buku Peraturan di Desa -----------------------------------------------------------------------------------


def _number_date(number: str, date: dt.date | None) -> str:
    return ", ".join(x for x in (number, _d(date)) if x)


def peraturan_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    regulations = VillageRegulation.objects.filter(
        village=village, enacted_on__gte=start, enacted_on__lte=end
    )
    for n, r in enumerate(regulations.order_by("enacted_on", "id"), start=1):
        yield [
            n,
            r.get_kind_display(),
            _number_date(r.number, r.enacted_on),
            r.title,
            r.summary,
            r.agreed_on,
            _number_date(r.reported_number, r.reported_on),
            _number_date(r.gazette_number, r.gazette_on),
            _number_date(r.bulletin_number, r.bulletin_on),
            r.note,
        ]


# --- A.4 Buku Aparat Pemerintah Desa ------------------------------------------------------------------------------


def aparat_rows(village, start: dt.date, end: dt.date) -> Iterable[list]:
    from ..models import VillageOfficial

    officials = (
        VillageOfficial.objects.filter(village=village)
        .filter(Q(appointment_date__isnull=True) | Q(appointment_date__lte=end))
        .filter(Q(dismissal_date__isnull=True) | Q(dismissal_date__gte=start))
        .order_by("order", "id")
    )
    for n, o in enumerate(officials, start=1):
        yield [
            n,
            o.name,
            o.niap,
            o.nip,
            o.sex,
            _place_date(o.birth_place, o.birth_date),
            o.religion,
            o.rank,
            o.position,
            o.education,
            _number_date(o.appointment_number, o.appointment_date),
            _number_date(o.dismissal_number, o.dismissal_date),
            o.note,
        ]


L = gettext_lazy
NO = pgettext_lazy("nomor urut", "No")  # plain "No" is the English word in the catalogue ("Tidak")
_STATE = (
    L("WNA L"),
    L("WNA P"),
    L("WNI L"),
    L("WNI P"),
    L("Jumlah KK"),
    L("Jumlah anggota keluarga"),
    L("Jumlah jiwa"),
)


def _rekap_columns():
    cols = [(NO, 2), (L("Nama dusun/lingkungan"), 6)]
    cols += [(format_lazy("{}: {}", L("Awal bulan"), label), 3) for label in _STATE]
    for kind in (L("Lahir"), L("Datang"), L("Meninggal"), L("Pindah")):
        cols += [(format_lazy("{}: {}", kind, label), 3) for label in _STATE[:4]]
    cols += [(format_lazy("{}: {}", L("Akhir bulan"), label), 3) for label in _STATE]
    cols.append((L("Keterangan"), 5))
    return tuple(cols)


BOOKS: dict[str, Book] = {
    book.slug: book
    for book in (
        Book(
            "peraturan",
            "A.1",
            L("Buku Peraturan di Desa"),
            (
                (NO, 2),
                (L("Jenis peraturan di desa"), 6),
                (L("Nomor dan tanggal ditetapkan"), 6),
                (L("Tentang"), 10),
                (L("Uraian singkat"), 12),
                (L("Tanggal kesepakatan peraturan desa"), 5),
                (L("Nomor dan tanggal dilaporkan"), 6),
                (L("Nomor dan tanggal diundangkan dalam Lembaran Desa"), 6),
                (L("Nomor dan tanggal diundangkan dalam Berita Desa"), 6),
                (L("Keterangan"), 5),
            ),
            peraturan_rows,
        ),
        Book(
            "aparat",
            "A.4",
            L("Buku Aparat Pemerintah Desa"),
            (
                (NO, 2),
                (L("Nama"), 8),
                (L("NIAP"), 5),
                (L("NIP"), 6),
                (L("Jenis kelamin"), 3),
                (L("Tempat dan tanggal lahir"), 7),
                (L("Agama"), 4),
                (L("Pangkat/golongan"), 4),
                (L("Jabatan"), 7),
                (L("Pendidikan terakhir"), 5),
                (L("Nomor dan tanggal keputusan pengangkatan"), 7),
                (L("Nomor dan tanggal keputusan pemberhentian"), 7),
                (L("Keterangan"), 5),
            ),
            aparat_rows,
        ),
        Book(
            "agenda",
            "A.7",
            L("Buku Agenda"),
            (
                (NO, 2),
                (L("Tanggal penerimaan/pengiriman surat"), 5),
                (L("Surat masuk: nomor"), 7),
                (L("Surat masuk: tanggal"), 4),
                (L("Surat masuk: pengirim"), 7),
                (L("Surat masuk: isi singkat"), 9),
                (L("Surat keluar: nomor"), 7),
                (L("Surat keluar: tanggal"), 4),
                (L("Surat keluar: ditujukan kepada"), 7),
                (L("Surat keluar: isi singkat"), 9),
                (L("Keterangan"), 4),
            ),
            agenda_rows,
        ),
        Book(
            "induk-penduduk",
            "B.1",
            L("Buku Induk Penduduk"),
            (
                (NO, 3),
                (L("Nama lengkap/panggilan"), 9),
                (L("Jenis kelamin"), 4),
                (L("Status perkawinan"), 4),
                (L("Tempat dan tanggal lahir"), 7),
                (L("Agama"), 3),
                (L("Pendidikan terakhir"), 5),
                (L("Pekerjaan"), 5),
                (L("Dapat membaca huruf"), 3),
                (L("Kewarganegaraan"), 3),
                (L("Alamat lengkap"), 8),
                (L("Kedudukan dalam keluarga"), 4),
                (L("NIK"), 7),
                (L("Nomor KK"), 7),
                (L("Keterangan"), 3),
            ),
            induk_rows,
            describes="end",
        ),
        Book(
            "mutasi-penduduk",
            "B.2",
            L("Buku Mutasi Penduduk"),
            (
                (NO, 2),
                (L("Nama lengkap/panggilan"), 9),
                (L("Tempat dan tanggal lahir"), 7),
                (L("Jenis kelamin"), 4),
                (L("Kewarganegaraan"), 3),
                (L("Penambahan: datang dari"), 8),
                (L("Penambahan: tanggal"), 4),
                (L("Pengurangan: pindah ke"), 8),
                (L("Pengurangan: tanggal"), 4),
                (L("Pengurangan: meninggal (tempat)"), 6),
                (L("Pengurangan: tanggal meninggal"), 4),
                (L("Keterangan"), 8),
            ),
            mutasi_rows,
        ),
        Book(
            "rekapitulasi-penduduk",
            "B.3",
            L("Buku Rekapitulasi Jumlah Penduduk"),
            _rekap_columns(),
            rekap_rows,
        ),
        Book(
            "penduduk-sementara",
            "B.4",
            L("Buku Penduduk Sementara"),
            (
                (NO, 2),
                (L("Nama lengkap"), 8),
                (L("Jenis kelamin"), 2),
                (L("Nomor identitas/tanda pengenal"), 6),
                (L("Tempat dan tanggal lahir/umur"), 6),
                (L("Pekerjaan"), 5),
                (L("Kewarganegaraan: kebangsaan"), 4),
                (L("Kewarganegaraan: keturunan"), 4),
                (L("Datang dari"), 7),
                (L("Maksud dan tujuan kedatangan"), 7),
                (L("Nama dan alamat yang didatangi"), 8),
                (L("Datang tanggal"), 4),
                (L("Pergi tanggal"), 4),
                (L("Keterangan"), 4),
            ),
            sementara_rows,
        ),
        Book(
            "ktp-kk",
            "B.5",
            L("Buku KTP dan KK"),
            (
                (NO, 3),
                (L("Nomor KK"), 7),
                (L("Nama lengkap"), 8),
                (L("NIK"), 7),
                (L("Jenis kelamin"), 3),
                (L("Tempat/tanggal lahir"), 6),
                (L("Golongan darah"), 2),
                (L("Agama"), 3),
                (L("Pendidikan"), 4),
                (L("Pekerjaan"), 4),
                (L("Alamat"), 7),
                (L("Status perkawinan"), 3),
                (L("Tempat dan tanggal dikeluarkan"), 4),
                (L("Status hubungan dalam keluarga"), 4),
                (L("Kewarganegaraan"), 3),
                (L("Nama ayah"), 4),
                (L("Nama ibu"), 4),
                (L("Tanggal mulai tinggal di desa"), 4),
                (L("Keterangan"), 3),
            ),
            ktp_kk_rows,
            describes="end",
        ),
    )
}
