"""Forms validate only; the services in services.py do the work."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.images import SafeImageField

from .models import (
    Article,
    Download,
    GalleryPhoto,
    IncomingLetter,
    Product,
    Seller,
    TemporaryResident,
    VillageOfficial,
    VillageProfile,
    VillageRegulation,
)

IMAGE_HELP = _("JPG atau PNG, paling besar 8 MB. Gambar diperkecil otomatis dan data EXIF (lokasi) dihapus.")
MAX_UPLOAD = 8 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if value and not isinstance(value, str):
            # Form fields hand over naive local time already (to_current_timezone); model values may be aware.
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            value = value.strftime("%Y-%m-%dT%H:%M")
        return value


def _check_size(upload):
    if upload and upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_("Berkas terlalu besar (paling besar 8 MB)."))
    return upload


class UploadMixin:
    upload_field = "upload"

    def clean_upload(self):
        return _check_size(self.cleaned_data.get("upload"))


class ImageUploadForm(UploadMixin, forms.ModelForm):
    upload = SafeImageField(label=_("Gambar"), required=False, help_text=IMAGE_HELP)


class ProfileForm(forms.ModelForm):
    upload = SafeImageField(label=_("Gambar peta"), required=False, help_text=IMAGE_HELP)

    class Meta:
        model = VillageProfile
        fields = ["history", "vision", "mission", "area_km2", "latitude", "longitude", "boundary_geojson", "address",
                  "phone", "whatsapp", "email", "office_hours"]
        widgets = {"history": forms.Textarea(attrs={"rows": 6}), "vision": forms.Textarea(attrs={"rows": 3}),
                   "mission": forms.Textarea(attrs={"rows": 5}), "boundary_geojson": forms.Textarea(attrs={"rows": 3})}

    def clean_upload(self):
        return _check_size(self.cleaned_data.get("upload"))

    def clean_boundary_geojson(self):
        value = self.cleaned_data.get("boundary_geojson")
        if value in (None, "", {}):
            return None
        from .maps import polygons_from_geojson

        if not isinstance(value, dict) or not polygons_from_geojson(value):
            raise forms.ValidationError(_("GeoJSON harus berisi Polygon atau MultiPolygon dengan koordinat [bujur, lintang]."))
        return value


class SiteForm(forms.Form):
    tagline = forms.CharField(label=_("Slogan"), max_length=200, required=False)
    hostname = forms.RegexField(
        label=_("Nama host"), required=False, max_length=253,
        regex=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$",
        error_messages={"invalid": _("Nama host tidak sah, contoh: sialtong.desa.id")},
        help_text=_("Hanya admin kabupaten yang dapat mengubahnya."),
    )


OFFICIAL_FIELDS = ["name", "position", "order", "niap", "nip", "sex", "birth_place", "birth_date", "religion", "rank",
                   "education", "appointment_number", "appointment_date", "dismissal_number", "dismissal_date", "note"]
REGULATION_FIELDS = ["kind", "number", "enacted_on", "title", "summary", "agreed_on", "reported_number", "reported_on",
                     "gazette_number", "gazette_on", "bulletin_number", "bulletin_on", "note"]
INCOMING_FIELDS = ["received_on", "number", "dated", "sender", "subject", "note"]
TEMPORARY_FIELDS = ["name", "sex", "identity_number", "birth_place", "birth_date", "occupation", "nationality",
                    "descent", "came_from", "purpose", "host", "arrived_on", "left_on", "note"]


def _date_widgets(model, fields):
    from django.db.models import DateField

    return {f: DateInput() for f in fields if isinstance(model._meta.get_field(f), DateField)}


class RegulationForm(forms.ModelForm):
    class Meta:
        model = VillageRegulation
        fields = REGULATION_FIELDS
        widgets = {**_date_widgets(VillageRegulation, REGULATION_FIELDS), "summary": forms.Textarea(attrs={"rows": 3})}


class IncomingLetterForm(forms.ModelForm):
    class Meta:
        model = IncomingLetter
        fields = INCOMING_FIELDS
        widgets = _date_widgets(IncomingLetter, INCOMING_FIELDS)


class TemporaryResidentForm(forms.ModelForm):
    class Meta:
        model = TemporaryResident
        fields = TEMPORARY_FIELDS
        widgets = _date_widgets(TemporaryResident, TEMPORARY_FIELDS)

    def clean(self):
        data = super().clean()
        if data.get("left_on") and data.get("arrived_on") and data["left_on"] < data["arrived_on"]:
            self.add_error("left_on", _("Tanggal pergi tidak boleh sebelum tanggal datang."))
        return data


class RegisterPeriodForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


class OfficialForm(ImageUploadForm):
    upload = SafeImageField(label=_("Foto"), required=False, help_text=IMAGE_HELP)

    class Meta:
        model = VillageOfficial
        fields = OFFICIAL_FIELDS
        widgets = {"birth_date": DateInput(), "appointment_date": DateInput(), "dismissal_date": DateInput()}


class ArticleForm(ImageUploadForm):
    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body", "event_start", "location", "status", "published_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12}), "published_at": DateTimeInput(),
                   "event_start": DateTimeInput()}


class GalleryForm(ImageUploadForm):
    upload = SafeImageField(label=_("Foto"), required=True, help_text=IMAGE_HELP)

    class Meta:
        model = GalleryPhoto
        fields = ["caption", "status", "published_at"]
        widgets = {"published_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].required = False


class DownloadForm(UploadMixin, forms.ModelForm):
    upload = forms.FileField(label=_("Berkas"), required=True, help_text=_("PDF, dokumen atau lembar kerja; paling besar 8 MB."))

    class Meta:
        model = Download
        fields = ["title", "description", "status", "published_at"]
        widgets = {"published_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].required = False

    def clean_upload(self):
        upload = _check_size(self.cleaned_data.get("upload"))
        if upload:
            import filetype

            head = upload.read(2048)
            upload.seek(0)
            kind = filetype.guess(head)
            allowed = {"application/pdf", "application/zip", "image/jpeg", "image/png",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
            if kind is None or kind.mime not in allowed:
                if not upload.name.lower().endswith((".csv", ".txt")):
                    raise forms.ValidationError(_("Jenis berkas tidak diizinkan. Gunakan PDF, DOCX, XLSX, CSV, JPG atau PNG."))
            elif kind.mime == "application/pdf":
                from satupintu.core.files import pdf_check

                pdf_check(upload)  # a village's public download must not run script in a visitor's viewer
            elif kind.mime.startswith("image/"):
                from satupintu.core.images import image_check

                image_check(upload)
        return upload


class SellerForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = ["name", "owner_name", "whatsapp", "description", "is_active"]

    def clean_whatsapp(self):
        from lokal import normalize_phone

        value = normalize_phone(self.cleaned_data["whatsapp"])
        if not value:
            raise forms.ValidationError(_("Nomor WhatsApp tidak sah, contoh: 0812 3456 7890."))
        return value.lstrip("+")


class ProductForm(ImageUploadForm):
    upload = SafeImageField(label=_("Foto"), required=False, help_text=IMAGE_HELP)

    class Meta:
        model = Product
        fields = ["name", "seller", "category", "description", "price", "unit", "status", "published_at"]
        widgets = {"published_at": DateTimeInput()}

    def __init__(self, *args, village=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = Seller.objects.filter(village=village, is_active=True)
        self.fields["price"].min_value = 0
        self.fields["price"].widget.attrs["min"] = 0

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price < 0:
            raise forms.ValidationError(_("Harga tidak boleh negatif."))
        return price


class BudgetCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=2015, max_value=2100)


class BudgetImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas APBDes (CSV, XLSX, atau ekspor Siskeudes ZIP)"),
                           help_text=_("Lembar kerja: kolom kode, uraian, anggaran, realisasi; baris kelompok berisi "
                                       "jumlahnya. Siskeudes: arsip ZIP berisi tabel Ta_RAB.csv, Ta_RABRinci.csv dan "
                                       "Ta_Kegiatan.csv (serta Ref_Rek, Ta_TBPRinci, Ta_SPJRinci bila ada)."))
    amended = forms.BooleanField(label=_("Siskeudes: pakai anggaran setelah perubahan (PAK)"), required=False)

    def clean_file(self):
        upload = _check_size(self.cleaned_data["file"])
        if not upload.name.lower().endswith((".csv", ".xlsx", ".zip")):
            raise forms.ValidationError(_("Gunakan berkas CSV, XLSX, atau ZIP ekspor Siskeudes."))
        return upload


class BudgetLineForm(forms.Form):
    code = forms.RegexField(label=_("Kode rekening"), regex=r"^\d{1,3}(\.\d{1,4})*$", max_length=40,
                            error_messages={"invalid": _("Gunakan angka bertitik, contoh 5.2.1.01.")})
    description = forms.CharField(label=_("Uraian"), max_length=255)
    budget_amount = forms.DecimalField(label=_("Anggaran (Rp)"), min_value=0, max_digits=16, decimal_places=2)
    realisation_amount = forms.DecimalField(label=_("Realisasi (Rp)"), min_value=0, max_digits=16, decimal_places=2,
                                            initial=0)


class BudgetPublishForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Article._meta.get_field("status").choices)
    published_at = forms.DateTimeField(label=_("Waktu terbit"), required=False, widget=DateTimeInput(),
                                       help_text=_("Kosongkan untuk terbit sekarang."))
