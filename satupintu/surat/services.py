"""Writes of the letter service. Every state change is a step of `workflow.LETTERS`, which checks the table and the
actor and audits the change in the same transaction."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.akun.permissions import require
from satupintu.bansos.selectors import poverty_status
from satupintu.core.audit import audit_record
from satupintu.core.files import pdf_check
from satupintu.core.images import image_reencode
from satupintu.core.links import absolute_url
from satupintu.core.workflow import TransitionError
from satupintu.penduduk.models import Resident, ResidentStatus

from . import pdf as pdf_renderer
from . import permissions
from .catalog import DEFAULT_LETTER_TYPES
from .formatting import date_id, field_value_id, regency_full_name
from .forms import clean_field_values
from .models import (
    RELATED_KEY,
    RESIDENT_FIELD_SUFFIXES,
    Channel,
    CounterScope,
    LetterAttachment,
    LetterNumberCounter,
    LetterRequest,
    LetterStatus,
    LetterType,
    VillageLetterProfile,
    VillageLetterSetting,
)
from .numbering import NumberParts, format_number
from .signing import SigningError, SignRequest, get_signer
from .templating import render_template, validate_template
from .workflow import LETTERS, ResidentActor

ATTACHMENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Applies to self-service uploads; the same rule at the counter keeps stored files uniform.
ATTACHMENT_MAX_BYTES = int(getattr(settings, "SURAT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))
# The one message for a self-service request that cannot go ahead for a reason tied to who the resident is: it
# must not tell a stranger anything about a NIK or a village.
REQUEST_REFUSED = gettext_lazy(
    "Permohonan tidak dapat diproses. Surat hanya dapat diajukan ke desa/kelurahan tempat Anda terdaftar; "
    "jika data Anda tidak sesuai, silakan datang ke kantor desa."
)


# The engine's error for a step the letter's state does not allow; the name callers and tests know.
InvalidTransition = TransitionError


# --- Letter types and village settings ------------------------------------------------------------------------


def letter_types_seed() -> int:
    """Create the catalogue's letter types that do not exist yet; returns how many were created. Existing rows are
    left as the regency edited them (idempotent)."""
    created = 0
    for item in DEFAULT_LETTER_TYPES:
        defaults = {k: v for k, v in item.items() if k != "code"}
        _obj, was_created = LetterType.objects.get_or_create(code=item["code"], village=None, defaults=defaults)
        created += int(was_created)
    return created


def letter_types_visible(village):
    """The letter types a village sees: the regency's and its own (active or not)."""
    village_id = getattr(village, "pk", village)
    return LetterType.objects.filter(models.Q(village__isnull=True) | models.Q(village_id=village_id))


LETTER_TYPE_FIELDS = (
    "code", "name", "description", "fields", "required_attachments", "validity_days", "signer_title", "default_body",
    "is_active",
)


@transaction.atomic
def letter_type_save(*, by, village=None, letter_type: LetterType | None = None, **values) -> LetterType:
    """Create (`letter_type` None) or change a letter type designed without code. `village` set: that village's own
    type (its operator or head); None: a regency type (the regency administrator). The field list and the text are
    validated together (every placeholder must be a common one or one of the type's fields) and the code must not
    clash with a type the village already sees. Audited."""
    unknown = set(values) - set(LETTER_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"unknown letter type fields: {sorted(unknown)}")
    if letter_type is not None:
        letter_type = LetterType.objects.select_for_update().get(pk=letter_type.pk)
        village = letter_type.village
    require(permissions.can_design_letter_types(by, village))
    creating = letter_type is None
    if creating:
        letter_type = LetterType(village=village)
    before = {name: getattr(letter_type, name) for name in LETTER_TYPE_FIELDS} if not creating else {}
    for name, value in values.items():
        if name == "default_body":
            value = (value or "").replace("\r\n", "\n").strip()
        if name in ("code", "name", "description", "signer_title"):
            value = " ".join(str(value or "").split())
        setattr(letter_type, name, value)
    letter_type.full_clean(exclude=["village"], validate_unique=False, validate_constraints=False)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-]*", letter_type.code):
        raise ValidationError({"code": _("Kode surat hanya boleh berisi huruf, angka, titik dan tanda hubung, "
                                         "misalnya S-50 atau 470.1.")})
    clash = LetterType.objects.filter(code__iexact=letter_type.code).exclude(pk=letter_type.pk)
    clash = clash if village is None else clash.filter(models.Q(village__isnull=True) | models.Q(village=village))
    if clash.exists():
        raise ValidationError({"code": _("Kode surat “%(code)s” sudah dipakai jenis surat lain.")
                               % {"code": letter_type.code}})
    letter_type.save()
    changed = sorted(name for name in LETTER_TYPE_FIELDS if before.get(name) != getattr(letter_type, name))
    audit_record(obj=letter_type, action="surat.type_created" if creating else "surat.type_updated", actor=by,
                 data={"code": letter_type.code, "village": getattr(village, "pk", village), "fields": changed})
    return letter_type


# What the preview prints where the request would: an obviously made-up resident and made-up field values.
SAMPLE_RESIDENT = {
    "nama": "NAMA PEMOHON (CONTOH)", "nik": "1234567890123456", "no_kk": "1234567890123456",
    "jenis_kelamin": "Laki-laki", "tempat_lahir": "Tempat Lahir", "tanggal_lahir": "1990-05-15",
    "agama": "Islam", "status_kawin": "Kawin", "pekerjaan": "Pekerjaan", "pendidikan": "SLTA/sederajat",
    "alamat": "Alamat pemohon RT 001/RW 002", "rt": "001", "rw": "002",
    "status_dtks": "terdaftar dalam DTSEN (desil 1) dan menerima PKH",
}


def sample_field_values(fields) -> tuple[dict[str, str], dict[str, dict]]:
    """Made-up values of a type's own fields for the preview: (field values, related residents' data)."""
    values: dict[str, str] = {}
    related: dict[str, dict] = {}
    for spec in fields or []:
        kind = spec.get("type")
        if kind == "date":
            values[spec["name"]] = timezone.localdate().isoformat()
        elif kind == "number":
            values[spec["name"]] = "1"
        elif kind == "choice":
            values[spec["name"]] = (spec.get("choices") or [""])[0]
        elif kind == "resident":
            values[spec["name"]] = SAMPLE_RESIDENT["nik"]
            related[spec["name"]] = {**SAMPLE_RESIDENT, "nama": f"{spec.get('label') or spec['name']} (contoh)".upper()}
        else:
            values[spec["name"]] = f"[{spec.get('label') or spec['name']}]"
    return values, related


def letter_type_preview(*, letter_type: LetterType, village, by, body: str | None = None,
                        image: bool = False) -> bytes:
    """The letter as it would print for a made-up resident, before anything is saved: PDF (or the first page as PNG
    for a phone's screen). The text must be valid for the type's fields (ValidationError otherwise)."""
    require(permissions.can_handle_letters(by, village) or permissions.can_design_letter_types(by, None))
    validate_field_schema_or_raise(letter_type.fields)
    body = letter_type.default_body if body is None else body
    validate_template(body, allowed=letter_type.placeholder_names())
    values, related = sample_field_values(letter_type.fields)
    letter = LetterRequest(
        village=village, letter_type=letter_type, resident_data=dict(SAMPLE_RESIDENT),
        field_values={**values, RELATED_KEY: related}, purpose="keperluan yang ditulis pemohon",
    )
    today = timezone.localdate()
    profile = letter_profile_get(village)
    letter.number = format_number(profile.number_format, NumberParts(
        letter_code=letter_type.code or "X", sequence=0, village_short_code=village.short_code, date=today))
    letter.body_text = render_template(body, letter_values(letter, signed_on=today))
    letter.signed_at = timezone.now()
    letter.signer_title = signer_title_for(letter_type, profile)
    letter.signer_name = profile.signer_name or "NAMA PENANDA TANGAN"
    letter.verification_url = absolute_url("/surat/v/contoh/")
    document = letter_document(letter, profile=profile, electronic=False)
    return pdf_renderer.render_png(document) if image else pdf_renderer.render_pdf(document)


def validate_field_schema_or_raise(fields) -> None:
    from .models import validate_field_schema

    validate_field_schema(fields)


def signer_title_for(letter_type: LetterType, profile: VillageLetterProfile) -> str:
    """The signer's title as printed: the type's own (e.g. "Sekretaris Desa a.n. Kepala Desa") or the village's."""
    return f"{letter_type.signer_title or profile.effective_signer_title} {profile.village.name}"


def letter_profile_get(village) -> VillageLetterProfile:
    profile, _created = VillageLetterProfile.objects.select_related("village__district__regency").get_or_create(
        village=village
    )
    return profile


@transaction.atomic
def letter_profile_update(*, profile: VillageLetterProfile, by, changed: list[str]) -> VillageLetterProfile:
    """Save a profile edited through `ProfileForm` (already validated)."""
    require(permissions.can_handle_letters(by, profile.village_id))
    profile.full_clean()
    profile.save()
    audit_record(obj=profile, action="surat.profile_updated", actor=by, data={"changed": changed})
    return profile


def letter_setting_get(*, village, letter_type: LetterType) -> VillageLetterSetting:
    setting, _created = VillageLetterSetting.objects.get_or_create(village=village, letter_type=letter_type)
    return setting


@transaction.atomic
def letter_setting_update(*, village, letter_type: LetterType, by, is_enabled: bool, body: str) -> VillageLetterSetting:
    """Switch a type on/off and save the village's text. A text equal to the default is stored as "default", so a
    later improvement of the regency's default reaches the village."""
    require(permissions.can_handle_letters(by, village))
    body = (body or "").replace("\r\n", "\n").strip()
    validate_template(body, allowed=letter_type.placeholder_names())
    setting = VillageLetterSetting.objects.select_for_update().filter(pk=letter_setting_get(
        village=village, letter_type=letter_type).pk).get()
    before = {"is_enabled": setting.is_enabled, "customised": setting.is_customised}
    setting.is_enabled = is_enabled
    setting.body = "" if body == letter_type.default_body.strip() else body
    setting.updated_by = by
    setting.save()
    audit_record(
        obj=setting, action="surat.template_updated", actor=by,
        data={"before": before, "after": {"is_enabled": setting.is_enabled, "customised": setting.is_customised}},
    )
    return setting


@transaction.atomic
def letter_setting_restore_default(*, village, letter_type: LetterType, by) -> VillageLetterSetting:
    require(permissions.can_handle_letters(by, village))
    setting = letter_setting_get(village=village, letter_type=letter_type)
    setting.body = ""
    setting.updated_by = by
    setting.save()
    audit_record(obj=setting, action="surat.template_restored", actor=by, note=_("Isi surat dikembalikan ke bawaan."))
    return setting


def letter_types_enabled(village):
    """Active letter types the village serves: the regency's and the village's own (a type without a setting row is
    served: on by default)."""
    disabled = VillageLetterSetting.objects.filter(village=village, is_enabled=False).values("letter_type_id")
    return letter_types_visible(village).filter(is_active=True).exclude(pk__in=disabled)


# --- Requests -------------------------------------------------------------------------------------------------


def resident_snapshot(resident: Resident) -> dict[str, str]:
    """The resident's data under the placeholder names, as printed on a letter (labels in Indonesian)."""
    with translation.override("id"):
        address = resident.address or ""
        if resident.rt or resident.rw:
            address = f"{address} RT {resident.rt or '-'}/RW {resident.rw or '-'}".strip()
        village = resident.village
        address = f"{address}, {village}".lstrip(", ")
        return {
            "nama": resident.name,
            "nik": resident.nik,
            "no_kk": resident.family.kk_number if resident.family_id else "",
            "jenis_kelamin": str(resident.get_sex_display()),
            "tempat_lahir": resident.birth_place,
            "tanggal_lahir": resident.birth_date.isoformat(),
            "agama": str(resident.get_religion_display()),
            "status_kawin": str(resident.get_marital_status_display()),
            "pekerjaan": resident.occupation,
            "pendidikan": str(resident.get_education_display()) if resident.education else "",
            "alamat": address,
            "rt": resident.rt,
            "rw": resident.rw,
            # Whether the family is in the national poverty data and which aid it gets, as it stands on the day
            # of the request (the SKTM prints it; staff see it before they check the request).
            "status_dtks": poverty_status(
                nik=resident.nik, kk_number=resident.family.kk_number if resident.family_id else ""
            ),
        }


def related_residents(letter_type: LetterType, values: dict[str, str]) -> dict[str, dict]:
    """The data of the residents named by NIK in the type's "resident" fields, as they stand today (kept with the
    request, like the applicant's). A NIK the register does not know as an active resident is refused."""
    related: dict[str, dict] = {}
    for spec in letter_type.fields or []:
        if spec.get("type") != "resident" or not values.get(spec["name"]):
            continue
        other = (Resident.objects.select_related("village", "family")
                 .filter(nik=values[spec["name"]], status=ResidentStatus.ACTIVE).first())
        if other is None:
            raise ValidationError(
                _("%(label)s: NIK tidak terdaftar sebagai penduduk aktif. Periksa kembali NIK-nya.")
                % {"label": spec.get("label") or spec["name"]}, code="related_unknown",
            )
        related[spec["name"]] = resident_snapshot(other)
    return related


def required_attachments_missing(letter: LetterRequest) -> list[str]:
    have = set(letter.attachments.values_list("label", flat=True))
    return [label for label in letter.letter_type.required_attachments or [] if label not in have]


@transaction.atomic
def letter_request_create(
    *,
    village,
    letter_type: LetterType,
    resident: Resident,
    purpose: str,
    field_values: dict,
    channel: str,
    by=None,
    contact_phone: str = "",
) -> LetterRequest:
    """A new request. At the counter (`by` = village staff) it goes straight to checking: the operator sees the
    documents in person. From self-service it starts incomplete until the required attachments are uploaded and the
    resident submits it. A resident may only ask the village where they are registered."""
    if channel == Channel.COUNTER:
        require(permissions.can_handle_letters(by, village))
    # The caller's object may be stale (a death registered since it was loaded): read the resident again, locked, so a
    # letter is never opened for someone who is no longer an active resident of this village.
    current = Resident.objects.select_for_update().filter(pk=resident.pk).values_list("village_id", "status").first()
    if current is None or current != (getattr(village, "pk", village), ResidentStatus.ACTIVE):
        raise ValidationError(REQUEST_REFUSED, code="refused")
    if not (letter_type.is_active and letter_types_enabled(village).filter(pk=letter_type.pk).exists()):
        raise ValidationError(_("Jenis surat ini tidak dilayani oleh desa/kelurahan ini."), code="type_disabled")
    purpose, values = clean_field_values(letter_type, purpose, field_values)
    related = related_residents(letter_type, values)
    if related:
        values[RELATED_KEY] = related
    status = LetterStatus.CHECKING if channel == Channel.COUNTER else LetterStatus.INCOMPLETE
    letter = LetterRequest(
        village_id=getattr(village, "pk", village),
        letter_type=letter_type,
        resident=resident,
        resident_data=resident_snapshot(resident),
        field_values=values,
        purpose=purpose,
        channel=channel,
        contact_phone=(contact_phone or "").strip()[:20],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    actor = by if channel == Channel.COUNTER or by is not None else ResidentActor(resident.pk)
    LETTERS.apply(letter, "created", by=actor, to=status, data={"type": letter_type.code})
    return letter


def _check_attachment(uploaded) -> str:
    """The file's real type (by content, not by its name), or ValidationError."""
    size = getattr(uploaded, "size", 0) or 0
    if size <= 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB). Paling besar %(max)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "max": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="too_big",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise ValidationError(_("Berkas harus PDF, JPG atau PNG."), code="type")
    if kind.mime == "application/pdf":
        pdf_check(uploaded)
    return kind.mime


@transaction.atomic
def letter_attachment_add(*, letter: LetterRequest, label: str, uploaded, by=None, resident=None) -> LetterAttachment:
    require(permissions.can_act_on_request(letter, by=by, resident=resident))
    if letter.status not in (LetterStatus.INCOMPLETE, LetterStatus.CHECKING):
        raise ValidationError(_("Lampiran hanya dapat ditambahkan sebelum surat disetujui."), code="state")
    mime = _check_attachment(uploaded)
    original_name = (getattr(uploaded, "name", "") or "")[-255:]
    if mime.startswith("image/"):
        # Refused above the pixel budget from the header; shrunk and stripped of EXIF (GPS) otherwise.
        uploaded, mime = image_reencode(uploaded)
    label = (label or "").strip()[:150] or _("Lainnya")
    attachment = LetterAttachment(
        request=letter, label=label, content_type=mime, size=uploaded.size, original_name=original_name,
    )
    attachment.file.save(f"lampiran.{ATTACHMENT_TYPES[mime]}", uploaded, save=False)
    attachment.save()
    audit_record(obj=letter, action="surat.attachment_added", actor=by, data={"label": label, "size": uploaded.size})
    return attachment


def _lock(letter: LetterRequest) -> LetterRequest:
    return LetterRequest.objects.select_for_update().select_related("letter_type", "village").get(pk=letter.pk)


def _values(letter: LetterRequest) -> dict:
    """The letter's column values (a file as its name: the FieldFile object itself changes in place)."""
    return {
        f.attname: getattr(letter, f.attname).name if isinstance(f, models.FileField) else getattr(letter, f.attname)
        for f in LetterRequest._meta.concrete_fields
    }


def _step(letter: LetterRequest, action: str, *, by=None, resident=None, note: str = "", changes=None,
          data=None) -> LetterRequest:
    """Apply a step of LETTERS; every step sets the letter's status note (empty clears the previous one)."""
    actor = ResidentActor(resident.pk) if resident is not None else by
    LETTERS.apply(letter, action, by=actor, note=note, data=data, changes={"status_note": note[:500], **(changes or {})})
    return letter


@transaction.atomic
def letter_request_submit(*, letter: LetterRequest, resident=None, by=None) -> LetterRequest:
    """Incomplete -> being checked, once every required attachment is there (from self-service: the resident)."""
    require(permissions.can_act_on_request(letter, by=by, resident=resident))
    letter = _lock(letter)
    missing = required_attachments_missing(letter)
    if missing and resident is not None:
        raise ValidationError(
            _("Lampiran berikut belum diunggah: %(missing)s.") % {"missing": ", ".join(missing)}, code="missing"
        )
    return _step(letter, "submitted", by=by, resident=resident)


@transaction.atomic
def letter_request_verify(*, letter: LetterRequest, by, note: str = "") -> LetterRequest:
    """The operator has checked the data and documents: the letter waits for the village head's signature."""
    require(permissions.can_handle_letters(by, letter.village_id))
    letter = _lock(letter)
    return _step(letter, "verified", by=by, note=note, changes={"checked_by": by, "checked_at": timezone.now()})


@transaction.atomic
def letter_request_return(*, letter: LetterRequest, by, note: str) -> LetterRequest:
    """Send back one step: from checking to the applicant (incomplete), or from signing to checking."""
    require(permissions.can_handle_letters(by, letter.village_id))
    if not (note or "").strip():
        raise ValidationError(_("Tuliskan alasan pengembalian agar pemohon tahu apa yang harus dilengkapi."))
    letter = _lock(letter)
    if letter.status not in LETTERS.transitions["returned"].sources:
        raise InvalidTransition(_("Surat pada status ini tidak dapat dikembalikan."), code="transition")
    return _step(letter, "returned", by=by, note=note.strip())


@transaction.atomic
def letter_request_cancel(*, letter: LetterRequest, reason: str, by=None, resident=None) -> LetterRequest:
    require(permissions.can_act_on_request(letter, by=by, resident=resident))
    if not (reason or "").strip():
        raise ValidationError(_("Alasan pembatalan wajib diisi."))
    letter = _lock(letter)
    return _step(letter, "cancelled", by=by, resident=resident, note=reason.strip())


def _next_sequence(*, village_id: str, year: int, scope_key: str) -> int:
    """The next number in (village, year, scope). The row is created if missing (INSERT .. ON CONFLICT DO NOTHING,
    so two first letters of a year cannot both create it), then locked for the rest of the signing transaction:
    concurrent signers wait here and each gets the next number; a failed signing rolls its number back."""
    LetterNumberCounter.objects.bulk_create(
        [LetterNumberCounter(village_id=village_id, year=year, scope_key=scope_key)], ignore_conflicts=True
    )
    counter = LetterNumberCounter.objects.select_for_update().get(village_id=village_id, year=year, scope_key=scope_key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def verification_url(token: str) -> str:
    return absolute_url(reverse("surat:verify", args=[token]))


def letter_values(letter: LetterRequest, *, signed_on: dt.date) -> dict[str, str]:
    """Every placeholder's printed value for this letter."""
    village = letter.village
    district = village.district
    regency = district.regency
    data = dict(letter.resident_data)
    birth = data.get("tanggal_lahir", "")
    try:
        birth_date = dt.date.fromisoformat(birth)
    except ValueError:
        birth_date = None
    age = ""
    if birth_date:
        age = str(signed_on.year - birth_date.year - ((signed_on.month, signed_on.day) < (birth_date.month, birth_date.day)))
    valid_until = _valid_until(letter, signed_on)
    values = {
        **data,
        "tanggal_lahir": date_id(birth_date) if birth_date else birth,
        "umur": age,
        "sebutan_desa": "Kelurahan" if village.kind == "kelurahan" else "Desa",
        "nama_desa": village.name,
        "kecamatan": district.name,
        "kabupaten": regency_full_name(regency),
        "provinsi": regency.province.name,
        "keperluan": letter.purpose,
        "tanggal_surat": date_id(signed_on),
        "berlaku_hingga": date_id(valid_until) if valid_until else "waktu yang tidak ditentukan",
        "jenis_surat": letter.letter_type.name,
    }
    related = (letter.field_values or {}).get(RELATED_KEY) or {}
    for spec in letter.letter_type.fields or []:
        if spec.get("type") == "resident":
            values.update(_related_values(spec["name"], related.get(spec["name"]) or {}, signed_on))
            continue
        values[spec["name"]] = field_value_id(spec, (letter.field_values or {}).get(spec["name"], ""))
    return values


def _related_values(name: str, data: dict, signed_on: dt.date) -> dict[str, str]:
    """A "resident" field's placeholders: {name} the resident's name, {name_<suffix>} the rest."""
    out = {name: data.get("nama", "")}
    for suffix in RESIDENT_FIELD_SUFFIXES:
        out[f"{name}_{suffix}"] = data.get(suffix, "")
    try:
        birth = dt.date.fromisoformat(data.get("tanggal_lahir", ""))
    except ValueError:
        birth = None
    if birth:
        out[f"{name}_tanggal_lahir"] = date_id(birth)
        out[f"{name}_umur"] = str(signed_on.year - birth.year - ((signed_on.month, signed_on.day) < (birth.month, birth.day)))
    return out


def _valid_until(letter: LetterRequest, signed_on: dt.date) -> dt.date | None:
    days = letter.letter_type.validity_days
    return signed_on + dt.timedelta(days=days) if days else None


def letterhead_logo(profile: VillageLetterProfile) -> bytes | None:
    """The village's own letterhead logo, else the regency's (uploaded by the regency, or the shipped default)."""
    from satupintu.core.branding import regency_logo_path

    if profile.logo:
        try:
            with profile.logo.open("rb") as fh:
                return fh.read()
        except FileNotFoundError:  # a logo row whose file is gone: the regency's logo rather than none
            pass
    path = regency_logo_path()
    return path.read_bytes() if path is not None else None


def letter_document(letter: LetterRequest, *, profile: VillageLetterProfile, electronic: bool) -> pdf_renderer.LetterDocument:
    village = letter.village
    regency = village.district.regency
    kind = "KELURAHAN" if village.kind == "kelurahan" else "DESA"
    logo = letterhead_logo(profile)
    logo_ext = "jpg" if logo and logo[:3] == b"\xff\xd8\xff" else "png"
    return pdf_renderer.LetterDocument(
        regency_line=f"PEMERINTAH {regency_full_name(regency).upper()}",
        district_line=f"KECAMATAN {village.district.name.upper()}",
        village_line=f"{kind} {village.name.upper()}",
        office_address=" · ".join(x for x in (profile.office_address, profile.office_contact) if x),
        title=letter.letter_type.name,
        number=letter.number,
        body=letter.body_text,
        place=village.name,
        date=timezone.localdate(letter.signed_at),
        signer_title=letter.signer_title,
        signer_name=letter.signer_name,
        verification_url=letter.verification_url,
        electronic_signature=electronic,
        paper=profile.paper_size,
        logo=logo,
        logo_ext=logo_ext,
        footer=f"Keaslian surat ini dapat diperiksa di {letter.verification_url}",
    )


@transaction.atomic
def letter_sign(*, letter: LetterRequest, by, passphrase: str = "") -> LetterRequest:
    """The village head signs: the letter gets its number, its text, its PDF and its verification token, all in one
    transaction with the counter, so that a failure anywhere (also at BSrE) leaves no number used."""
    require(permissions.can_sign_letters(by, letter.village_id))
    letter = _lock(letter)
    as_locked = _values(letter)
    if letter.status not in LETTERS.transitions["signed"].sources:
        raise InvalidTransition(_("Hanya surat yang menunggu tanda tangan yang dapat ditandatangani."), code="transition")
    profile = letter_profile_get(letter.village)
    now = timezone.now()
    today = timezone.localdate(now)
    scope_key = (
        LetterNumberCounter.ALL_SCOPE if profile.counter_scope == CounterScope.ALL else letter.letter_type.code
    )
    sequence = _next_sequence(village_id=letter.village_id, year=today.year, scope_key=scope_key)
    letter.sequence = sequence
    letter.number = format_number(
        profile.number_format,
        NumberParts(
            letter_code=letter.letter_type.code, sequence=sequence, village_short_code=letter.village.short_code, date=today
        ),
    )
    setting = VillageLetterSetting.objects.filter(village=letter.village, letter_type=letter.letter_type).first()
    template = setting.effective_body if setting else letter.letter_type.default_body
    letter.body_text = render_template(template, letter_values(letter, signed_on=today))
    letter.signed_at = now
    letter.signed_by = by
    letter.signer_title = signer_title_for(letter.letter_type, profile)
    letter.signer_name = profile.signer_name or by.get_full_name() or by.get_username()
    letter.valid_until = _valid_until(letter, today)
    letter.verification_token = secrets.token_urlsafe(18)
    letter.verification_url = verification_url(letter.verification_token)
    signer = get_signer()
    letter.signature_method = signer.method
    document = letter_document(letter, profile=profile, electronic=signer.electronic)
    rendered = pdf_renderer.render_pdf(document)
    try:
        signed_pdf = signer.sign(
            SignRequest(pdf=rendered, filename=f"surat-{letter.pk}.pdf", signer_nik=profile.bsre_signer_nik,
                        passphrase=passphrase)
        )
    except SigningError as exc:
        raise ValidationError(str(exc), code="signing") from exc
    letter.pdf.save(f"surat-{letter.pk}.pdf", ContentFile(signed_pdf), save=False)
    # The engine re-reads the locked row before it applies the step: what signing set is handed over as changes.
    signed = {name: value for name, value in _values(letter).items() if value != as_locked[name]}
    return _step(letter, "signed", by=by, changes=signed,
                 data={"number": letter.number, "method": signer.method, "sequence": sequence})


@transaction.atomic
def letter_mark_picked_up(*, letter: LetterRequest, by) -> LetterRequest:
    require(permissions.can_handle_letters(by, letter.village_id))
    letter = _lock(letter)
    return _step(letter, "picked_up", by=by, changes={"picked_up_at": timezone.now()})


@transaction.atomic
def letter_revoke(*, letter: LetterRequest, by, reason: str) -> LetterRequest:
    """Withdraw a signed letter (wrong data, forged use, ...). The number stays used; the public page says REVOKED."""
    require(permissions.can_sign_letters(by, letter.village_id))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan pencabutan wajib diisi."))
    letter = _lock(letter)
    if not letter.is_signed:
        raise InvalidTransition(_("Hanya surat yang sudah ditandatangani yang dapat dicabut."), code="transition")
    if letter.is_revoked:
        raise InvalidTransition(_("Surat ini sudah dicabut."), code="transition")
    letter.revoked_at = timezone.now()
    letter.revoked_by = by
    letter.revocation_reason = reason[:500]
    letter.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    audit_record(obj=letter, action="surat.revoked", actor=by, from_state="valid", to_state="revoked", note=reason)
    return letter
