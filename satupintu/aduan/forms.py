"""Forms only validate; services do the work."""

from __future__ import annotations

import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.widgets import FastSelect
from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import Village

from .filters import filter_choices, memo_row
from .models import Category, Kind
from .services import DESCRIPTION_MAX_LENGTH, MAX_ATTACHMENTS, attachments_validate


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MemoModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for the intake form, built for a form that is posted far more often than the rows change.

    * Validation looks the chosen key up in a per-process memo of rows (filters.memo_row) instead of querying on every
      submission; the cleaned value is a model instance, the errors are ModelChoiceField's.
    * `rows` makes the queryset (called only on a memo miss) and `options` names the in-memory choice list the
      <select> shows (filters.filter_choices), so a form that is only validated builds neither.
    """

    widget = FastSelect

    def __init__(self, *, rows, options: str, memo_name: str, **kwargs):
        self.rows, self.options, self.memo_name = rows, options, memo_name
        super().__init__(queryset=None, **kwargs)
        self._set_options()

    def _set_options(self) -> None:
        self.widget.choices = functools.partial(_options, self.empty_label, self.options)

    def __deepcopy__(self, memo):
        # Each form gets its own copy of the field and widget. Field's copy, not ModelChoiceField's: that one builds
        # the queryset for a fresh choice iterator, which this field never uses.
        result = forms.Field.__deepcopy__(self, memo)
        result._set_options()
        return result

    @property
    def queryset(self):
        return self.rows()

    @queryset.setter
    def queryset(self, value):  # ModelChoiceField assigns it in __init__; the rows come from `rows`
        pass

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = memo_row(self.memo_name, value, self.rows)
        except (ValueError, TypeError, ValidationError):  # a key of the wrong type ("abc" for an integer key)
            row = None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return row


def active_categories():
    return Category.objects.filter(is_active=True).select_related("parent")  # parent: the report's topic (root_id)


def intake_villages():
    return Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE)


def _options(empty_label, name: str) -> list[tuple[str, str]]:
    return [("", empty_label), *filter_choices()[name]]


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis laporan"), choices=Kind.choices, initial=Kind.PENGADUAN,
                             widget=forms.RadioSelect)
    title = forms.CharField(label=_("Judul"), max_length=200,
                            error_messages={"required": _("Judul laporan wajib diisi.")},
                            help_text=_("Ringkas, misalnya: Jalan berlubang di depan SD Negeri 1."))
    description = forms.CharField(
        label=_("Isi laporan"), widget=forms.Textarea(attrs={"rows": 6}), min_length=10,
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={"required": _("Isi laporan wajib diisi."),
                        "min_length": _("Isi laporan terlalu singkat; ceritakan apa, di mana dan kapan.")},
    )
    category = MemoModelChoiceField(label=_("Kategori"), rows=active_categories, options="categories",
                                    memo_name="intake_category", required=False, empty_label=_("— pilih bila tahu —"))
    village = MemoModelChoiceField(label=_("Desa/kelurahan lokasi kejadian"), rows=intake_villages, options="villages",
                                   memo_name="intake_village", required=False, empty_label=_("— pilih desa/kelurahan —"),
                                   # a search box over the list (static/js/select-search.js); the list works without it
                                   widget=FastSelect(attrs={"data-search": _("Cari desa/kelurahan (ketik beberapa huruf)"),
                                                            "data-search-count": _("%s desa/kelurahan cocok"),
                                                            "data-search-none": _("Tidak ada desa/kelurahan yang cocok")}))
    address = forms.CharField(label=_("Alamat atau patokan lokasi"), max_length=300, required=False)
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180,
                                   widget=forms.HiddenInput)
    attachments = MultipleFileField(label=_("Foto atau dokumen (opsional)"), required=False)
    reporter_name = forms.CharField(label=_("Nama Anda"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel",
                                                                   "autocomplete": "tel"}))
    reporter_email = forms.EmailField(label=_("Email"), required=False,
                                      error_messages={"invalid": _("Alamat email tidak valid.")})
    is_anonymous = forms.BooleanField(
        label=_("Anonim: sembunyikan identitas saya dari OPD dan publik"), required=False,
        help_text=_("Kami tetap mengabari Anda lewat kontak di atas."),
    )
    is_confidential = forms.BooleanField(label=_("Rahasia: isi laporan tidak ditampilkan untuk publik"), required=False)
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(required=False, label=_("Jangan diisi"),
                              widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Formatted per form, in the request's language: `_(...) % {...}` at class level would be fixed at import.
        self.fields["attachments"].help_text = _(
            "Paling banyak %(max)d berkas JPG, PNG, WEBP atau PDF, masing-masing paling besar 5 MB."
        ) % {"max": MAX_ATTACHMENTS}
        if user is not None and user.is_authenticated:
            self.fields["reporter_name"].initial = user.get_full_name()
            self.fields["reporter_phone"].initial = getattr(user, "phone", "")
            self.fields["reporter_email"].initial = user.email

    def clean_reporter_phone(self):
        from satupintu.core.phones import normalize_phone

        value = self.cleaned_data["reporter_phone"].strip()
        if value and not normalize_phone(value):
            raise ValidationError(_("Nomor WhatsApp tidak valid. Contoh: 0812 3456 7890."))
        return value

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        attachments_validate(files)  # raises ValidationError with one message per bad file
        return files

    def clean(self):
        data = super().clean()
        signed_in = self.user is not None and self.user.is_authenticated
        if not signed_in and not (data.get("reporter_phone") or data.get("reporter_email")):
            self.add_error("reporter_phone", _("Isi nomor WhatsApp atau email agar kami bisa mengabari Anda."))
        if not data.get("is_anonymous") and not signed_in and not (data.get("reporter_name") or "").strip():
            self.add_error("reporter_name", _("Isi nama Anda, atau centang Anonim."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class TrackForm(forms.Form):
    kode = forms.CharField(label=_("Kode lacak"), max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "ADU-XXXX-XXXX", "autocapitalize": "characters"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             error_messages={"required": _("Alasan wajib diisi.")})


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Tanggapan Anda"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                              error_messages={"required": _("Tanggapan tidak boleh kosong.")})


RATING_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Nilai jawaban (1 = buruk, 5 = sangat baik)"), choices=RATING_CHOICES,
                                    coerce=int, required=False, widget=forms.RadioSelect)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Nilai jawaban (1 = buruk, 5 = sangat baik)"), choices=RATING_CHOICES,
                                    coerce=int, widget=forms.RadioSelect,
                                    error_messages={"required": _("Pilih nilai 1 sampai 5.")})


class AgencyForm(forms.Form):
    agency = forms.ModelChoiceField(label=pgettext_lazy("OPD penanggung jawab aduan", "OPD"), queryset=Agency.objects.none(),
                                    error_messages={"required": _("Pilih OPD.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class VerifyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Teruskan langsung ke OPD (opsional)"), queryset=Agency.objects.none(),
                                    required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class DuplicateForm(forms.Form):
    original = forms.CharField(label=_("Kode lacak laporan asli"), max_length=20)


class UnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Sub-unit"), queryset=Agency.objects.none(),
                                  error_messages={"required": _("Pilih sub-unit.")})

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            ids = Agency.objects.descendant_ids(agency.pk) - {agency.pk}
            self.fields["unit"].queryset = Agency.objects.filter(pk__in=ids, is_active=True)


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Jawaban / tindak lanjut"), widget=forms.Textarea(attrs={"rows": 6}),
                           min_length=10, max_length=10000,
                           error_messages={"required": _("Jawaban wajib diisi."),
                                           "min_length": _("Jawaban terlalu singkat.")})


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Teks"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
                           error_messages={"required": _("Teks wajib diisi.")})


class EmptyForm(forms.Form):
    pass


class AreaAlertForm(forms.Form):
    """Follow the public reports of a village or a district (alerts.py)."""

    via = forms.ChoiceField(label=_("Kirim kabar lewat"), choices=[("email", _("Email")), ("whatsapp", _("WhatsApp"))],
                            widget=forms.RadioSelect, initial="email")
    address = forms.CharField(label=_("Alamat email atau nomor WhatsApp"), max_length=254)
    village = forms.ChoiceField(label=_("Desa/kelurahan"), required=False,
                                widget=FastSelect(attrs={"data-search": _("Cari desa/kelurahan (ketik beberapa huruf)")}))
    district = forms.ChoiceField(label=_("atau seluruh kecamatan"), required=False, widget=FastSelect)
    category = forms.ChoiceField(label=_("Hanya kategori (boleh kosong)"), required=False, widget=FastSelect)
    frequency = forms.ChoiceField(label=_("Seberapa sering"), widget=forms.RadioSelect, initial="immediate",
                                  choices=[("immediate", _("Segera, setiap ada kabar")),
                                           ("daily", _("Ringkasan harian"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.fields["village"].choices = [("", _("— pilih desa/kelurahan —")), *choices["villages"]]
        self.fields["district"].choices = [("", _("— pilih kecamatan —")), *choices["districts"]]
        self.fields["category"].choices = [("", _("Semua kategori")), *choices["categories"]]

    def clean(self):
        data = super().clean()
        from satupintu.wilayah.models import District

        data["village"] = Village.objects.filter(pk=data.get("village")).first() if data.get("village") else None
        data["district"] = District.objects.filter(pk=data.get("district")).first() if data.get("district") else None
        data["category"] = Category.objects.filter(pk=data.get("category")).first() if data.get("category") else None
        if data["village"] is None and data["district"] is None:
            self.add_error("village", _("Pilih desa/kelurahan atau kecamatan yang ingin diikuti."))
        return data


class OpenReportsFilterForm(forms.Form):
    """The regent's view of open reports (selectors.open_complaints)."""

    agency = forms.ChoiceField(label=pgettext_lazy("OPD penanggung jawab aduan", "OPD"), required=False, widget=FastSelect)
    district = forms.ChoiceField(label=_("Kecamatan"), required=False, widget=FastSelect)
    age = forms.ChoiceField(label=_("Umur laporan"), required=False, widget=FastSelect)

    def __init__(self, *args, **kwargs):
        from .selectors import AGE_BUCKETS

        super().__init__(*args, **kwargs)
        choices = filter_choices()
        self.fields["agency"].choices = [("", _("Semua OPD")), *choices["agencies"]]
        self.fields["district"].choices = [("", _("Semua kecamatan")), *choices["districts"]]
        self.fields["age"].choices = [("", _("Semua umur")), *[(k, v[0]) for k, v in AGE_BUCKETS.items()]]

    def clean(self):
        from satupintu.wilayah.models import District

        data = super().clean()
        data["agency"] = Agency.objects.filter(pk=data["agency"]).first() if data.get("agency") else None
        data["district"] = District.objects.filter(pk=data["district"]).first() if data.get("district") else None
        return data
