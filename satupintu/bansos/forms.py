from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from satupintu.wilayah.models import Village

from .models import PovertySource, Programme

MAX_UPLOAD_MB = 10


class DateInput(forms.DateInput):
    input_type = "date"


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "kind", "source", "target", "start", "end", "description"]
        widgets = {"start": DateInput(), "end": DateInput()}


def _villages():
    return (
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE)
        .select_related("district")
        .order_by("code")
    )


class VillageChoiceForm(forms.Form):
    """For regency-wide staff, who act for a village they choose (village staff act for their own)."""

    village = forms.ModelChoiceField(label=_("Desa/kelurahan"), queryset=Village.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages()


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas (CSV atau XLSX)"))
    dry_run = forms.BooleanField(label=_("Periksa saja, jangan simpan"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
        return upload


class RecipientImportForm(UploadForm):
    file = forms.FileField(
        label=_("Daftar penerima (CSV atau XLSX)"),
        help_text=_("Kolom: NIK, NO_KK, NO_RUMAH_TANGGA (sesuai sasaran program), NAMA, NILAI, KETERANGAN."),
    )


class PovertyImportForm(UploadForm):
    file = forms.FileField(
        label=_("Berkas DTKS/DTSEN (CSV atau XLSX)"),
        help_text=_("Kolom: NO_KK, NIK_KEPALA, NAMA_KEPALA, DESIL. Data desa yang lama diganti seluruhnya."),
    )
    source = forms.ChoiceField(
        label=_("Sumber data"), choices=PovertySource.choices, initial=PovertySource.DTSEN
    )
    data_date = forms.DateField(label=_("Tanggal data"), widget=DateInput())


class RecipientAddForm(forms.Form):
    number = forms.CharField(
        label=_("NIK, nomor KK atau nomor rumah tangga"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(
        label=_("Nama penerima"),
        max_length=150,
        required=False,
        help_text=_("Kosongkan untuk memakai nama di register."),
    )
    amount = forms.IntegerField(label=_("Nilai bantuan (Rp)"), min_value=0, required=False)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Alasan dihapus"), max_length=500)


class PublicationForm(forms.Form):
    publish_names = forms.BooleanField(
        label=_("Tampilkan nama penerima di halaman publik desa"), required=False
    )
