"""Certificate letters (surat keterangan): the types a regency offers, each village's settings, the requests and the
letters they become once signed.

One `LetterRequest` row follows a letter from the request to the signed, numbered PDF: a request that is cancelled
never gets a number, and a signed letter keeps its request's history (audit trail) with it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.storage import private_storage

from .numbering import DEFAULT_FORMAT, validate_number_format
from .templating import allowed_placeholders, validate_template

FIELD_TYPES = ("text", "date", "number", "choice", "resident")
RESERVED_FIELD_NAMES = {"keperluan"}
# A "resident" field (a second resident by NIK: the one given power of attorney, the future spouse, ...) offers its
# name as {field} and the rest of that resident's data as {field_<suffix>}.
RESIDENT_FIELD_SUFFIXES: dict[str, str] = {
    "nik": "NIK",
    "jenis_kelamin": "jenis kelamin",
    "tempat_lahir": "tempat lahir",
    "tanggal_lahir": "tanggal lahir",
    "umur": "umur",
    "agama": "agama",
    "status_kawin": "status perkawinan",
    "pekerjaan": "pekerjaan",
    "alamat": "alamat",
}
# Where a request keeps the data of the residents named in its "resident" fields (no field name starts with "_").
RELATED_KEY = "_warga"


def field_placeholders(fields) -> list[str]:
    """The placeholder names a letter type's own fields add."""
    names: list[str] = []
    for spec in fields or []:
        names.append(spec["name"])
        if spec.get("type") == "resident":
            names += [f"{spec['name']}_{suffix}" for suffix in RESIDENT_FIELD_SUFFIXES]
    return names


def validate_field_schema(fields) -> None:
    """`fields` is a list of {name, label, type, required, choices?}. Names become placeholders, so they follow the
    placeholder rules and must not shadow the common ones ({nama}, {nik}, ...)."""
    from .templating import _NAME, COMMON_PLACEHOLDERS

    if not isinstance(fields, list):
        raise ValidationError(_("Daftar isian harus berupa list."), code="fields_type")
    seen: set[str] = set()
    for index, field in enumerate(fields, start=1):
        if not isinstance(field, dict):
            raise ValidationError(_("Isian ke-%(n)s harus berupa objek."), code="field", params={"n": index})
        name = field.get("name", "")
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValidationError(
                _("Nama isian ke-%(n)s harus huruf kecil, angka atau garis bawah, diawali huruf."),
                code="field_name",
                params={"n": index},
            )
        derived = [name] + (
            [f"{name}_{suffix}" for suffix in RESIDENT_FIELD_SUFFIXES] if field.get("type") == "resident" else []
        )
        if any(n in COMMON_PLACEHOLDERS or n in RESERVED_FIELD_NAMES or n in seen for n in derived):
            raise ValidationError(
                _("Nama isian “%(name)s” sudah dipakai."), code="field_dup", params={"name": name}
            )
        seen.update(derived)
        if not str(field.get("label", "")).strip():
            raise ValidationError(_("Isian “%(name)s” belum diberi label."), code="field_label", params={"name": name})
        if field.get("type") not in FIELD_TYPES:
            raise ValidationError(
                _("Jenis isian “%(name)s” harus salah satu dari: %(types)s."),
                code="field_kind",
                params={"name": name, "types": ", ".join(FIELD_TYPES)},
            )
        if field["type"] == "choice":
            choices = field.get("choices")
            if not (isinstance(choices, list) and choices and all(isinstance(c, str) and c.strip() for c in choices)):
                raise ValidationError(
                    _("Isian pilihan “%(name)s” harus punya daftar pilihan."), code="field_choices", params={"name": name}
                )


def validate_attachment_labels(labels) -> None:
    if not (isinstance(labels, list) and all(isinstance(x, str) and x.strip() for x in labels)):
        raise ValidationError(_("Lampiran wajib harus berupa daftar nama lampiran."), code="attachments")


class LetterType(models.Model):
    """A kind of letter (S-41 Domisili, 500 Keterangan Usaha, ...). Data, not code: the regency's types (no village)
    are offered everywhere; a village's own types (designed by its staff) only in that village.

    A code is unique among the types one village sees: among the regency's, and within a village together with the
    regency's (`services.letter_type_save` checks the second part, which a database constraint cannot express)."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.CASCADE, null=True, blank=True, related_name="own_letter_types",
        verbose_name=_("desa/kelurahan pemilik"), help_text=_("Kosong: jenis surat kabupaten, dilayani semua desa."),
    )
    code = models.CharField(_("kode surat"), max_length=20, help_text=_("Contoh: S-41 atau 500."))
    name = models.CharField(_("nama"), max_length=150)
    description = models.CharField(_("keterangan"), max_length=255, blank=True)
    fields = models.JSONField(
        _("isian tambahan"),
        default=list,
        blank=True,
        validators=[validate_field_schema],
        help_text=_('Daftar isian: [{"name": "nama_usaha", "label": "Nama usaha", "type": "text", "required": true}]; '
                    "jenis: text, date, number, choice (dengan \"choices\")."),
    )
    required_attachments = models.JSONField(
        _("lampiran wajib"), default=list, blank=True, validators=[validate_attachment_labels]
    )
    validity_days = models.PositiveIntegerField(
        _("masa berlaku (hari)"), null=True, blank=True, help_text=_("Kosongkan bila tidak ada batas berlaku.")
    )
    signer_title = models.CharField(
        _("jabatan penanda tangan"), max_length=100, blank=True,
        help_text=_("Contoh: Sekretaris Desa a.n. Kepala Desa. Kosongkan untuk memakai jabatan pada pengaturan desa."),
    )
    default_body = models.TextField(_("isi bawaan"))
    is_active = models.BooleanField(_("tersedia"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, null=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True, null=True)

    class Meta:
        verbose_name = _("jenis surat")
        verbose_name_plural = _("jenis surat")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(village__isnull=True), name="surat_type_code_regency"),
            models.UniqueConstraint(fields=["village", "code"], name="surat_type_code_village"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields or []]

    def placeholder_names(self) -> frozenset[str]:
        return allowed_placeholders(field_placeholders(self.fields if isinstance(self.fields, list) else []))

    def clean(self):
        super().clean()
        try:
            validate_field_schema(self.fields)
        except ValidationError as exc:
            raise ValidationError({"fields": exc.messages}) from exc
        try:
            validate_template(self.default_body, allowed=self.placeholder_names())
        except ValidationError as exc:
            raise ValidationError({"default_body": exc.messages}) from exc


class CounterScope(models.TextChoices):
    PER_TYPE = "per_type", _("Per jenis surat")
    ALL = "all", _("Semua surat bersama")


class PaperSize(models.TextChoices):
    A4 = "a4", _("A4 (210 × 297 mm)")
    F4 = "f4", _("F4/Folio (215 × 330 mm)")


def logo_upload_to(instance, filename: str) -> str:
    return f"surat/logo/{instance.village_id}-{uuid.uuid4().hex[:8]}.png"


class VillageLetterProfile(models.Model):
    """A village's letter office: numbering, paper, letterhead and signer."""

    village = models.OneToOneField(
        "wilayah.Village", on_delete=models.CASCADE, primary_key=True, related_name="letter_profile",
        verbose_name=_("desa/kelurahan"),
    )
    number_format = models.CharField(
        _("format nomor surat"), max_length=120, default=DEFAULT_FORMAT,
        help_text=_("Bagian: [kode_surat], [nomor:3], [kode_desa], [bulan_romawi], [bulan], [tahun]."),
    )
    counter_scope = models.CharField(
        _("penghitung nomor"), max_length=10, choices=CounterScope.choices, default=CounterScope.PER_TYPE
    )
    paper_size = models.CharField(_("ukuran kertas"), max_length=4, choices=PaperSize.choices, default=PaperSize.A4)
    office_address = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    office_contact = models.CharField(_("telepon/surel kantor"), max_length=150, blank=True)
    logo = models.ImageField(_("logo kop surat"), upload_to=logo_upload_to, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=100, blank=True)
    signer_name = models.CharField(
        _("nama penanda tangan"), max_length=150, blank=True,
        help_text=_("Kosongkan untuk memakai nama pengguna kepala desa yang menandatangani."),
    )
    bsre_signer_nik = models.CharField(
        _("NIK penanda tangan (TTE BSrE)"), max_length=16, blank=True,
        help_text=_("Hanya dipakai bila tanda tangan elektronik BSrE diaktifkan."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan surat desa")
        verbose_name_plural = _("pengaturan surat desa")

    def __str__(self) -> str:
        return str(self.village)

    def clean(self):
        super().clean()
        try:
            validate_number_format(self.number_format, per_type=self.counter_scope == CounterScope.PER_TYPE)
        except ValidationError as exc:
            raise ValidationError({"number_format": exc.messages}) from exc

    @property
    def effective_signer_title(self) -> str:
        if self.signer_title:
            return self.signer_title
        return _("Lurah") if self.village.kind == "kelurahan" else _("Kepala Desa")


class VillageLetterSetting(models.Model):
    """One letter type in one village: offered or not, and the village's own text (empty = the regency default)."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.CASCADE, related_name="letter_settings", verbose_name=_("desa/kelurahan")
    )
    letter_type = models.ForeignKey(
        LetterType, on_delete=models.CASCADE, related_name="village_settings", verbose_name=_("jenis surat")
    )
    is_enabled = models.BooleanField(_("dilayani"), default=True)
    body = models.TextField(_("isi surat desa"), blank=True, help_text=_("Kosong berarti memakai isi bawaan."))
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diubah oleh"),
    )

    class Meta:
        verbose_name = _("pengaturan jenis surat desa")
        verbose_name_plural = _("pengaturan jenis surat desa")
        constraints = [models.UniqueConstraint(fields=["village", "letter_type"], name="surat_setting_unique")]

    def __str__(self) -> str:
        return f"{self.village} · {self.letter_type.code}"

    @property
    def effective_body(self) -> str:
        return self.body or self.letter_type.default_body

    @property
    def is_customised(self) -> bool:
        return bool(self.body)


class LetterNumberCounter(models.Model):
    """The last number used per village, year and scope ("*" = all letters, else the letter type's code).

    Incremented only under `select_for_update()` inside the signing transaction, so numbers have no gaps and no
    duplicates; a signing that fails rolls its number back with it."""

    ALL_SCOPE = "*"

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    scope_key = models.CharField(max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor surat")
        verbose_name_plural = _("penghitung nomor surat")
        constraints = [
            models.UniqueConstraint(fields=["village", "year", "scope_key"], name="surat_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year} {self.scope_key}: {self.last_number}"


class LetterStatus(models.TextChoices):
    INCOMPLETE = "incomplete", _("Belum lengkap")
    CHECKING = "checking", _("Sedang diperiksa")
    AWAITING_SIGNATURE = "awaiting_signature", _("Menunggu tanda tangan")
    READY = "ready", _("Siap diambil")
    PICKED_UP = "picked_up", _("Sudah diambil")
    CANCELLED = "cancelled", _("Dibatalkan")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Loket desa")
    SELF_SERVICE = "self_service", _("Layanan mandiri")


def pdf_upload_to(instance, filename: str) -> str:
    return f"surat/pdf/{instance.village_id}/{uuid.uuid4().hex}.pdf"


def attachment_upload_to(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"surat/lampiran/{instance.request.village_id}/{uuid.uuid4().hex}.{ext}"


class LetterRequest(models.Model):
    """A request for a letter and, once signed, the letter itself (number, PDF, verification token)."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="letter_requests", verbose_name=_("desa/kelurahan")
    )
    letter_type = models.ForeignKey(
        LetterType, on_delete=models.PROTECT, related_name="requests", verbose_name=_("jenis surat")
    )
    resident = models.ForeignKey(
        "penduduk.Resident", on_delete=models.PROTECT, related_name="letter_requests", verbose_name=_("pemohon")
    )
    # The resident's data as it stood when the request was made: a letter states facts of its date, and a later
    # register import must not rewrite a letter already signed.
    resident_data = models.JSONField(_("data pemohon"), default=dict)
    field_values = models.JSONField(_("isian"), default=dict, blank=True)
    purpose = models.CharField(_("keperluan"), max_length=255)
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    contact_phone = models.CharField(
        _("nomor WhatsApp pemohon"), max_length=20, blank=True, help_text=_("Untuk kabar bahwa surat siap diambil.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.INCOMPLETE, db_index=True
    )
    status_note = models.CharField(_("catatan status"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("diajukan"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diperiksa oleh"),
    )
    checked_at = models.DateTimeField(_("diperiksa"), null=True, blank=True)

    # Set when signed.
    number = models.CharField(_("nomor surat"), max_length=120, blank=True)
    sequence = models.PositiveIntegerField(_("nomor urut"), null=True, blank=True)
    body_text = models.TextField(_("isi surat"), blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True, db_index=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("ditandatangani oleh"),
    )
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan"), max_length=100, blank=True)
    signature_method = models.CharField(_("cara tanda tangan"), max_length=10, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    verification_token = models.CharField(_("token verifikasi"), max_length=64, null=True, blank=True, unique=True)
    verification_url = models.URLField(_("alamat verifikasi (isi QR)"), max_length=300, blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=pdf_upload_to, blank=True, storage=private_storage)
    picked_up_at = models.DateTimeField(_("diambil"), null=True, blank=True)

    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    revocation_reason = models.CharField(_("alasan pencabutan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "number"], condition=~Q(number=""), name="surat_number_unique_per_village"
            ),
        ]
        indexes = [models.Index(fields=["village", "status"], name="surat_village_status_idx")]

    def __str__(self) -> str:
        return self.number or _("Permohonan %(code)s #%(id)s") % {"code": self.letter_type.code, "id": self.pk}

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def masked_name(self) -> str:
        from satupintu.penduduk.masking import mask_name

        return mask_name(self.resident_data.get("nama", ""))


class LetterAttachment(models.Model):
    request = models.ForeignKey(
        LetterRequest, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("permohonan")
    )
    label = models.CharField(_("jenis lampiran"), max_length=150)
    file = models.FileField(_("berkas"), upload_to=attachment_upload_to, storage=private_storage)
    content_type = models.CharField(_("tipe berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    original_name = models.CharField(_("nama berkas asli"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran surat")
        verbose_name_plural = _("lampiran surat")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.label
