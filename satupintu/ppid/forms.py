"""Forms only validate; services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.organisasi.models import Agency

from .files import check_upload
from .models import (
    AccessMode,
    CopyFormat,
    Delivery,
    ExemptionGround,
    IdKind,
    InfoCategory,
    InfoForm,
    ObjectionDecision,
    ObjectionGround,
    Outcome,
    PublicInfoItem,
    Topic,
    Verdict,
)


def _blank(choices):
    return [("", _("— pilih —")), *choices]


class InfoRequestForm(forms.Form):
    requester_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    id_kind = forms.ChoiceField(label=_("Jenis identitas"), choices=IdKind.choices, initial=IdKind.NIK)
    id_number = forms.CharField(
        label=_("Nomor identitas"), max_length=40,
        help_text=_("NIK 16 angka untuk KTP. Nomor ini hanya dilihat petugas PPID dan tidak pernah ditampilkan untuk "
                    "umum."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label=_("Telepon/WhatsApp"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Email"), required=False)
    occupation = forms.CharField(label=_("Pekerjaan"), max_length=100)
    # As the question is typed, answers already published in the archive that match it are shown under it
    # (Froide's "similar requests"): the next citizen may find the answer without asking.
    information = forms.CharField(label=_("Rincian informasi yang dibutuhkan"), widget=forms.Textarea(attrs={
        "rows": 4, "hx-get": reverse_lazy("ppid:archive_similar"), "hx-trigger": "input changed delay:600ms, load",
        "hx-target": "#similar-answers", "hx-swap": "innerHTML", "aria-describedby": "similar-answers"}))
    purpose = forms.CharField(label=_("Tujuan penggunaan informasi"), widget=forms.Textarea(attrs={"rows": 3}))
    access_mode = forms.ChoiceField(label=_("Cara memperoleh informasi"), choices=AccessMode.choices,
                                    widget=forms.RadioSelect)
    copy_format = forms.ChoiceField(label=_("Bentuk salinan"), choices=_blank(CopyFormat.choices), required=False)
    delivery = forms.ChoiceField(label=_("Cara mendapatkan salinan"), choices=_blank(Delivery.choices), required=False)


class TrackForm(forms.Form):
    token = forms.CharField(
        label=_("Kode lacak"), max_length=40,
        help_text=_("Tertera pada tanda terima dan pesan dari PPID, contoh: PPID-7KQ4-M9XZ."),
        widget=forms.TextInput(attrs={"placeholder": "PPID-XXXX-XXXX", "autocapitalize": "characters",
                                      "autocomplete": "off", "spellcheck": "false"}),
    )
    number = forms.CharField(label=_("Nomor registrasi"), max_length=30, required=False,
                             widget=forms.TextInput(attrs={"placeholder": "PPID/2026/000123"}))


class ForwardForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Teruskan ke PPID Pelaksana"), queryset=Agency.objects.none())
    note = forms.CharField(label=_("Catatan untuk petugas (tidak tampil untuk pemohon)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True, is_ppid_utama=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=_("Alasan perpanjangan (disampaikan kepada pemohon)"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    widget = MultiFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Keputusan"), choices=_blank(Outcome.choices))
    answer_text = forms.CharField(label=_("Isi pemberitahuan tertulis"), widget=forms.Textarea(attrs={"rows": 5}))
    refusal_ground = forms.ChoiceField(label=_("Dasar pengecualian (Pasal 17)"),
                                       choices=_blank(ExemptionGround.choices), required=False)
    consequence_test = forms.CharField(label=_("Uji konsekuensi"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    other_body = forms.CharField(label=_("Badan publik yang menguasai informasi (dan cara menghubunginya)"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 2}))
    held_form = forms.ChoiceField(label=_("Bentuk informasi yang dikuasai"), choices=_blank(InfoForm.choices),
                                  required=False)
    fee = forms.DecimalField(label=_("Biaya (Rp)"), min_value=0, max_digits=12, decimal_places=0, initial=0,
                             required=False)
    files = MultiFileField(label=_("Lampiran dokumen"), required=False,
                           help_text=_("PDF, JPG, PNG, DOCX, XLSX, ODT atau ODS."))

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for f in files:
            check_upload(f)
        return files


class IdentityForm(forms.Form):
    id_kind = forms.ChoiceField(label=_("Jenis identitas"), choices=IdKind.choices)
    id_number = forms.CharField(label=_("Nomor identitas"), max_length=40)


class ObjectionForm(forms.Form):
    grounds = forms.MultipleChoiceField(label=_("Alasan keberatan (Pasal 35 UU 14/2008)"),
                                        choices=ObjectionGround.choices, widget=forms.CheckboxSelectMultiple)
    case = forms.CharField(label=_("Kasus posisi"), widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Uraikan mengapa Anda keberatan dan apa yang Anda harapkan."))


class ObjectionAnswerForm(forms.Form):
    decision = forms.ChoiceField(label=_("Tanggapan"), choices=_blank(ObjectionDecision.choices))
    answer_text = forms.CharField(label=_("Isi tanggapan"), widget=forms.Textarea(attrs={"rows": 4}))
    superior_name = forms.CharField(label=_("Nama dan jabatan atasan PPID"), max_length=200)


class DisputeForm(forms.Form):
    filed = forms.TypedChoiceField(label=_("Diajukan ke Komisi Informasi?"),
                                   choices=[("1", _("Ya")), ("0", _("Tidak"))], coerce=lambda v: v == "1")
    filed_on = forms.DateField(label=_("Tanggal pengajuan"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Nomor register sengketa"), max_length=100, required=False)
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DipFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    agency = forms.ModelChoiceField(label=pgettext_lazy("badan publik PPID", "OPD"), queryset=Agency.objects.filter(is_active=True), required=False,
                                    empty_label=_("Semua OPD"))
    category = forms.ChoiceField(label=_("Kategori"), choices=[("", _("Semua kategori")), *InfoCategory.choices],
                                 required=False)


class PublicInfoItemForm(forms.ModelForm):
    link = forms.URLField(label=_("Tautan"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = PublicInfoItem
        fields = ["agency", "title", "summary", "holding_unit", "responsible_officer", "made_when", "made_where",
                  "form", "retention_period", "category", "document", "link", "legal_ground", "is_published"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("category") == InfoCategory.EXEMPT:
            if not (cleaned.get("legal_ground") or "").strip():
                self.add_error("legal_ground", _("Informasi dikecualikan wajib mencantumkan dasar hukumnya."))
            if cleaned.get("document") or cleaned.get("link"):
                self.add_error("category", _("Informasi dikecualikan tidak boleh disertai dokumen atau tautan."))
        return cleaned

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a fresh upload
            try:
                check_upload(document)
            except ValidationError as exc:
                raise ValidationError(exc.messages)
        return document


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2008, max_value=2100)
    agency = forms.ModelChoiceField(label=pgettext_lazy("badan publik PPID", "OPD"), queryset=Agency.objects.none(), required=False,
                                    empty_label=_("Seluruh kabupaten"))

    def __init__(self, *args, agencies=None, allow_regency=True, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies
        if not allow_regency:
            self.fields["agency"].required = True
            self.fields["agency"].empty_label = None


# --- Public archive ------------------------------------------------------------------------------------------------


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("mis. anggaran jalan")}))
    agency = forms.ModelChoiceField(label=pgettext_lazy("badan publik PPID", "OPD"), queryset=Agency.objects.none(),
                                    required=False, empty_label=_("Semua OPD"))
    topic = forms.ChoiceField(label=_("Topik"), choices=[("", _("Semua topik")), *Topic.choices], required=False)
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False, empty_value=None, choices=[])

    def __init__(self, *args, agencies=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
        self.fields["year"].choices = [("", _("Semua tahun")), *[(y, str(y)) for y in years]]


class ArchiveRedactForm(forms.Form):
    title = forms.CharField(label=_("Judul untuk arsip"), max_length=200, required=False,
                            help_text=_("Kosongkan untuk memakai awal pertanyaan yang sudah disamarkan."))
    topic = forms.ChoiceField(label=_("Topik"), choices=_blank(Topic.choices))
    mask_terms = forms.CharField(
        label=_("Kata yang disamarkan"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu nama atau kata per baris. Nama, nomor identitas, alamat dan kontak pemohon selalu "
                    "disamarkan; NIK, nomor telepon dan email di dalam teks juga."))


class ArchiveAttachmentForm(forms.Form):
    areas = forms.CharField(
        label=_("Area yang disamarkan"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Satu area per baris: “halaman: kiri,atas,kanan,bawah” dalam persen halaman, mis. “1: 10,5,60,12”. "
                    "Setiap halaman dijadikan gambar sehingga teks di bawah area hilang."))
    replacement = forms.FileField(label=_("Atau unggah salinan yang sudah disamarkan"), required=False)


class ArchiveWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penarikan"), widget=forms.Textarea(attrs={"rows": 2}))


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Penilaian Anda"), choices=Verdict.choices, widget=forms.RadioSelect)
