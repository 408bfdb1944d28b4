"""Forms of the social-media candidates queue (the regency administrator's, and any staff member's paste form)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from satupintu.notifikasi.models import CandidateStatus, SocialChannel
from satupintu.wilayah.models import Village

from ..models import Kind


class CandidateFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Semua"))] + CandidateStatus.choices)
    channel = forms.ChoiceField(label=_("Kanal"), required=False, choices=[("", _("Semua"))] + SocialChannel.choices)


class ManualCandidateForm(forms.Form):
    channel = forms.ChoiceField(label=_("Sumber"), choices=SocialChannel.choices, initial=SocialChannel.MANUAL,
                                help_text=_("Pilih \"Ditempel manual\" untuk pesan dari grup WhatsApp."))
    text = forms.CharField(label=_("Isi unggahan"), widget=forms.Textarea(attrs={"rows": 5}), min_length=10,
                           error_messages={"min_length": _("Tempel isi unggahan selengkapnya (minimal 10 huruf).")})
    author_name = forms.CharField(label=_("Nama pengunggah"), max_length=200, required=False)
    author_handle = forms.CharField(label=_("Akun atau nomor pengunggah"), max_length=200, required=False)
    permalink = forms.URLField(label=_("Tautan unggahan"), max_length=500, required=False, assume_scheme="https",
                               error_messages={"invalid": _("Tautan tidak valid; salin alamat lengkap mulai https://.")})
    posted_at = forms.DateTimeField(label=_("Waktu unggah"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    error_messages={"invalid": _("Waktu tidak valid.")})


class ConvertForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis laporan"), choices=())
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 6}), min_length=10,
                                  error_messages={"min_length": _("Uraian terlalu singkat (minimal 10 huruf).")})
    village = forms.ModelChoiceField(label=_("Desa/kelurahan"), queryset=None, required=False,
                                     empty_label=_("— tidak diketahui —"))
    is_confidential = forms.BooleanField(label=_("Rahasia (tidak ditampilkan ke publik)"), required=False)
    # A post from a WhatsApp group: the sender's number, so they get the tracking code and updates by WhatsApp.
    reporter_phone = forms.CharField(label=_("Nomor WhatsApp pengirim"), max_length=20, required=False,
                                     help_text=_("Untuk pesan dari grup WhatsApp: pengirim menerima kode lacak dan "
                                                 "kabar perkembangan lewat WhatsApp."))
    phone_confirmed = forms.BooleanField(label=_("Nomor ini milik pengirim dan ia setuju dihubungi"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Kind.choices
        prefix = getattr(settings, "SATUPINTU_REGENCY_CODE", "") + "."
        self.fields["village"].queryset = Village.objects.filter(code__startswith=prefix).select_related(
            "district").order_by("district__name", "name")


class LinkForm(forms.Form):
    tracking_code = forms.CharField(label=_("Kode lacak aduan yang sudah ada"), max_length=20,
                                    help_text=_("Contoh: ADU-7KQ4-M9XZ"))
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class DismissForm(forms.Form):
    note = forms.CharField(label=_("Alasan diabaikan"), max_length=500,
                           error_messages={"required": _("Tuliskan alasannya agar tercatat.")})
