"""Forms of civil registration. They only shape input: every rule (NIKs against the register, dates, duplicates)
is the services', which answer per field in Indonesian."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attendant, DeathCause, HealthFacility
from .services import CHECKLIST

NUMERIC = {"inputmode": "numeric", "autocomplete": "off"}


def _nik_field(label, required=True, help_text=""):
    return forms.CharField(label=label, max_length=32, required=required, help_text=help_text,
                           widget=forms.TextInput(attrs=NUMERIC))


class OriginMixin(forms.Form):
    """The facility (an officer of several picks one) or, for the village operator, the village letter's number."""

    def __init__(self, *args, user=None, facilities=(), village_mode=False, **kwargs):
        super().__init__(*args, **kwargs)
        if village_mode:
            self.fields["letter_number"] = forms.CharField(
                label=_("Nomor surat keterangan desa"), max_length=120,
                help_text=_("Kelahiran/kematian di rumah dicatat dari surat keterangan desa yang sudah ditandatangani."),
            )
            self.order_fields(["letter_number"])
        elif len(facilities) > 1:
            self.fields["facility"] = forms.ModelChoiceField(
                label=_("Fasilitas kesehatan"), queryset=HealthFacility.objects.filter(pk__in=[f.pk for f in facilities]),
            )
            self.order_fields(["facility"])


class BirthForm(OriginMixin):
    mother_nik = _nik_field(_("NIK ibu"))
    mother_name = forms.CharField(label=_("Nama ibu"), max_length=150, required=False,
                                  help_text=_("Wajib bila NIK ibu tidak ada di register."))
    father_nik = _nik_field(_("NIK ayah"), required=False)
    father_name = forms.CharField(label=_("Nama ayah"), max_length=150, required=False,
                                  help_text=_("Wajib bila NIK ayah tidak ada di register."))
    kk_number = _nik_field(_("Nomor KK"))
    child_name = forms.CharField(label=_("Nama bayi"), max_length=150)
    child_sex = forms.ChoiceField(label=_("Jenis kelamin bayi"), choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))],
                                  widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}))
    birth_time = forms.TimeField(label=_("Jam lahir"), widget=forms.TimeInput(attrs={"type": "time"}))
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    weight_grams = forms.IntegerField(label=_("Berat lahir (gram)"), widget=forms.NumberInput(attrs=NUMERIC))
    length_cm = forms.DecimalField(label=_("Panjang lahir (cm)"), max_digits=4, decimal_places=1,
                                   widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}))
    attendant = forms.ChoiceField(label=_("Penolong kelahiran"), choices=Attendant.choices)
    birth_order = forms.IntegerField(label=_("Kelahiran ke- (bayi kembar)"), initial=1, min_value=1, max_value=6,
                                     help_text=_("1 untuk bayi tunggal."))
    marriage_book_number = forms.CharField(label=_("Nomor buku nikah/akta perkawinan"), max_length=60, required=False)
    sptjm = forms.BooleanField(label=_("Tidak ada buku nikah: orang tua menandatangani SPTJM"), required=False)
    witness1_name = forms.CharField(label=_("Nama saksi 1"), max_length=150)
    witness1_nik = _nik_field(_("NIK saksi 1"))
    witness2_name = forms.CharField(label=_("Nama saksi 2"), max_length=150)
    witness2_nik = _nik_field(_("NIK saksi 2"))
    contact_phone = forms.CharField(label=_("Nomor WhatsApp orang tua"), max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
                                    help_text=_("Untuk kode lacak dan tautan unduh dokumen."))
    contact_email = forms.EmailField(label=_("Email orang tua"), required=False)


class DeathForm(OriginMixin):
    deceased_nik = _nik_field(_("NIK almarhum/almarhumah"))
    death_date = forms.DateField(label=_("Tanggal meninggal"), widget=forms.DateInput(attrs={"type": "date"}))
    death_time = forms.TimeField(label=_("Jam meninggal"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    death_place = forms.CharField(label=_("Tempat meninggal"), max_length=150)
    cause = forms.ChoiceField(label=_("Sebab meninggal"), choices=DeathCause.choices)
    reporter_name = forms.CharField(label=_("Nama pelapor"), max_length=150)
    reporter_relation = forms.CharField(label=_("Hubungan pelapor"), max_length=60,
                                        help_text=_("Contoh: anak, istri, suami."))
    witness1_name = forms.CharField(label=_("Nama saksi 1"), max_length=150)
    witness1_nik = _nik_field(_("NIK saksi 1"))
    witness2_name = forms.CharField(label=_("Nama saksi 2"), max_length=150)
    witness2_nik = _nik_field(_("NIK saksi 2"))
    contact_phone = forms.CharField(label=_("Nomor WhatsApp keluarga"), max_length=30, required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    contact_email = forms.EmailField(label=_("Email keluarga"), required=False)


class VerifyForm(forms.Form):
    checklist = forms.MultipleChoiceField(label=_("Daftar periksa"), choices=CHECKLIST,
                                          widget=forms.CheckboxSelectMultiple, required=False)
    note = forms.CharField(label=_("Catatan (tidak wajib)"), max_length=500, required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pengembalian"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class RegisterForm(forms.Form):
    passphrase = forms.CharField(label=_("Passphrase TTE"), required=False, widget=forms.PasswordInput,
                                 help_text=_("Hanya bila tanda tangan elektronik (BSrE) aktif."))


class HandOverForm(forms.Form):
    received_by = forms.CharField(label=_("Diterima oleh"), max_length=150, help_text=_("Nama ibu, ayah atau keluarga."))
    discharge_at = forms.DateTimeField(
        label=_("Waktu pulang dari fasilitas (bila sudah diketahui)"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class TrackForm(forms.Form):
    kode = forms.CharField(label=_("Kode lacak"), max_length=20, help_text=_("Contoh: AKL-7KQ4-M9XZ"))


class StatsForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    by = forms.ChoiceField(label=_("Menurut"), required=False, choices=[
        ("month", _("Bulan")), ("district", _("Kecamatan")), ("facility", _("Fasilitas kesehatan"))])
