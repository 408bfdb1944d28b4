"""Forms of the treasury pages. Amounts are whole Rupiah typed as digits (dots as thousands separators allowed)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from satupintu.core.widgets import FastSelect

from .banks import CHOICES as BANK_CHOICES
from .budget import parse_rupiah
from .models import AttachmentKind, OrderKind, PtkpStatus, ReturnReason, TaxClass
from .services import CHECKLIST


class RupiahField(forms.Field):
    """Whole Rupiah: "1500000", "1.500.000" or "Rp1.500.000"; negative amounts are read (and refused by the service
    with its message), fractions are refused here."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        try:
            return parse_rupiah(value)
        except ValueError:
            raise ValidationError(_("Tulis jumlah dalam Rupiah bulat, misalnya 1.500.000."), code="amount") from None


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis SPP"), choices=OrderKind.choices)
    description = forms.CharField(label=_("Uraian pembayaran"), max_length=300)
    recipient_name = forms.CharField(label=_("Nama penerima"), max_length=150)
    recipient_npwp = forms.CharField(label=_("NPWP penerima"), max_length=25, required=False,
                                     help_text=_("15 atau 16 digit. Tanpa NPWP, PPh 22/23 dipotong 100% lebih tinggi."))
    bank = forms.ChoiceField(label=_("Bank"), choices=BANK_CHOICES)
    account_number = forms.CharField(label=_("Nomor rekening"), max_length=30)
    account_name = forms.CharField(label=_("Nama pemilik rekening"), max_length=150)


class RecipientForm(forms.Form):
    recipient_name = forms.CharField(label=_("Nama penerima"), max_length=150)
    recipient_npwp = forms.CharField(label=_("NPWP penerima"), max_length=25, required=False)
    bank = forms.ChoiceField(label=_("Bank"), choices=BANK_CHOICES)
    account_number = forms.CharField(label=_("Nomor rekening"), max_length=30)
    account_name = forms.CharField(label=_("Nama pemilik rekening"), max_length=150)


class LineForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Baris DPA"), queryset=None, widget=FastSelect)
    description = forms.CharField(label=_("Uraian"), max_length=255)
    amount = RupiahField(label=_("Jumlah (Rp)"))
    tax_class = forms.ChoiceField(label=_("Pajak"), choices=TaxClass.choices, initial=TaxClass.NONE)
    employee_number = forms.CharField(label=_("NIP/NIK pegawai (rincian gaji)"), max_length=24, required=False)
    ptkp_status = forms.ChoiceField(label=_("Status PTKP (rincian gaji)"), required=False,
                                    choices=[("", "—"), *PtkpStatus.choices])

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines
        self.fields["budget_line"].label_from_instance = lambda line: (
            f"{line.activity_code} · {line.account.code} {line.description}")


class RemoveLineForm(forms.Form):
    line = forms.IntegerField(min_value=1)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Berkas PDF"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in CHECKLIST.items():
            self.fields[key] = forms.BooleanField(label=label, required=False)


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(label=_("Alasan"), choices=ReturnReason.choices)
    note = forms.CharField(label=_("Penjelasan untuk OPD"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Passphrase TTE"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Hanya untuk tanda tangan elektronik BSrE; tidak disimpan."),
    )


class BudgetImportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=None)
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Berkas DPA (CSV atau XLSX)"))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class SpdForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("OPD"), queryset=None)
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2000, max_value=2100)
    month_from = forms.IntegerField(label=_("Dari bulan"), min_value=1, max_value=12)
    month_to = forms.IntegerField(label=_("Sampai bulan"), min_value=1, max_value=12)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
