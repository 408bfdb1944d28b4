"""Writes of SPMB. Each is one transaction; state changes go through `workflow.REGISTRATIONS`.

Rules (Permendikdasmen 3/2025 on SPMB; the regency sets the details each year): quotas of a school's capacity per
track within the bounds of `selection.BOUNDS`; domisili needs a KK issued at least one year before registration or a
village domicile letter (surat S-41, accepted by its printed number); SD needs 6 years on 1 July (5 years 6 months with
a psychologist's recommendation); one registration per child and year; changes until verification."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.audit import audit_record
from satupintu.core.memo import Memo
from satupintu.core.phones import normalize_phone
from satupintu.penduduk.models import Resident
from satupintu.penduduk.selectors import resident_match_nik_kk

from . import permissions
from . import selection as sel
from .models import (
    AffirmationBasis,
    Choice,
    Cutoff,
    DocumentKind,
    DomicileBasis,
    Level,
    LocationSource,
    Placement,
    PrestasiRule,
    Registration,
    School,
    SchoolYear,
    Status,
    Track,
    TransferBasis,
    VillageCentre,
)
from .selectors import school_directory, school_memo
from .workflow import REGISTRATIONS, ParentAccess

MAX_CHOICES = 3
DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
DOCUMENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


# --- set-up -----------------------------------------------------------------------------------------------------
def quota_problems(year: SchoolYear) -> list[str]:
    """Each breach of Permendikdasmen 3/2025's quota bounds in the year's settings, worded for the office."""
    problems = []
    labels = dict(Track.choices)
    for level in (Level.SD, Level.SMP):
        percents = year.percents(level)
        for track, (low, high) in sel.BOUNDS[level].items():
            value = percents.get(track, 0)
            args = {"level": Level(level).label, "track": labels[track], "value": value}
            if low is not None and value < low:
                problems.append(_("%(level)s: kuota jalur %(track)s %(value)s%% kurang dari batas minimal "
                                  "%(bound)s%%.") % {**args, "bound": low})
            if high is not None and value > high:
                problems.append(_("%(level)s: kuota jalur %(track)s %(value)s%% melebihi batas maksimal "
                                  "%(bound)s%%.") % {**args, "bound": high})
        total = sum(percents.values())
        if total != 100:
            problems.append(_("%(level)s: jumlah kuota semua jalur %(total)s%%, harus 100%%.")
                            % {"level": Level(level).label, "total": total})
    return problems


def schedule_problems(year: SchoolYear) -> list[str]:
    order = [year.registration_opens, year.registration_closes, year.verification_closes, year.announcement_at,
             year.reregistration_closes]
    if any(moment is None for moment in order):
        return [_("Lengkapi semua tanggal jadwal.")]
    problems = []
    if any(a > b for a, b in zip(order, order[1:], strict=False)):
        problems.append(_("Jadwal harus berurutan: pendaftaran dibuka, ditutup, verifikasi ditutup, pengumuman, "
                          "batas daftar ulang."))
    if year.second_round_opens and year.second_round_opens < year.reregistration_closes:
        problems.append(_("Tahap kedua dibuka setelah batas daftar ulang."))
    if year.second_round_opens and year.second_round_closes and year.second_round_closes < year.second_round_opens:
        problems.append(_("Tahap kedua ditutup setelah dibuka."))
    return problems


def school_year_save(*, year: SchoolYear, by) -> SchoolYear:
    """Save the year's schedule and settings; quotas outside the bounds are refused with the reason."""
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang mengatur SPMB."))
    if year.pk and SchoolYear.objects.filter(pk=year.pk, selected_at__isnull=False).exists():
        raise ValidationError(_("Seleksi tahun ini sudah dijalankan; pengaturannya tidak dapat diubah lagi."))
    problems = quota_problems(year) + schedule_problems(year)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        created = year.pk is None
        if year.is_active:
            SchoolYear.objects.exclude(pk=year.pk).filter(is_active=True).update(is_active=False)
        year.save()
        audit_record(obj=year, action="spmb.year_created" if created else "spmb.year_changed", actor=by,
                     data={"name": year.name})
    return year


def school_save(*, school: School, by, villages: Sequence | None = None) -> School:
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang mengatur SPMB."))
    school.full_clean()
    with transaction.atomic():
        created = school.pk is None
        school.save()
        if villages is not None:
            school.domicile_villages.set(villages)
        transaction.on_commit(school_memo.clear)
        audit_record(obj=school, action="spmb.school_created" if created else "spmb.school_changed", actor=by,
                     data={"npsn": school.npsn, "capacity": school.capacity,
                           "area": sorted(v.pk for v in school.domicile_villages.all())})
    return school


def prestasi_rule_add(*, year: SchoolYear, by, label: str, points: Decimal) -> PrestasiRule:
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang mengatur SPMB."))
    if year.selected_at:
        raise ValidationError(_("Seleksi tahun ini sudah dijalankan; tabel skor tidak dapat diubah lagi."))
    if not (label or "").strip():
        raise ValidationError(_("Nama prestasi wajib diisi."))
    if points is None or points < 0 or points > 100:
        raise ValidationError(_("Poin prestasi antara 0 dan 100."))
    with transaction.atomic():
        rule = PrestasiRule.objects.create(year=year, label=label.strip()[:150], points=points,
                                           order=year.prestasi_rules.count() + 1)
        audit_record(obj=rule, action="spmb.prestasi_rule_added", actor=by, data={"points": str(points)})
    return rule


def active_year() -> SchoolYear | None:
    return SchoolYear.objects.filter(is_active=True).first()


year_memo = Memo("spmb-active-year", seconds=30)


def active_year_cached() -> SchoolYear | None:
    """The active year for the public pages (the registration form of the first morning reads it on every POST):
    kept per process for 30 s, dropped when a year is saved here (SpmbConfig.ready) or a service updates it."""
    return year_memo.get("active", active_year)


# --- registration ---------------------------------------------------------------------------------------------
def child_match(*, nik: str, kk_number: str) -> Resident:
    """The child on the register by NIK and KK number together, or a ValidationError saying what to do."""
    child = resident_match_nik_kk(nik=nik, kk_number=kk_number)
    if child is None:
        raise ValidationError(_(
            "Data anak tidak ditemukan di data kependudukan dengan NIK dan nomor KK ini. Periksa kedua nomor pada "
            "Kartu Keluarga. Bila sudah sesuai, minta kantor desa atau Disdukcapil memperbarui data kependudukan "
            "anak, lalu daftar lagi."
        ))
    return child


@dataclass
class RegistrationInput:
    level: str
    track: str
    schools: list  # School instances, in order, 1 to 3
    parent_name: str
    parent_phone: str
    domicile_basis: str = DomicileBasis.KK
    kk_since: dt.date | None = None
    domicile_letter_number: str = ""
    latitude: float | None = None
    longitude: float | None = None
    affirmation_basis: str = ""
    transfer_basis: str = ""
    report_average: Decimal | None = None
    prestasi_rule: PrestasiRule | None = None


def _kk_old_enough(kk_since: dt.date | None, on: dt.date) -> bool:
    if kk_since is None:
        return False
    try:
        year_before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_before = on.replace(year=on.year - 1, day=28)
    return kk_since <= year_before


def _domicile_letter(number: str, child: Resident):
    """A signed, unrevoked village domicile letter (S-41) by its printed number, issued to the child or a member of
    the child's family: its village is the home village. Else a ValidationError."""
    from satupintu.surat.selectors import letter_lookup_by_number

    found = letter_lookup_by_number(number).letter
    if (found is None or found.revoked_at is not None or found.letter_type.code != "S-41"
            or not (found.resident_id == child.pk
                    or (child.family_id and found.resident.family_id == child.family_id))):
        raise ValidationError({"domicile_letter_number": _(
            "Surat keterangan domisili dengan nomor ini tidak ditemukan untuk keluarga anak. Periksa nomor yang "
            "tercetak pada surat, atau pilih KK sebagai dasar domisili.")})
    if found.valid_until and found.valid_until < timezone.localdate():
        raise ValidationError({"domicile_letter_number": _("Surat keterangan domisili ini sudah tidak berlaku.")})
    return found


def _score(data: RegistrationInput) -> Decimal:
    average = data.report_average or Decimal("0")
    bonus = data.prestasi_rule.points if data.prestasi_rule else Decimal("0")
    return (average + bonus).quantize(Decimal("0.01"))


def _load_schools(data: RegistrationInput, village_code: str) -> None:
    """Replace the chosen schools' ids by School objects, each marked `in_area` (the child's home village is in its
    domisili area), from the per-process school directory."""
    directory = school_directory()
    wanted = [s.pk if isinstance(s, School) else s for s in data.schools if s not in (None, "")]
    if any(pk not in directory.rows for pk in wanted):
        raise ValidationError({"school_1": _("Sekolah tidak ditemukan.")})
    schools = []
    for pk in wanted:
        school = directory.school(pk)
        school.in_area = (pk, village_code) in directory.pairs
        schools.append(school)
    data.schools = schools


def _home_village(child: Resident, data: RegistrationInput):
    if data.domicile_basis == DomicileBasis.LETTER:
        return None  # the letter's village, known once the letter is found
    return child.family.village_id if child.family_id else child.village_id


def _validate(year: SchoolYear, child: Resident, data: RegistrationInput, *, today: dt.date) -> dict:
    """Check the input against the rules; return the registration's derived fields."""
    errors: dict[str, str] = {}
    letter = None
    if data.domicile_basis == DomicileBasis.LETTER:
        letter = _domicile_letter(data.domicile_letter_number, child)
        _load_schools(data, letter.village_id)
    if data.level not in Level.values:
        errors["level"] = _("Pilih jenjang SD atau SMP.")
    elif data.track not in sel.LEVEL_TRACKS[data.level]:
        errors["track"] = _("Jalur ini tidak ada pada jenjang yang dipilih.")
    schools = data.schools
    if not schools:
        errors["school_1"] = _("Pilih minimal satu sekolah.")
    elif len(schools) > MAX_CHOICES:
        errors["school_1"] = _("Paling banyak tiga sekolah.")
    elif len({s.pk for s in schools}) != len(schools):
        errors["school_2"] = _("Setiap sekolah hanya boleh dipilih sekali.")
    elif any(s.level != data.level or not s.is_active for s in schools):
        errors["school_1"] = _("Semua sekolah pilihan harus sekolah %(level)s yang aktif.") % {
            "level": Level(data.level).label if data.level in Level.values else ""}
    if not (data.parent_name or "").strip():
        errors["parent_name"] = _("Nama orang tua/wali wajib diisi.")
    phone = normalize_phone(data.parent_phone or "")
    if not phone:
        errors["parent_phone"] = _("Nomor WhatsApp tidak valid. Contoh: 0812 3456 7890.")
    if data.track == Track.AFIRMASI and data.affirmation_basis not in {
            AffirmationBasis.AID_CARD, AffirmationBasis.POVERTY_REGISTER, AffirmationBasis.DISABILITY}:
        errors["affirmation_basis"] = _("Jalur afirmasi: pilih dasar afirmasi (kartu bantuan, data kemiskinan "
                                        "atau disabilitas).")
    if data.track == Track.MUTASI and data.transfer_basis not in {
            TransferBasis.PARENT_TRANSFER, TransferBasis.TEACHER_CHILD}:
        errors["transfer_basis"] = _("Jalur mutasi: pilih dasar mutasi.")
    if data.track == Track.PRESTASI and data.report_average is None:
        errors["report_average"] = _("Jalur prestasi: isi rata-rata rapor lima semester.")
    if data.report_average is not None and not (0 <= data.report_average <= 100):
        errors["report_average"] = _("Rata-rata rapor antara 0 dan 100.")
    if data.prestasi_rule is not None and data.prestasi_rule.year_id != year.pk:
        errors["prestasi_rule"] = _("Pilih prestasi dari tabel tahun ini.")
    if data.level in Level.values and not errors.get("level"):
        months = sel.age_months(child.birth_date, year.reference_date)
        rules = sel.Rules(year.reference_date)
        if data.level == Level.SD and months < rules.sd_exception_months:
            errors["level"] = _("Anak belum berusia 5 tahun 6 bulan pada %(date)s, sehingga belum dapat mendaftar "
                                "SD tahun ini.") % {"date": year.reference_date.strftime("%d-%m-%Y")}
        if data.level == Level.SMP and months > rules.smp_max_months:
            errors["level"] = _("Anak berusia lebih dari 15 tahun pada %(date)s; SMP menerima paling tinggi 15 "
                                "tahun.") % {"date": year.reference_date.strftime("%d-%m-%Y")}
    if errors:
        raise ValidationError(errors)

    home_village = child.family.village_id if child.family_id else child.village_id
    kk_since, letter_number = None, ""
    if letter is not None:
        home_village, letter_number = letter.village_id, letter.number
        domicile_ok = True
    else:
        if data.kk_since is None:
            raise ValidationError({"kk_since": _("Isi tanggal terbit KK (tercetak di bawah tanda tangan pada KK).")})
        if data.kk_since > today:
            raise ValidationError({"kk_since": _("Tanggal terbit KK tidak boleh setelah hari ini.")})
        kk_since = data.kk_since
        domicile_ok = _kk_old_enough(kk_since, today)
    if data.latitude is not None and data.longitude is not None:
        if not (-11 <= data.latitude <= 6 and 94 <= data.longitude <= 142):
            raise ValidationError({"latitude": _("Titik rumah harus di wilayah Indonesia.")})
        lat, lon, source = float(data.latitude), float(data.longitude), LocationSource.POINT
    else:
        centre = VillageCentre.objects.filter(village_id=home_village).first()
        if centre is None:
            raise ValidationError({"latitude": _("Titik pusat desa Anda belum tersedia; tandai lokasi rumah dengan "
                                                 "tombol lokasi atau isi lintang dan bujur.")})
        lat, lon, source = centre.latitude, centre.longitude, LocationSource.VILLAGE
    return {
        "level": data.level, "track": data.track, "home_village_id": home_village, "latitude": lat,
        "longitude": lon, "location_source": source, "domicile_basis": data.domicile_basis, "kk_since": kk_since,
        "domicile_letter_number": letter_number, "domicile_ok": domicile_ok,
        "affirmation_basis": data.affirmation_basis if data.track == Track.AFIRMASI else "",
        "transfer_basis": data.transfer_basis if data.track == Track.MUTASI else "",
        "report_average": data.report_average if data.track == Track.PRESTASI else None,
        "prestasi_rule": data.prestasi_rule if data.track == Track.PRESTASI else None,
        "score": _score(data) if data.track == Track.PRESTASI else Decimal("0"),
        "parent_name": data.parent_name.strip()[:150], "parent_phone": phone,
        "verifying_school": schools[0],
    }


def _enc(value: int) -> str:
    return f"{value + 10**15:017d}"


def sort_key(key: tuple) -> str:
    """`selection.rank_key` as a string that sorts the same way (for the live ranking's index)."""
    return ".".join(_enc(int(x)) for x in key)


def _school_data(school: School, in_area: bool, village: str) -> sel.School:
    """The school as the selection sees it, with just as much of its domisili area as decides for this child."""
    return sel.School(school.pk, school.level, school.latitude, school.longitude,
                      frozenset({village}) if in_area else frozenset())


def child_data(registration: Registration, choices: Sequence[tuple[int, str]] = (), *,
               proofs: frozenset[str] | None = None) -> sel.Child:
    """The registration as the selection sees it. Proofs count once the registration is verified (the live ranking
    shows claimed ones)."""
    if proofs is None:
        claimed = {
            sel.AFIRMASI: bool(registration.affirmation_basis),
            sel.MUTASI: bool(registration.transfer_basis),
            sel.PRESTASI: registration.report_average is not None,
        }
        proofs = frozenset(t for t, ok in claimed.items() if ok and t == registration.track)
    return sel.Child(
        id=registration.pk or 0, birth_date=registration.birth_date,
        order=registration.pk or 0,  # ids grow with registration time: the earlier registration first
        lat=registration.latitude, lon=registration.longitude, village=registration.home_village_id,
        choices=tuple(choices), domicile_ok=registration.domicile_ok, proofs=proofs,
        score=float(registration.score or 0), young_exception=registration.young_exception,
    )


def _write_choices(registration: Registration, schools: Sequence[School], year: SchoolYear, *,
                   new: bool = False) -> None:
    if not new:
        registration.choices.all().delete()
    rules = sel.Rules(year.reference_date)
    child = child_data(registration)
    village = registration.home_village_id
    if any(not hasattr(s, "in_area") for s in schools):
        in_area = set(School.domicile_villages.through.objects.filter(
            school_id__in=[s.pk for s in schools], village_id=village).values_list("school_id", flat=True))
    else:
        in_area = {s.pk for s in schools if s.in_area}
    rows = []
    for position, school in enumerate(schools, start=1):
        data = _school_data(school, school.pk in in_area, village)
        distance = sel.haversine_m(registration.latitude, registration.longitude, school.latitude, school.longitude)
        eligible = sel.refusal_reason(child, data, registration.track, rules) is None
        key = sel.rank_key(child, data, registration.track, rules, distance)
        rows.append(Choice(registration=registration, position=position, school=school, track=registration.track,
                           distance_m=round(distance), eligible=eligible, sort_key=sort_key(key),
                           active=registration.status in {Status.SUBMITTED, Status.VERIFIED}))
    Choice.objects.bulk_create(rows)


def registration_create(*, year: SchoolYear, child: Resident, data: RegistrationInput) -> Registration:
    """A new registration (draft) for `child`, whose identity the parent proved with NIK and KK number."""
    now = timezone.now()
    if not year.registration_open(now):
        raise ValidationError(_("Pendaftaran SPMB %(year)s tidak sedang dibuka.") % {"year": year.name})
    village = _home_village(child, data)
    if village is not None:
        _load_schools(data, village)
    fields = _validate(year, child, data, today=timezone.localdate())
    schools = data.schools
    for _attempt in range(5):
        registration = Registration(year=year, child=child, child_name=child.name, birth_date=child.birth_date,
                                    **fields)
        try:
            with transaction.atomic():
                REGISTRATIONS.apply(registration, "created", by=None)
                _write_choices(registration, schools, year, new=True)
            return registration
        except IntegrityError:
            # One registration per child (the constraint decides, no read before the insert); else the number.
            existing = Registration.objects.filter(year=year, child=child).exclude(status=Status.CANCELLED).first()
            if existing is not None:
                raise ValidationError(_(
                    "Anak ini sudah terdaftar dengan nomor %(number)s. Ikuti dan ubah pendaftarannya lewat tautan "
                    "yang dikirim ke WhatsApp orang tua.") % {"number": existing.number}) from None
            if Registration.objects.filter(number=registration.number).exists():
                continue  # 40 random bits collide almost never; draw again
            raise
    raise RuntimeError("could not allocate a registration number")


def registration_update(*, registration: Registration, by, data: RegistrationInput) -> Registration:
    """Change the data until verification (the parent, through the secret link)."""
    if registration.status not in {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}:
        raise ValidationError(_("Pendaftaran yang sudah diverifikasi tidak dapat diubah."))
    village = _home_village(registration.child, data)
    if village is not None:
        _load_schools(data, village)
    fields = _validate(registration.year, registration.child, data, today=timezone.localdate())
    schools = data.schools
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "edited", by=by, changes=fields)
        _write_choices(registration, schools, registration.year)
    return registration


def required_documents(registration: Registration) -> list[str]:
    kinds = [DocumentKind.KK, DocumentKind.BIRTH]
    if registration.track == Track.AFIRMASI:
        kinds.append(DocumentKind.DISABILITY if registration.affirmation_basis == AffirmationBasis.DISABILITY
                     else DocumentKind.AID_CARD)
    elif registration.track == Track.MUTASI:
        kinds.append(DocumentKind.TRANSFER)
    elif registration.track == Track.PRESTASI:
        kinds.append(DocumentKind.REPORT)
        if registration.prestasi_rule_id:
            kinds.append(DocumentKind.CERTIFICATE)
    if (registration.level == Level.SD
            and sel.age_months(registration.birth_date, registration.year.reference_date) < 72):
        kinds.append(DocumentKind.PSYCHOLOGIST)
    return kinds


def document_add(*, registration: Registration, by, kind: str, upload):
    """Attach a scan (PDF, JPEG or PNG, at most 2 MB) of one document type; replaces one of the same type."""
    from satupintu.core.files import pdf_check

    from .models import Document

    if kind not in DocumentKind.values:
        raise ValidationError(_("Jenis dokumen tidak dikenal."))
    if not registration.editable:
        raise ValidationError(_("Dokumen tidak dapat diubah setelah pendaftaran diverifikasi."))
    if REGISTRATIONS.actor_kinds(by, registration).isdisjoint({"parent"}):
        raise ValidationError(_("Anda tidak berwenang mengubah pendaftaran ini."))
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if content_type not in DOCUMENT_TYPES:
        raise ValidationError(_("Unggah berkas PDF, JPG atau PNG."))
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Berkas terlalu besar; paling besar 2 MB."))
    if content_type == "application/pdf":
        pdf_check(upload, name=getattr(upload, "name", ""))
    with transaction.atomic():
        registration.documents.filter(kind=kind).delete()
        doc = Document(registration=registration, kind=kind, original_name=(upload.name or "berkas")[-200:],
                       content_type=content_type, size=upload.size)
        doc.file.save(f"{registration.number}-{kind}{DOCUMENT_TYPES[content_type]}", upload, save=False)
        doc.save()
        audit_record(obj=registration, action="spmb.document_added", actor=None, data={"kind": kind})
    return doc


def missing_documents(registration: Registration) -> list[str]:
    have = set(registration.documents.values_list("kind", flat=True))
    return [k for k in required_documents(registration) if k not in have]


def _set_choices_active(registration: Registration, active: bool) -> None:
    registration.choices.update(active=active)


def registration_submit(*, registration: Registration, by) -> Registration:
    missing = missing_documents(registration)
    if missing:
        labels = ", ".join(str(DocumentKind(k).label) for k in missing)
        raise ValidationError(_("Unggah dulu dokumen: %(documents)s.") % {"documents": labels})
    if not registration.year.registration_open(timezone.now()):
        raise ValidationError(_("Pendaftaran sudah ditutup."))
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "submitted", by=by, changes={"submitted_at": timezone.now(),
                                                                       "status_note": ""})
        _set_choices_active(registration, True)
    return registration


def registration_return(*, registration: Registration, by, reason: str) -> Registration:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan pengembalian."))
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "returned", by=by, changes={"status_note": reason[:500]}, note=reason)
        _set_choices_active(registration, False)
    return registration


def registration_verify(*, registration: Registration, by, young_exception: bool | None = None,
                        note: str = "") -> Registration:
    """The school's operator accepts the documents. For an SD child under 6 on 1 July the operator records whether a
    psychologist recommends admission (the 5 years 6 months exception)."""
    changes = {"verified_by": by, "verified_at": timezone.now(), "status_note": (note or "").strip()[:500]}
    if young_exception is not None:
        changes["young_exception"] = bool(young_exception)
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "verified", by=by, changes=changes, note=note,
                            data={"young_exception": young_exception} if young_exception is not None else None)
        _write_choices(registration, [c.school for c in registration.choices.select_related("school")],
                       registration.year)
    return registration


def registration_cancel(*, registration: Registration, by) -> Registration:
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "cancelled", by=by)
        _set_choices_active(registration, False)
    return registration


def registration_reregister(*, registration: Registration, by) -> Registration:
    if timezone.now() > registration.year.reregistration_closes:
        raise ValidationError(_("Batas daftar ulang sudah lewat."))
    with transaction.atomic():
        REGISTRATIONS.apply(registration, "reregistered", by=by, changes={"reregistered_at": timezone.now()})
    return registration


# --- selection --------------------------------------------------------------------------------------------------
def _seats(year: SchoolYear, schools: list[tuple]) -> dict[tuple[int, str], int]:
    seats = {}
    for pk, level, _lat, _lon, capacity in schools:
        for track, n in sel.split_seats(capacity, level, year.percents(level)).items():
            seats[(pk, track)] = n
    return seats


def _rows(queryset) -> list[tuple]:
    """The rows of a values_list queryset straight from the cursor: no per-row converters (the selection reads
    240,000 rows; the caller converts the few columns whose type differs between databases)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)  # SQLite gives ISO text


def selection_input(year: SchoolYear, *, round: int = 1):
    """Schools, seats and children of a round from the database: five queries whatever the number of children, rows
    as tuples (no model instances)."""
    rows = list(School.objects.filter(is_active=True).order_by("pk")
                .values_list("pk", "level", "latitude", "longitude", "capacity"))
    areas: dict[int, set[str]] = {}
    for school_id, village in School.domicile_villages.through.objects.values_list("school_id", "village_id"):
        areas.setdefault(school_id, set()).add(village)
    schools = [sel.School(pk, level, lat, lon, frozenset(areas.get(pk, ()))) for pk, level, lat, lon, _c in rows]
    seats = _seats(year, rows)
    if round > 1:  # seats of earlier rounds that are taken (admitted or re-registered) stay taken
        for school_id, track in Placement.objects.filter(
                registration__year=year, round__lt=round, school__isnull=False,
                registration__status__in=[Status.ADMITTED, Status.REREGISTERED]).values_list("school_id", "track"):
            seats[(school_id, track)] = max(0, seats.get((school_id, track), 0) - 1)
    choices: dict[int, list[tuple[int, str]]] = {}
    for reg_id, school_id, track in _rows(
            Choice.objects.filter(registration__year=year, registration__round=round,
                                  registration__status=Status.VERIFIED)
            .order_by("registration_id", "position").values_list("registration_id", "school_id", "track")):
        entry = choices.get(reg_id)
        if entry is None:
            choices[reg_id] = [(school_id, track)]
        else:
            entry.append((school_id, track))
    children = []
    no_proof, proof_of = frozenset(), {t: frozenset({t}) for t in (sel.AFIRMASI, sel.MUTASI, sel.PRESTASI)}
    Child, as_date = sel.Child, _as_date
    for (pk, birth, lat, lon, village, ok, track, score, young) in _rows(
            Registration.objects.filter(year=year, round=round, status=Status.VERIFIED).order_by("pk")
            .values_list("pk", "birth_date", "latitude", "longitude", "home_village_id",
                         "domicile_ok", "track", "score", "young_exception")):
        children.append(Child(
            id=pk, birth_date=as_date(birth), order=pk, lat=lat, lon=lon, village=village,
            choices=tuple(choices.get(pk, ())), domicile_ok=bool(ok), proofs=proof_of.get(track, no_proof),
            score=float(score or 0), young_exception=bool(young),
        ))
    return schools, seats, children, sel.Rules(year.reference_date, unused_to_domisili=year.unused_to_domisili)


CHUNK = 2000


def _insert_placements(result: sel.Result, round: int) -> None:
    """One row per child, written without model instances (60,000 of them through bulk_create cost seconds of Python
    for rows that need no model behaviour): COPY on PostgreSQL, executemany on SQLite."""
    q = connection.ops.quote_name
    table, columns = q(Placement._meta.db_table), ("registration_id", "round", "school_id", "track", "choice", "rule",
                                                   "distance_m", "refusals")
    # The refusals as JSON text, written out: ids are ints, tracks and reasons are the selection's own plain words
    # (json.dumps per row is a third of the store's time). A test compares it with json.dumps.
    rows = [(o.child, round, o.school, o.track or "", o.choice, o.rule, o.distance_m,
             "[" + ",".join([f'[{r[0]},"{r[1]}","{r[2]}"]' for r in o.refusals]) + "]" if o.refusals else "[]")
            for o in result.outcomes]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            # The table's statistics may still say "empty" (autovacuum has not seen the 60,000 rows yet): the UPDATE
            # of the states that follows, and every page reading the results, would be planned for an empty table.
            cursor.execute(f"ANALYZE {table}")
            return
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - our table and columns
               f"VALUES ({', '.join(['%s'] * len(columns))})")
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start:start + 10_000])


def _set_selected_states(*, year: SchoolYear, round: int, now: dt.datetime) -> None:
    """Verified registrations of the round become admitted (a placement with a school) or not admitted: one UPDATE
    over the placements just written, whatever the number of children."""
    q = connection.ops.quote_name
    reg, placement = q(Registration._meta.db_table), q(Placement._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {reg} SET status = CASE WHEN EXISTS (SELECT 1 FROM {placement} p "  # noqa: S608 - our tables
            f"WHERE p.registration_id = {reg}.id AND p.round = %s AND p.school_id IS NOT NULL) THEN %s ELSE %s END, "
            f"updated_at = %s WHERE year_id = %s AND round = %s AND status = %s",
            [round, Status.ADMITTED.value, Status.NOT_ADMITTED.value, connection.ops.adapt_datetimefield_value(now),
             year.pk, round, Status.VERIFIED.value],
        )


def selection_run(*, year: SchoolYear, by, round: int = 1, timings: dict | None = None) -> sel.Result:
    """Run the selection of a round over every verified registration and store it, in one transaction: read (five
    queries, tuples), compute (`selection.select`, pure), store (the placements by COPY or executemany, the cut-offs by
    bulk_create, the states by one UPDATE, the registrations' audit records by one INSERT ... SELECT, and one audit
    record of the run with its digest). `timings`, when given, receives the seconds of each phase."""
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang menjalankan seleksi."))
    now = timezone.now()
    if round == 1 and year.selected_at:
        raise ValidationError(_("Seleksi tahap pertama sudah dijalankan."))
    if round == 1 and now < year.verification_closes:
        raise ValidationError(_("Seleksi dijalankan setelah verifikasi ditutup."))
    if round == 2 and not (year.second_round_opens and now >= year.second_round_opens):
        raise ValidationError(_("Tahap kedua belum dibuka."))
    if round > 1 and Placement.objects.filter(registration__year=year, round=round).exists():
        raise ValidationError(_("Seleksi tahap ini sudah dijalankan."))
    REGISTRATIONS.bulk_check("selected")
    clock = _PhaseClock(timings)
    with _no_cyclic_gc(), transaction.atomic():
        SchoolYear.objects.select_for_update().get(pk=year.pk)
        schools, seats, children, rules = selection_input(year, round=round)
        clock.lap("read")
        result = sel.select(schools, seats, children, rules)
        digest = result.digest()
        clock.lap("compute")
        Placement.objects.filter(registration__year=year, round=round).delete()
        Cutoff.objects.filter(year=year, round=round).delete()
        _insert_placements(result, round)
        Cutoff.objects.bulk_create([
            Cutoff(year=year, round=round, school_id=c.school, track=c.track, seats=c.seats, admitted=c.admitted,
                   distance_m=c.distance_m, birth_date=c.birth_date,
                   score=Decimal(str(c.score)).quantize(Decimal("0.01")) if c.score is not None else None)
            for c in result.cutoffs
        ], batch_size=CHUNK)
        admitted = sum(1 for o in result.outcomes if o.school is not None)
        _set_selected_states(year=year, round=round, now=now)
        REGISTRATIONS.bulk_record(
            action="selected", where_sql="year_id = %s AND round = %s AND status IN (%s, %s)",
            params=[year.pk, round, Status.ADMITTED.value, Status.NOT_ADMITTED.value],
            from_state_sql="'verified'", now=now, timeline=False,
        )
        SchoolYear.objects.filter(pk=year.pk).update(selected_at=now, selection_digest=digest)
        transaction.on_commit(year_memo.clear)
        audit_record(obj=year, action="spmb.selection_run", actor=by,
                     data={"round": round, "children": len(children), "admitted": admitted, "digest": digest,
                           "rounds_of_seat_moves": result.rounds})
    clock.lap("store")  # with the commit
    year.selected_at, year.selection_digest = now, digest
    return result


class _PhaseClock:
    """Seconds per phase of a run into `timings` (a dict, or None for no timing): `timings[phase]` the elapsed time,
    `timings[phase + " cpu"]` this process's CPU time (on a loaded machine the figure that does not wait for others).
    The benchmark prints them."""

    def __init__(self, timings: dict | None) -> None:
        self.timings = timings
        self.last, self.last_cpu = time.perf_counter(), time.process_time()

    def lap(self, phase: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if self.timings is not None:
            self.timings[phase] = now - self.last
            self.timings[f"{phase} cpu"] = cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu


@contextmanager
def _no_cyclic_gc():
    """A run makes a few hundred thousand tuples (rows read, children, keys, outcomes, rows written) and frees none of
    them until it ends: the cyclic garbage collector would scan the growing heap again and again (a fifth of the
    compute) to find nothing. Reference counting still frees everything; the collector is back on (if it was) after
    the run."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def selection_announce(*, year: SchoolYear, by, round: int | None = None) -> int:
    """Publish the results of a round (default: the latest run): parents see them on their pages, and each gets a
    message (queued after commit)."""
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang mengumumkan hasil."))
    if not year.selected_at:
        raise ValidationError(_("Jalankan seleksi dulu."))
    if round is None:
        round = 2 if Placement.objects.filter(registration__year=year, round=2).exists() else 1
    with transaction.atomic():
        SchoolYear.objects.filter(pk=year.pk).update(announced_at=timezone.now())
        transaction.on_commit(year_memo.clear)
        audit_record(obj=year, action="spmb.announced", actor=by, data={"round": round})
        from .tasks import announce_results_task

        transaction.on_commit(lambda: announce_results_task.enqueue(year.pk, round))
    year.announced_at = timezone.now()
    return Placement.objects.filter(registration__year=year, round=round).count()


def announce_results(*, year_id: int, round: int = 1) -> int:
    """The result message of every registration of a round (idempotent: keyed by the registration and round)."""
    sent = 0
    qs = Registration.objects.filter(year_id=year_id, round=round,
                                     status__in=[Status.ADMITTED, Status.NOT_ADMITTED]).select_related("year")
    for registration in qs.iterator(chunk_size=500):
        sent += REGISTRATIONS.announce("selected", registration, key=f"spmb:{registration.pk}:result:{round}")
    return sent


def reregistration_sweep(*, year: SchoolYear, now: dt.datetime | None = None) -> int:
    """After the re-registration deadline, admitted children who did not re-register forfeit their seats (which the
    second round offers)."""
    now = now or timezone.now()
    if now <= year.reregistration_closes:
        return 0
    REGISTRATIONS.bulk_check("forfeited")
    with transaction.atomic():
        n = Registration.objects.filter(year=year, status=Status.ADMITTED).update(status=Status.FORFEITED,
                                                                                  updated_at=now)
        if n:
            REGISTRATIONS.bulk_record(action="forfeited", where_sql="year_id = %s AND status = %s AND updated_at = %s",
                                      params=[year.pk, Status.FORFEITED.value,
                                              connection.ops.adapt_datetimefield_value(now)],
                                      from_state_sql="'admitted'", now=now, timeline=False)
    return n


def second_round_open(*, year: SchoolYear, by) -> int:
    """Children not admitted in the first round take part in the second, over the seats left (not taken, or
    forfeited)."""
    if not permissions.can_manage_spmb(by):
        raise ValidationError(_("Anda tidak berwenang membuka tahap kedua."))
    now = timezone.now()
    if not (year.second_round_opens and now >= year.second_round_opens):
        raise ValidationError(_("Tahap kedua belum dibuka."))
    reregistration_sweep(year=year, now=now)
    REGISTRATIONS.bulk_check("second_round")
    with transaction.atomic():
        n = Registration.objects.filter(year=year, round=1, status=Status.NOT_ADMITTED).update(
            status=Status.VERIFIED, round=2, updated_at=now)
        if n:
            REGISTRATIONS.bulk_record(action="second_round", where_sql="year_id = %s AND round = 2 AND status = %s",
                                      params=[year.pk, Status.VERIFIED.value], from_state_sql="'not_admitted'",
                                      now=now, timeline=False)
    return n


# --- objections ---------------------------------------------------------------------------------------------------
OBJECTION_CATEGORY_SLUG = "spmb"


def education_office():
    """The agency SPMB belongs to: Disdik (slug "disdik"), else the agency of an active education-office account."""
    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.organisasi.models import Agency

    agency = Agency.objects.filter(slug="disdik", is_active=True).first()
    if agency is None:
        agency_id = (User.objects.filter(role=Role.EDUCATION_OFFICER, is_active=True, agency__is_active=True)
                     .order_by("pk").values_list("agency_id", flat=True).first())
        agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    return agency


def objection_category():
    """The complaint category of SPMB objections, made on first use (under "Pendidikan" when that exists), routed by
    default to the education office."""
    from satupintu.aduan.models import Category

    category = Category.objects.filter(slug=OBJECTION_CATEGORY_SLUG).first()
    if category is None:
        category = Category.objects.create(
            slug=OBJECTION_CATEGORY_SLUG, name="Penerimaan murid baru (SPMB)", order=90,
            description="Keberatan atas hasil seleksi SPMB",
            parent=Category.objects.filter(slug="pendidikan").first(),
            default_agency=education_office())
    elif category.default_agency_id is None:
        agency = education_office()
        if agency is not None:
            Category.objects.filter(pk=category.pk).update(default_agency=agency)
            category.default_agency = agency
    return category


def objection_file(*, registration: Registration, by: ParentAccess, text: str):
    """An objection to the result, filed as a complaint in category SPMB and routed at once to the category's agency,
    the education office (aduan's system step "route": verified and assigned at once; no regency administrator sorts it by
    hand; without such an agency it waits in the administrator's queue as any report). Confidential: it names a
    child."""
    from satupintu.aduan.services import complaint_route, complaint_submit

    if not (isinstance(by, ParentAccess) and by.registration_id == registration.pk):
        raise ValidationError(_("Anda tidak berwenang mengajukan keberatan atas pendaftaran ini."))
    if registration.status not in {Status.ADMITTED, Status.NOT_ADMITTED, Status.REREGISTERED, Status.FORFEITED}:
        raise ValidationError(_("Keberatan diajukan setelah hasil seleksi diumumkan."))
    if not registration.year.announced_at:
        raise ValidationError(_("Keberatan diajukan setelah hasil seleksi diumumkan."))
    text = (text or "").strip()
    if len(text) < 20:
        raise ValidationError({"text": _("Jelaskan keberatan Anda (minimal 20 huruf).")})
    with transaction.atomic():
        category = objection_category()
        complaint = complaint_submit(
            kind="pengaduan", title=_("Keberatan hasil SPMB %(number)s") % {"number": registration.number},
            description=text, category=category, village=registration.home_village,
            reporter_name=registration.parent_name, reporter_phone=registration.parent_phone, is_confidential=True,
            external_ref=f"spmb:{registration.number}:{timezone.now():%Y%m%d%H%M%S}",
        )
        agency = category.routing_agency()
        if agency is not None and agency.is_active and complaint.status == "received":
            complaint_route(complaint=complaint, agency=agency,
                            note=_("Keberatan hasil SPMB: diteruskan otomatis ke %(agency)s.")
                            % {"agency": agency.short_name or agency.name})
        audit_record(obj=registration, action="spmb.objection_filed", actor=None,
                     data={"complaint": complaint.tracking_code})
    return complaint

