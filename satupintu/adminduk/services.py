"""Writes of civil registration: declare, correct, verify, return, register, hand over — for births and deaths.

Each is one transaction; every step goes through the workflow table (workflow.py), which audits it and queues the
family's message. Bad input raises ValidationError with Indonesian messages per field and changes nothing.

Registering is the heavy step (`birth_register`): certificate number and NIK from locked counters (numbering.py),
the baby into the register and onto the KK as a new version (penduduk.civil), the kutipan akta and the new KK
rendered and signed (documents.py) — all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.akun.permissions import require
from satupintu.core.formatting import tanggal
from satupintu.core.phones import normalize_phone
from satupintu.penduduk import civil
from satupintu.penduduk.models import Family, Resident, ResidentStatus, validate_kk_number
from satupintu.penduduk.nik import normalize_nik, parse_nik
from satupintu.surat.models import LetterRequest

from . import documents, numbering, permissions
from .models import (
    Attendant,
    BirthRegistration,
    DeathCause,
    DeathRegistration,
    HealthFacility,
    Origin,
)
from .workflow import BIRTHS, DEATHS, workflow_for

BIRTH_LETTER = "S-17"  # surat keterangan kelahiran (surat's catalogue)
DEATH_LETTER = "S-21"  # surat keterangan kematian

CHECKLIST = (
    ("parents", gettext_lazy("Identitas ibu dan ayah sesuai register/KK")),
    ("marriage", gettext_lazy("Buku nikah/akta perkawinan atau SPTJM ada")),
    ("witnesses", gettext_lazy("Dua saksi lengkap dengan NIK")),
    ("source", gettext_lazy("Surat keterangan lahir/kematian dari fasilitas atau desa ada")),
)
CHECKLIST_KEYS = tuple(key for key, _label in CHECKLIST)


# --- shared checks ------------------------------------------------------------------------------------------------
def _regency_digits() -> str:
    return str(settings.SATUPINTU_REGENCY_CODE).replace(".", "")


def _nik(errors: dict, field: str, value, *, required: bool = True, label: str = "") -> Any:
    """Parse a NIK into `errors[field]` or its NikInfo (None when empty and optional)."""
    value = normalize_nik(value)
    if not value:
        if required:
            errors[field] = _("%(label)s wajib diisi.") % {"label": label}
        return None
    try:
        return parse_nik(value)
    except ValidationError as exc:
        errors[field] = f"{label}: {' '.join(exc.messages)}"
        return None


def _text(data: dict, name: str, limit: int = 150) -> str:
    return " ".join(str(data.get(name) or "").split())[:limit]


def _date(errors: dict, data: dict, name: str, label: str) -> dt.date | None:
    value = data.get(name)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and value:
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        errors[name] = _("%(label)s wajib diisi dengan tanggal yang sah.") % {"label": label}
        return None
    return value


def _time(errors: dict, data: dict, name: str, label: str, *, required: bool) -> dt.time | None:
    value = data.get(name)
    if isinstance(value, str) and value:
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            value = None
    if value in (None, ""):
        if required:
            errors[name] = _("%(label)s wajib diisi.") % {"label": label}
        return None
    if not isinstance(value, dt.time):
        errors[name] = _("%(label)s bukan jam yang sah (contoh 08:30).") % {"label": label}
        return None
    return value


def _witnesses(errors: dict, data: dict) -> dict:
    out = {}
    for i in (1, 2):
        name = _text(data, f"witness{i}_name")
        if not name:
            errors[f"witness{i}_name"] = _("Nama saksi %(n)s wajib diisi.") % {"n": i}
        info = _nik(errors, f"witness{i}_nik", data.get(f"witness{i}_nik"), label=_("NIK saksi %(n)s") % {"n": i})
        out[f"witness{i}_name"] = name
        out[f"witness{i}_nik"] = info.nik if info else ""
    if out["witness1_nik"] and out["witness1_nik"] == out["witness2_nik"]:
        errors["witness2_nik"] = _("Kedua saksi harus orang yang berbeda.")
    return out


def _contact(errors: dict, data: dict) -> dict:
    phone_raw = _text(data, "contact_phone", 30)
    phone = normalize_phone(phone_raw) if phone_raw else ""
    if phone_raw and not phone:
        errors["contact_phone"] = _("Nomor WhatsApp tidak dikenali. Contoh: 0812 3456 7890.")
    email = _text(data, "contact_email", 254)
    if email and ("@" not in email or "." not in email.rsplit("@", 1)[-1]):
        errors["contact_email"] = _("Alamat email tidak sah.")
    return {"contact_phone": phone or "", "contact_email": email}


def _village_letter(errors: dict, *, by, number: str, code: str, model, exclude_pk=None) -> LetterRequest | None:
    """The village's own signed, unrevoked letter of type `code` with this printed number, not used before."""
    from satupintu.surat.selectors import normalize_letter_number

    number = normalize_letter_number(number)
    if not number:
        errors["letter_number"] = _("Nomor surat keterangan desa wajib diisi untuk kelahiran/kematian di rumah.")
        return None
    letter = (LetterRequest.objects.select_related("letter_type")
              .filter(village_id=by.village_id, number=number, letter_type__code=code, signed_at__isnull=False)
              .first())
    if letter is None:
        errors["letter_number"] = _(
            "Surat keterangan %(type)s bernomor %(number)s tidak ditemukan di desa Anda (atau belum ditandatangani)."
        ) % {"type": _("kelahiran") if code == BIRTH_LETTER else _("kematian"), "number": number}
        return None
    if letter.is_revoked:
        errors["letter_number"] = _("Surat keterangan ini sudah dicabut dan tidak dapat dipakai.")
        return None
    if model.objects.filter(village_letter=letter).exclude(pk=exclude_pk).exists():
        errors["letter_number"] = _("Surat keterangan ini sudah dipakai untuk laporan lain.")
        return None
    return letter


def _origin(errors: dict, *, by, facility, letter_number: str, code: str, model, exclude_pk=None) -> dict:
    """Where the declaration comes from: the officer's facility, or the village's letter (home birth/death)."""
    if facility is not None:
        if not isinstance(facility, HealthFacility):
            facility = HealthFacility.objects.filter(pk=facility, is_active=True).first()
        if facility is None or facility.pk not in permissions.facility_ids(by):
            raise PermissionDenied
        return {"origin": Origin.FACILITY, "facility": facility, "village_id": facility.village_id,
                "village_letter": None}
    if not permissions.is_village_declarant(by):
        raise PermissionDenied
    letter = _village_letter(errors, by=by, number=letter_number, code=code, model=model, exclude_pk=exclude_pk)
    return {"origin": Origin.VILLAGE, "facility": None, "village_id": by.village_id, "village_letter": letter}


# --- births -------------------------------------------------------------------------------------------------------
def _clean_birth(*, by, data: dict, origin: dict, exclude_pk=None) -> tuple[dict, list[str], dict]:
    """The declaration's fields, the notes for the verifier (parents or KK not in the register) and the errors."""
    errors: dict[str, str] = {}
    now = timezone.localtime()
    mother = _nik(errors, "mother_nik", data.get("mother_nik"), label=_("NIK ibu"))
    father = _nik(errors, "father_nik", data.get("father_nik"), required=False, label=_("NIK ayah"))
    if mother and mother.sex != "P":
        errors["mother_nik"] = _("NIK ibu yang diisi adalah NIK laki-laki (digit tanggal lahir di bawah 41). "
                                 "Periksa kembali NIK ibu.")
    if father and father.sex != "L":
        errors["father_nik"] = _("NIK ayah yang diisi adalah NIK perempuan (tanggal lahir ditambah 40). "
                                 "Periksa kembali NIK ayah.")
    kk_number = normalize_nik(data.get("kk_number"))
    if not kk_number:
        errors["kk_number"] = _("Nomor KK wajib diisi.")
    else:
        try:
            validate_kk_number(kk_number)
        except ValidationError as exc:
            errors["kk_number"] = " ".join(exc.messages)
        else:
            if kk_number[:4] != _regency_digits():
                errors["kk_number"] = _(
                    "Nomor KK ini diterbitkan kabupaten/kota lain (kode %(code)s). Kelahiran dicatat di sini hanya "
                    "untuk keluarga ber-KK kabupaten ini; keluarga dari daerah lain melapor ke Disdukcapil daerahnya."
                ) % {"code": kk_number[:4]}

    child_name = _text(data, "child_name")
    if not child_name:
        errors["child_name"] = _("Nama bayi wajib diisi.")
    child_sex = data.get("child_sex")
    if child_sex not in ("L", "P"):
        errors["child_sex"] = _("Pilih jenis kelamin bayi.")
    birth_date = _date(errors, data, "birth_date", _("Tanggal lahir"))
    birth_time = _time(errors, data, "birth_time", _("Jam lahir"), required=True)
    if birth_date and birth_date > now.date():
        errors["birth_date"] = _("Tanggal lahir tidak boleh di masa depan (hari ini %(today)s).") % {
            "today": tanggal(now.date())}
    elif birth_date and birth_time and birth_date == now.date() and birth_time > now.time():
        errors["birth_time"] = _("Jam lahir tidak boleh di masa depan.")
    birth_place = _text(data, "birth_place", 100)
    if not birth_place:
        errors["birth_place"] = _("Tempat lahir wajib diisi.")

    try:
        weight = int(data.get("weight_grams") or 0)
    except (TypeError, ValueError):
        weight = 0
    if not 300 <= weight <= 7000:
        errors["weight_grams"] = _("Berat lahir diisi dalam gram, antara 300 dan 7000.")
    try:
        length = Decimal(str(data.get("length_cm") or "0")).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        length = Decimal(0)
    if not Decimal(20) <= length <= Decimal(65):
        errors["length_cm"] = _("Panjang lahir diisi dalam cm, antara 20 dan 65.")
    attendant = data.get("attendant")
    if attendant not in Attendant.values:
        errors["attendant"] = _("Pilih penolong kelahiran.")
    try:
        order = int(data.get("birth_order") or 1)
    except (TypeError, ValueError):
        order = 0
    if not 1 <= order <= 6:
        errors["birth_order"] = _("Kelahiran ke- diisi 1 untuk bayi tunggal, atau 1, 2, ... untuk bayi kembar.")
    marriage = _text(data, "marriage_book_number", 60)
    sptjm = bool(data.get("sptjm"))
    if not marriage and not sptjm:
        errors["marriage_book_number"] = _("Isi nomor buku nikah/akta perkawinan, atau centang SPTJM bila tidak ada.")
    fields = {
        "kk_number": kk_number, "child_name": child_name, "child_sex": child_sex, "birth_date": birth_date,
        "birth_time": birth_time, "birth_place": birth_place, "weight_grams": weight, "length_cm": length,
        "attendant": attendant, "birth_order": order, "marriage_book_number": marriage, "sptjm": sptjm,
        **_witnesses(errors, data), **_contact(errors, data),
    }

    # The register: who is known, shown masked in the form; what is not known is flagged, not refused (people move).
    notes: list[str] = []
    mother_r = Resident.objects.filter(nik=mother.nik).select_related("family").first() if mother else None
    father_r = Resident.objects.filter(nik=father.nik).select_related("family").first() if father else None
    family = Family.objects.filter(kk_number=kk_number).first() if kk_number and "kk_number" not in errors else None
    if mother and mother_r is None:
        notes.append(str(_("NIK ibu tidak ditemukan di register penduduk.")))
    if father and father_r is None:
        notes.append(str(_("NIK ayah tidak ditemukan di register penduduk.")))
    if not father:
        notes.append(str(_("NIK ayah tidak diisi.")))
    if kk_number and "kk_number" not in errors and family is None:
        notes.append(str(_("Nomor KK tidak ditemukan di register penduduk: bayi baru dapat dicatat setelah KK ada.")))
    if family and mother_r and father_r is None and mother_r.family_id != family.pk:
        notes.append(str(_("Ibu tidak tercatat dalam KK ini.")))
    if family and mother_r and father_r and family.pk not in (mother_r.family_id, father_r.family_id):
        notes.append(str(_("Ibu dan ayah tidak tercatat dalam KK ini.")))
    if mother_r is not None and mother_r.status == ResidentStatus.DECEASED:
        errors["mother_nik"] = _("Register mencatat pemilik NIK ibu ini sudah meninggal. Periksa kembali NIK ibu.")
    for who, r in ((_("Ibu"), mother_r), (_("Ayah"), father_r)):
        if r is not None and r.status != ResidentStatus.ACTIVE and not (r is mother_r and "mother_nik" in errors):
            notes.append(str(_("%(who)s berstatus %(status)s di register.") % {
                "who": who, "status": r.get_status_display()}))
    mother_birth = mother_r.birth_date if mother_r else (mother.birth_date if mother else None)
    if birth_date and mother_birth and birth_date <= mother_birth and "birth_date" not in errors:
        errors["birth_date"] = _("Tanggal lahir bayi (%(baby)s) tidak mungkin sebelum tanggal lahir ibunya (%(mother)s).") % {
            "baby": tanggal(birth_date), "mother": tanggal(mother_birth)}
    fields["mother_name"] = mother_r.name if mother_r else _text(data, "mother_name")
    fields["father_name"] = father_r.name if father_r else _text(data, "father_name")
    if mother and not fields["mother_name"]:
        errors["mother_name"] = _("NIK ibu tidak ada di register: tuliskan nama ibu.")
    if father and not fields["father_name"]:
        errors["father_name"] = _("NIK ayah tidak ada di register: tuliskan nama ayah.")
    fields.update(mother_nik=mother.nik if mother else "", father_nik=father.nik if father else "",
                  mother=mother_r, father=father_r, family=family)

    letter = origin.get("village_letter")
    if letter is not None and birth_date:
        stated = (letter.field_values or {}).get("tanggal_lahir_bayi")
        if stated and stated != birth_date.isoformat():
            errors["birth_date"] = _("Tanggal lahir berbeda dengan surat keterangan kelahiran desa (%(date)s).") % {
                "date": tanggal(dt.date.fromisoformat(stated))}

    if mother and birth_date and "birth_order" not in errors and BirthRegistration.objects.filter(
        mother_nik=mother.nik, birth_date=birth_date, birth_order=order
    ).exclude(pk=exclude_pk).exists():
        errors["child_name"] = _("Kelahiran bayi ini sudah dilaporkan (ibu, tanggal lahir dan urutan kelahiran sama). "
                                 "Untuk bayi kembar, isi kelahiran ke- 2, 3, ...")
    return fields, notes, errors


DUPLICATE = gettext_lazy("Kelahiran bayi ini sudah dilaporkan (ibu, tanggal lahir dan urutan kelahiran sama).")


@transaction.atomic
def birth_declare(*, by, data: dict, facility=None, letter_number: str = "") -> BirthRegistration:
    """A birth declared by a facility's officer, or by the village operator from the village's birth letter."""
    require(permissions.can_declare(by))
    errors: dict[str, str] = {}
    origin = _origin(errors, by=by, facility=facility, letter_number=letter_number, code=BIRTH_LETTER,
                     model=BirthRegistration)
    fields, notes, more = _clean_birth(by=by, data=data, origin=origin)
    errors.update(more)
    if errors:
        raise ValidationError(errors)
    registration = BirthRegistration(**origin, **fields, declared_by=by, needs_attention=bool(notes),
                                     attention_notes=notes)
    try:
        with transaction.atomic():
            BIRTHS.apply(registration, "declared", by=by, data={"origin": origin["origin"]})
    except IntegrityError as exc:  # the same baby declared at the same moment elsewhere
        raise ValidationError({"child_name": str(DUPLICATE)}) from exc
    return registration


@transaction.atomic
def birth_correct(*, registration: BirthRegistration, by, data: dict, letter_number: str = "") -> BirthRegistration:
    """The declarant corrects a returned declaration and sends it back to Disdukcapil."""
    registration = BirthRegistration.objects.select_for_update().get(pk=registration.pk)
    BIRTHS.check("corrected", obj=registration, by=by)
    errors: dict[str, str] = {}
    origin = {"origin": registration.origin, "facility": registration.facility,
              "village_id": registration.village_id, "village_letter": registration.village_letter}
    fields, notes, more = _clean_birth(by=by, data=data, origin=origin, exclude_pk=registration.pk)
    errors.update(more)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            BIRTHS.apply(registration, "corrected", by=by, locked=True,
                         changes={**fields, "needs_attention": bool(notes), "attention_notes": notes})
    except IntegrityError as exc:
        raise ValidationError({"child_name": str(DUPLICATE)}) from exc
    return registration


def _locked(registration):
    return type(registration).objects.select_for_update().get(pk=registration.pk)


@transaction.atomic
def registration_verify(*, registration, by, checklist: list[str], note: str = ""):
    """Disdukcapil's check: every item of the checklist ticked, else return it with reasons."""
    registration = _locked(registration)
    workflow = workflow_for(registration)
    workflow.check("verified", obj=registration, by=by)
    missing = [str(label) for key, label in CHECKLIST if key not in set(checklist or ())]
    if missing:
        raise ValidationError(_("Semua butir daftar periksa harus dicentang sebelum verifikasi (belum: %(items)s). "
                                "Bila ada yang tidak sesuai, kembalikan laporan dengan alasannya.")
                              % {"items": "; ".join(missing)}, code="checklist")
    workflow.apply(registration, "verified", by=by, locked=True, note=note,
                   changes={"verified_at": timezone.now(), "verified_by": by, "checklist": list(CHECKLIST_KEYS)})
    return registration


@transaction.atomic
def registration_return(*, registration, by, reason: str):
    registration = _locked(registration)
    workflow = workflow_for(registration)
    workflow.check("returned", obj=registration, by=by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tuliskan alasan pengembalian agar petugas tahu apa yang harus diperbaiki."))
    workflow.apply(registration, "returned", by=by, locked=True, note=reason[:1000],
                   changes={"return_reason": reason[:1000], "verified_at": None, "verified_by": None, "checklist": []})
    return registration


@transaction.atomic
def registration_hand_over(*, registration, by, received_by: str, discharge_at: dt.datetime | None = None):
    """The documents handed to the family (who received them, when); the facility may record when the mother and
    baby go home, which the statistics compare the hand-over with."""
    registration = _locked(registration)
    workflow = workflow_for(registration)
    workflow.check("handed_over", obj=registration, by=by)
    received_by = " ".join((received_by or "").split())[:150]
    if not received_by:
        raise ValidationError({"received_by": _("Tuliskan nama penerima dokumen (ibu, ayah atau keluarga).")})
    now = timezone.now()
    changes: dict[str, Any] = {"handed_over_at": now, "handed_over_by": by, "handed_over_to": received_by}
    if discharge_at is not None:
        if not isinstance(registration, BirthRegistration):
            raise ValidationError({"discharge_at": _("Waktu pulang hanya dicatat untuk kelahiran.")})
        if discharge_at < registration.declared_at:
            raise ValidationError({"discharge_at": _("Waktu pulang tidak mungkin sebelum kelahiran dilaporkan.")})
        changes["discharge_at"] = discharge_at
    workflow.apply(registration, "handed_over", by=by, locked=True, changes=changes, data={"to": received_by})
    return registration


@transaction.atomic
def birth_register(*, registration: BirthRegistration, by, passphrase: str = "",
                   now: dt.datetime | None = None) -> BirthRegistration:
    """Register a verified birth: certificate number (late code after 60 days), the baby's NIK, the baby in the
    register and on the KK as its new version, the kutipan akta and the new KK signed — one transaction."""
    require(permissions.can_register(by))
    registration = BirthRegistration.objects.select_for_update().get(pk=registration.pk)
    BIRTHS.check("registered", obj=registration, by=by)
    family = Family.objects.select_related("village__district").filter(kk_number=registration.kk_number).first()
    if family is None:
        raise ValidationError(_(
            "KK %(kk)s belum ada di register penduduk, jadi bayi belum dapat ditambahkan. Perbarui register (impor data "
            "KK) lalu catat lagi, atau kembalikan laporan kepada petugas."
        ) % {"kk": registration.kk_number})
    if family.village.district.regency_id != settings.SATUPINTU_REGENCY_CODE:
        raise ValidationError(_("KK ini terdaftar di luar kabupaten ini."))
    parents = [p for p in Resident.objects.filter(nik__in=[registration.mother_nik, registration.father_nik])]
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = numbering.is_late(registration.birth_date, today, days=numbering.birth_report_days())
    number = numbering.certificate_number("birth", late=late, on=today)
    nik = numbering.next_nik(district_code=family.village.district_id, birth_date=registration.birth_date,
                             sex=registration.child_sex)
    reason = _("Kelahiran %(name)s (akta %(number)s)") % {"name": registration.child_name, "number": number}
    child, version = civil.resident_register_birth(
        by=by, family=family, nik=nik, name=registration.child_name, sex=registration.child_sex,
        birth_place=registration.birth_place, birth_date=registration.birth_date, parents=parents, reason=reason,
        document_number=number,
    )
    registration.certificate_number = number
    registration.is_late = late
    registration.child = child
    registration.child_nik = nik
    registration.family = family
    registration.family_version = version
    registration.mother = next((p for p in parents if p.nik == registration.mother_nik), registration.mother)
    registration.father = next((p for p in parents if p.nik == registration.father_nik), registration.father)
    signer = documents.signer_for(by)
    documents.birth_certificate(registration, signer=signer, now=now, passphrase=passphrase)
    documents.family_card(version, signer=signer, now=now, passphrase=passphrase, birth=registration)
    BIRTHS.apply(registration, "registered", by=by, locked=True, changes={
        "registered_at": now, "registered_by": by, "certificate_number": number, "is_late": late, "child": child,
        "child_nik": nik, "family": family, "family_version": version,
    }, data={"number": number, "late": late, "kk_version": version.version})
    return registration


# --- deaths -------------------------------------------------------------------------------------------------------
def _clean_death(*, by, data: dict, origin: dict, exclude_pk=None) -> tuple[dict, list[str], dict]:
    errors: dict[str, str] = {}
    now = timezone.localtime()
    info = _nik(errors, "deceased_nik", data.get("deceased_nik"), label=_("NIK almarhum/almarhumah"))
    deceased = Resident.objects.filter(nik=info.nik).select_related("village__district").first() if info else None
    if info and deceased is None:
        errors["deceased_nik"] = _("NIK ini tidak ada di register penduduk kabupaten ini. Kematian penduduk daerah "
                                   "lain dilaporkan ke Disdukcapil daerahnya.")
    elif deceased is not None and deceased.status == ResidentStatus.DECEASED:
        errors["deceased_nik"] = _("Register sudah mencatat penduduk ini meninggal.")
    elif deceased is not None and DeathRegistration.objects.filter(deceased=deceased).exclude(pk=exclude_pk).exists():
        errors["deceased_nik"] = _("Kematian penduduk ini sudah dilaporkan.")
    death_date = _date(errors, data, "death_date", _("Tanggal meninggal"))
    death_time = _time(errors, data, "death_time", _("Jam meninggal"), required=False)
    if death_date and death_date > now.date():
        errors["death_date"] = _("Tanggal meninggal tidak boleh di masa depan.")
    elif death_date and deceased is not None and death_date < deceased.birth_date:
        errors["death_date"] = _("Tanggal meninggal tidak mungkin sebelum tanggal lahir (%(date)s).") % {
            "date": tanggal(deceased.birth_date)}
    elif death_date and death_time and death_date == now.date() and death_time > now.time():
        errors["death_time"] = _("Jam meninggal tidak boleh di masa depan.")
    place = _text(data, "death_place")
    if not place:
        errors["death_place"] = _("Tempat meninggal wajib diisi.")
    cause = data.get("cause")
    if cause not in DeathCause.values:
        errors["cause"] = _("Pilih sebab meninggal.")
    reporter = _text(data, "reporter_name")
    if not reporter:
        errors["reporter_name"] = _("Nama pelapor wajib diisi.")
    relation = _text(data, "reporter_relation", 60)
    if not relation:
        errors["reporter_relation"] = _("Hubungan pelapor dengan almarhum/almarhumah wajib diisi.")
    letter = origin.get("village_letter")
    if letter is not None and death_date:
        stated = (letter.field_values or {}).get("tanggal_meninggal")
        if stated and stated != death_date.isoformat():
            errors["death_date"] = _("Tanggal meninggal berbeda dengan surat keterangan kematian desa (%(date)s).") % {
                "date": tanggal(dt.date.fromisoformat(stated))}
    fields = {
        "deceased": deceased, "deceased_name": deceased.name if deceased else "", "death_date": death_date,
        "death_time": death_time, "death_place": place, "cause": cause, "reporter_name": reporter,
        "reporter_relation": relation, **_witnesses(errors, data), **_contact(errors, data),
    }
    notes = []
    if deceased is not None and deceased.village.district.regency_id != settings.SATUPINTU_REGENCY_CODE:
        notes.append(str(_("Almarhum/almarhumah terdaftar di luar kabupaten ini.")))
    return fields, notes, errors


@transaction.atomic
def death_declare(*, by, data: dict, facility=None, letter_number: str = "") -> DeathRegistration:
    require(permissions.can_declare(by))
    errors: dict[str, str] = {}
    origin = _origin(errors, by=by, facility=facility, letter_number=letter_number, code=DEATH_LETTER,
                     model=DeathRegistration)
    fields, notes, more = _clean_death(by=by, data=data, origin=origin)
    errors.update(more)
    if errors:
        raise ValidationError(errors)
    registration = DeathRegistration(**origin, **fields, declared_by=by, needs_attention=bool(notes),
                                     attention_notes=notes)
    try:
        with transaction.atomic():
            DEATHS.apply(registration, "declared", by=by, data={"origin": origin["origin"]})
    except IntegrityError as exc:
        raise ValidationError({"deceased_nik": _("Kematian penduduk ini sudah dilaporkan.")}) from exc
    return registration


@transaction.atomic
def death_correct(*, registration: DeathRegistration, by, data: dict) -> DeathRegistration:
    registration = DeathRegistration.objects.select_for_update().get(pk=registration.pk)
    DEATHS.check("corrected", obj=registration, by=by)
    origin = {"origin": registration.origin, "facility": registration.facility,
              "village_id": registration.village_id, "village_letter": registration.village_letter}
    fields, notes, errors = _clean_death(by=by, data=data, origin=origin, exclude_pk=registration.pk)
    if errors:
        raise ValidationError(errors)
    DEATHS.apply(registration, "corrected", by=by, locked=True,
                 changes={**fields, "needs_attention": bool(notes), "attention_notes": notes})
    return registration


@transaction.atomic
def death_register(*, registration: DeathRegistration, by, passphrase: str = "",
                   now: dt.datetime | None = None) -> DeathRegistration:
    """Register a verified death: the akta kematian number, the resident marked deceased through the register's own
    workflow (self-service closed, letters refused), taken off the KK as its new version, the documents signed."""
    require(permissions.can_register(by))
    registration = DeathRegistration.objects.select_for_update().get(pk=registration.pk)
    DEATHS.check("registered", obj=registration, by=by)
    now = now or timezone.now()
    today = timezone.localdate(now)
    late = numbering.is_late(registration.death_date, today, days=numbering.death_report_days())
    number = numbering.certificate_number("death", late=late, on=today)
    reason = _("Kematian %(name)s (akta %(number)s)") % {"name": registration.deceased_name, "number": number}
    version = civil.resident_register_death(by=by, resident=registration.deceased, reason=reason,
                                            date=registration.death_date, document_number=number)
    registration.certificate_number = number
    registration.is_late = late
    registration.family_version = version
    signer = documents.signer_for(by)
    documents.death_certificate(registration, signer=signer, now=now, passphrase=passphrase)
    if version is not None:
        documents.family_card(version, signer=signer, now=now, passphrase=passphrase, death=registration)
    DEATHS.apply(registration, "registered", by=by, locked=True, changes={
        "registered_at": now, "registered_by": by, "certificate_number": number, "is_late": late,
        "family_version": version,
    }, data={"number": number, "late": late, "kk_version": version.version if version else None})
    return registration
