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
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT)


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
