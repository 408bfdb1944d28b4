"""Forms validate only; desa.services (site content) and portal.services do the work."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from satupintu.core.images import SafeImageField
from satupintu.desa.forms import (
    IMAGE_HELP,
    DateTimeInput,
    GalleryForm,
    ImageUploadForm,
    ProductForm,
    SellerForm,
    _check_size,
)
from satupintu.desa.models import AgencySite, Article, GalleryVideo
from satupintu.wilayah.models import Village

from .models import ServiceStandard
from .selectors import SITE_KINDS


class SiteArticleForm(ImageUploadForm):
    """News, press releases (with a photo), announcements (with an expiry), agenda, infographics."""

    class Meta:
        model = Article
        fields = ["kind", "title", "summary", "body", "event_start", "location", "expires_at", "status",
                  "published_at"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12}), "published_at": DateTimeInput(),
                   "event_start": DateTimeInput(), "expires_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in Article.Kind if k.value in SITE_KINDS]

    def clean(self):
        data = super().clean()
        kind, expires, published = data.get("kind"), data.get("expires_at"), data.get("published_at")
        if kind == Article.Kind.AGENDA and not data.get("event_start"):
            self.add_error("event_start", _("Agenda memerlukan waktu mulai acara."))
        if expires and published and expires <= published:
            self.add_error("expires_at", _("Batas berlaku harus sesudah waktu terbit."))
        if kind == Article.Kind.INFOGRAPHIC and not data.get("upload") and not self.instance.image:
            self.add_error("upload", _("Infografis memerlukan gambar."))
        return data


class SiteGalleryForm(GalleryForm):
    pass


class VideoForm(forms.ModelForm):
    url = forms.URLField(label=_("Tautan video"), assume_scheme="https",
                         help_text=_("Tautan YouTube, contoh: https://www.youtube.com/watch?v=..."))

    class Meta:
        model = GalleryVideo
        fields = ["title", "url", "status", "published_at"]
        widgets = {"published_at": DateTimeInput()}


class AgencySiteForm(forms.ModelForm):
    upload = SafeImageField(label=_("Foto kepala"), required=False, help_text=IMAGE_HELP)
    hostname = forms.CharField(
        label=_("Nama host"), required=False, max_length=253,
        help_text=_("Contoh: pupr.serdangbedagaikab.go.id. Hanya admin kabupaten yang dapat mengubahnya."),
    )

    class Meta:
        model = AgencySite
        fields = ["tagline", "profile", "tasks_functions", "structure", "office_hours"]
        widgets = {f: forms.Textarea(attrs={"rows": 6}) for f in ("profile", "tasks_functions", "structure")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not a model field of the form: the service sets it (regency-wide roles only) and checks it (desa.hosts).
        self.fields["hostname"].initial = self.instance.hostname or ""

    def clean_upload(self):
        return _check_size(self.cleaned_data.get("upload"))


class ServiceStandardForm(forms.ModelForm):
    class Meta:
        model = ServiceStandard
        fields = ["name", "legal_basis", "requirements", "procedure", "service_time", "cost", "product",
                  "complaint_channel", "is_published", "order"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in
                   ("legal_basis", "requirements", "procedure", "complaint_channel")}


class SellerPriceForm(forms.Form):
    price = forms.CharField(label=_("Harga (Rp)"), max_length=20)
    stock = forms.CharField(label=_("Stok"), max_length=9, required=False,
                            help_text=_("Kosongkan bila tidak dihitung."))


class _VillageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(village)s, Kec. %(district)s") % {"village": obj.name, "district": obj.district.name}


class OfficeSellerForm(SellerForm):
    """A business the cooperatives office registers: the village is chosen (any village of the regency), once."""

    village = _VillageChoice(label=_("Desa/kelurahan"), queryset=None, empty_label=_("Pilih desa"))

    class Meta(SellerForm.Meta):
        fields = ["village", *SellerForm.Meta.fields]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["village"]  # a business does not move: its products' addresses hang off the village
        else:
            self.fields["village"].queryset = (
                Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE, slug__isnull=False)
                .exclude(slug="").select_related("district").order_by("district__name", "name"))
        self.fields["whatsapp"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})


class OfficeProductForm(ProductForm):
    """A product of an office-registered business: the seller is the business, so it is not asked."""

    class Meta(ProductForm.Meta):
        fields = ["name", "category", "description", "price", "unit", "stock", "status", "published_at"]
        widgets = {**ProductForm.Meta.widgets, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        # ProductForm's own __init__ narrows the seller field, which this form has not.
        super(ProductForm, self).__init__(*args, **kwargs)
        self.fields["price"].min_value = 0
        self.fields["price"].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.fields["stock"].widget.attrs["inputmode"] = "numeric"
