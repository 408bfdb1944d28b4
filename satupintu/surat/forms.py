"""Forms validate; the services decide. The per-type fields form is built from the letter type's data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from satupintu.core.images import SafeImageField, image_reencode
from satupintu.penduduk.nik import normalize_nik, validate_nik

from .models import LetterType, VillageLetterProfile
from .numbering import validate_number_format
from .templating import validate_template

MAX_TEXT = 200
LOGO_MAX_SIDE = 1024  # pixels; printed about 2.5 cm wide


def build_field(spec: dict) -> forms.Field:
    label = spec.get("label") or spec["name"]
    required = bool(spec.get("required"))
    kind = spec.get("type")
    if kind == "date":
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    if kind == "number":
        return forms.DecimalField(label=label, required=required, min_value=0, max_digits=15, decimal_places=2)
    if kind == "choice":
        choices = [("", "—")] + [(c, c) for c in spec.get("choices", [])]
        return forms.ChoiceField(label=label, required=required, choices=choices)
    if kind == "resident":
        return ResidentNikField(label=f"{label} ({_('NIK')})", required=required)
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT)


class ResidentNikField(forms.CharField):
    """A second resident named by NIK (16 digits, a valid NIK); whether the register knows it is the service's check."""

    def __init__(self, **kwargs):
        super().__init__(max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                         **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        nik = normalize_nik(value)
        validate_nik(nik)
        return nik


class LetterDetailsForm(forms.Form):
    """Purpose plus the letter type's own fields (`f_<name>`)."""

    purpose = forms.CharField(
        label=_("Keperluan"), max_length=255,
        help_text=_("Contoh: melamar pekerjaan, pengajuan kredit usaha, mendaftar sekolah."),
    )

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type
        for spec in letter_type.fields or []:
            self.fields[f"f_{spec['name']}"] = build_field(spec)

    def field_values(self) -> dict[str, str]:
        """Cleaned values as JSON-able strings: dates ISO, numbers without trailing zeros, empty as ""."""
        values: dict[str, str] = {}
        for spec in self.letter_type.fields or []:
            value = self.cleaned_data.get(f"f_{spec['name']}")
            if value in (None, ""):
                values[spec["name"]] = ""
            elif isinstance(value, dt.date):
                values[spec["name"]] = value.isoformat()
            elif isinstance(value, Decimal):
                values[spec["name"]] = format(value.normalize(), "f")
            else:
                values[spec["name"]] = str(value).strip()
        return values


def clean_field_values(letter_type: LetterType, purpose: str, values: dict) -> tuple[str, dict[str, str]]:
    """Re-validate purpose and field values inside the service (callers other than our forms exist: demo, API)."""
    data = {"purpose": purpose, **{f"f_{k}": v for k, v in (values or {}).items()}}
    form = LetterDetailsForm(data, letter_type=letter_type)
    if not form.is_valid():
        messages = []
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else name
            messages += [f"{label}: {e}" for e in errors]
        raise ValidationError(messages)
    return form.cleaned_data["purpose"].strip(), form.field_values()


class NikLookupForm(forms.Form):
    letter_type = forms.ModelChoiceField(
        label=_("Jenis surat"), queryset=LetterType.objects.none(), to_field_name="code", empty_label=None
    )
    nik = forms.CharField(label=_("NIK pemohon"), max_length=24, widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, letter_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_type"].queryset = letter_types

    def clean_nik(self):
        nik = normalize_nik(self.cleaned_data["nik"])
        validate_nik(nik)
        return nik


class AttachmentForm(forms.Form):
    label = forms.ChoiceField(label=_("Jenis lampiran"))
    file = forms.FileField(label=_("Berkas (PDF, JPG atau PNG)"))

    def __init__(self, *args, labels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [(x, x) for x in labels] + [("Lainnya", _("Lainnya"))]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Passphrase TTE"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Hanya untuk tanda tangan elektronik BSrE; tidak disimpan."),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = VillageLetterProfile
        fields = [
            "number_format", "counter_scope", "paper_size", "office_address", "office_contact", "logo",
            "signer_title", "signer_name", "bsre_signer_nik",
        ]
        field_classes = {"logo": SafeImageField}  # the pixel budget before Pillow decodes anything

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > 1024 * 1024:
            raise ValidationError(_("Logo paling besar 1 MB."))
        if logo and hasattr(logo, "image") and (logo.image.format or "").upper() not in {"PNG", "JPEG"}:
            raise ValidationError(_("Logo harus berformat PNG atau JPG."))
        if isinstance(logo, UploadedFile):
            # Every letter's PDF embeds the logo: shrunk once here, not decoded at full size on each render.
            logo, _mime = image_reencode(logo, max_side=LOGO_MAX_SIDE)
        return logo

    def clean(self):
        data = super().clean()
        if data.get("number_format") and data.get("counter_scope"):
            try:
                validate_number_format(data["number_format"], per_type=data["counter_scope"] == "per_type")
            except ValidationError as exc:
                self.add_error("number_format", exc)
        return data

    def _post_clean(self):
        # Model.clean() repeats the format check; the form already reported it on the right field.
        try:
            super()._post_clean()
        except ValidationError:
            pass


class TemplateForm(forms.Form):
    is_enabled = forms.BooleanField(label=_("Layani jenis surat ini di desa"), required=False)
    body = forms.CharField(
        label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Tulis isian di antara kurung kurawal, misalnya {nama}. Pisahkan paragraf dengan baris kosong; "
                    "baris “Label : {isian}” disusun sebagai tabel."),
    )

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        validate_template(body, allowed=self.letter_type.placeholder_names())
        return body


class VerifyLookupForm(forms.Form):
    """The public check: the number printed on the letter, the code in its footer, or the address in its QR code.

    `clean()` sorts the input into `token` (an address or a verification code) and/or `number` (the printed letter
    number, with its slashes: it must never become a path segment)."""

    code = forms.CharField(
        label=_("Nomor surat, kode verifikasi atau alamat pada kode QR"), max_length=300,
        help_text=_("Ketik nomor surat persis seperti tercetak (contoh: 500/002/2001/XII/2026), atau tempel alamat "
                    "hasil pindaian kode QR di kaki surat."),
    )
    desa = forms.CharField(required=False, max_length=13, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        value = (cleaned.get("code") or "").strip()
        if not value:
            return cleaned
        cleaned["token"] = ""
        cleaned["number"] = ""
        if "://" in value or "/surat/v/" in value:
            token = value.rstrip("/").rsplit("/", 1)[-1]
            if not _is_token(token):
                raise ValidationError({"code": _("Alamat verifikasi tidak valid. Periksa kembali alamat pada surat.")})
            cleaned["token"] = token
            return cleaned
        if _is_token(value):
            cleaned["token"] = value
        cleaned["number"] = value
        return cleaned


def _is_token(value: str) -> bool:
    return 0 < len(value) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in value)


# --- The letter-type designer ------------------------------------------------------------------------------------

FIELD_KIND_CHOICES = [
    ("text", _("Teks")),
    ("number", _("Angka")),
    ("date", _("Tanggal")),
    ("choice", _("Pilihan")),
    ("resident", _("Penduduk lain (NIK)")),
]


def field_name_from_label(label: str) -> str:
    """"Nama usaha" -> "nama_usaha": the placeholder name an operator need not invent."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    name = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if name and not name[0].isalpha():
        name = f"isian_{name}"
    return name[:40]


class FieldSpecForm(forms.Form):
    """One field of a designed letter type. The name (used as {name} in the text) follows from the label if left
    empty."""

    label = forms.CharField(label=_("Label isian"), max_length=100, required=False)
    name = forms.CharField(
        label=_("Nama isian"), max_length=40, required=False,
        help_text=_("Dipakai di isi surat sebagai {nama_isian}; kosongkan untuk dibuat dari label."),
    )
    kind = forms.ChoiceField(label=_("Jenis isian"), choices=FIELD_KIND_CHOICES, initial="text", required=False)
    required = forms.BooleanField(label=_("Wajib diisi"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Daftar pilihan"), required=False, max_length=1000,
        help_text=_("Untuk isian pilihan: pisahkan dengan koma."),
    )

    def spec(self) -> dict | None:
        data = self.cleaned_data
        label = (data.get("label") or "").strip()
        if not label:
            return None
        spec = {"name": (data.get("name") or "").strip() or field_name_from_label(label), "label": label,
                "type": data.get("kind") or "text", "required": bool(data.get("required"))}
        if spec["type"] == "choice":
            spec["choices"] = [c.strip() for c in (data.get("choices") or "").split(",") if c.strip()]
        return spec


FieldSpecFormSet = forms.formset_factory(FieldSpecForm, extra=2, max_num=30, absolute_max=30)


class LetterTypeDesignForm(forms.Form):
    code = forms.CharField(label=_("Kode surat"), max_length=20, help_text=_("Contoh: S-50 atau 470."))
    name = forms.CharField(label=_("Nama jenis surat"), max_length=150)
    description = forms.CharField(label=_("Keterangan singkat"), max_length=255, required=False)
    required_attachments = forms.CharField(
        label=_("Lampiran wajib"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu lampiran per baris, misalnya: Fotokopi KTP."),
    )
    validity_days = forms.IntegerField(
        label=_("Masa berlaku (hari)"), required=False, min_value=1, max_value=3650,
        help_text=_("Kosongkan bila tidak ada batas berlaku."),
    )
    signer_title = forms.CharField(
        label=_("Jabatan penanda tangan"), max_length=100, required=False,
        help_text=_("Kosongkan untuk memakai jabatan pada pengaturan desa (Kepala Desa/Lurah)."),
    )
    default_body = forms.CharField(
        label=_("Isi surat"), widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Tulis isian di antara kurung kurawal, misalnya {nama} atau {nama_usaha}. Pisahkan paragraf "
                    "dengan baris kosong; baris “Label : {isian}” disusun sebagai tabel."),
    )
    is_active = forms.BooleanField(label=_("Dilayani"), required=False, initial=True)

    def values(self, fields: list[dict]) -> dict:
        data = self.cleaned_data
        return {
            "code": data["code"], "name": data["name"], "description": data.get("description") or "",
            "required_attachments": [x.strip() for x in (data.get("required_attachments") or "").splitlines()
                                     if x.strip()],
            "validity_days": data.get("validity_days"), "signer_title": data.get("signer_title") or "",
            "default_body": data["default_body"].replace("\r\n", "\n"), "fields": fields,
            "is_active": bool(data.get("is_active")),
        }


def design_forms(data=None, *, letter_type=None):
    """The designer's form and field formset, bound to POST data or filled from `letter_type`."""
    if data is not None:
        form = LetterTypeDesignForm(data)
        formset = FieldSpecFormSet(data, prefix="isian")
        return form, formset
    if letter_type is None:
        form = LetterTypeDesignForm(initial={"is_active": True, "default_body": DESIGN_STARTER_BODY})
        initial_fields = []
    else:
        form = LetterTypeDesignForm(initial={
            "code": letter_type.code, "name": letter_type.name, "description": letter_type.description,
            "required_attachments": "\n".join(letter_type.required_attachments or []),
            "validity_days": letter_type.validity_days, "signer_title": letter_type.signer_title,
            "default_body": letter_type.default_body, "is_active": letter_type.is_active,
        })
        initial_fields = [
            {"label": f.get("label", ""), "name": f["name"], "kind": f.get("type", "text"),
             "required": bool(f.get("required")), "choices": ", ".join(f.get("choices") or [])}
            for f in letter_type.fields or []
        ]
    formset = FieldSpecFormSet(initial=initial_fields, prefix="isian")
    return form, formset


def design_specs(formset) -> list[dict]:
    return [spec for f in formset.forms if f.is_valid() and (spec := f.spec()) is not None]


DESIGN_STARTER_BODY = (
    "Yang bertanda tangan di bawah ini, Kepala {sebutan_desa} {nama_desa}, Kecamatan {kecamatan}, {kabupaten}, "
    "dengan ini menerangkan bahwa:\n\n"
    "Nama : {nama}\nNIK : {nik}\nTempat/tanggal lahir : {tempat_lahir}, {tanggal_lahir}\nAlamat : {alamat}\n\n"
    "adalah benar penduduk {sebutan_desa} {nama_desa}.\n\n"
    "Surat keterangan ini diberikan untuk keperluan {keperluan} dan berlaku sampai dengan {berlaku_hingga}.\n\n"
    "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dapat dipergunakan sebagaimana mestinya."
)


def add_field_row(data):
    """The designer as typed, unbound (no errors shown for what is not filled in yet), with one more empty field row."""
    form = LetterTypeDesignForm(initial={
        **{name: data.get(name, "") for name in LetterTypeDesignForm.base_fields},
        "is_active": data.get("is_active") == "on",
    })
    try:
        total = min(int(data.get("isian-TOTAL_FORMS") or 0), 29)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        prefix = f"isian-{i}-"
        rows.append({"label": data.get(prefix + "label", ""), "name": data.get(prefix + "name", ""),
                     "kind": data.get(prefix + "kind", "text") or "text", "required": data.get(prefix + "required") == "on",
                     "choices": data.get(prefix + "choices", "")})
    rows.append({"kind": "text", "required": True})
    formset_class = forms.formset_factory(FieldSpecForm, extra=0, max_num=30, absolute_max=30)
    return form, formset_class(initial=rows, prefix="isian")
