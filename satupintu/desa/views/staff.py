"""Editor pages for village operators and heads (their own village) and regency admins (every village)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.decorators import object_view
from satupintu.akun.permissions import is_regency_wide, staff_required

from .. import forms, permissions, selectors, services
from ..models import (
    Article,
    Download,
    GalleryPhoto,
    IncomingLetter,
    Product,
    Seller,
    TemporaryResident,
    VillageOfficial,
    VillageRegulation,
    VillageSite,
)
from ..registers.export import can_read_registers


def _village(user, code):
    return selectors.village_by_code(code)


# The village named by the URL's `code`, handed to the view once its editor rule holds (403 for another village's).
village_editor = object_view(_village, permissions.can_edit_village, url_kwarg="code")


@dataclass(frozen=True)
class Section:
    model: type
    form: type
    label: str
    columns: tuple[str, ...]


SECTIONS = {
    "artikel": Section(Article, forms.ArticleForm, gettext_lazy("Artikel, pengumuman, agenda, potensi dan wisata"),
                       ("title", "kind", "status", "published_at")),
    "aparat": Section(VillageOfficial, forms.OfficialForm, gettext_lazy("Aparat desa"), ("name", "position", "order")),
    "galeri": Section(GalleryPhoto, forms.GalleryForm, gettext_lazy("Galeri foto"), ("caption", "status", "published_at")),
    "unduhan": Section(Download, forms.DownloadForm, gettext_lazy("Unduhan"), ("title", "status", "published_at")),
    "penjual": Section(Seller, forms.SellerForm, gettext_lazy("Pelaku UMKM"), ("name", "whatsapp", "is_active")),
    "produk": Section(Product, forms.ProductForm, gettext_lazy("Produk lapak"), ("name", "price", "status", "published_at")),
    # Kept for the statutory registers (Buku Administrasi Desa); never shown on the public site.
    "peraturan": Section(VillageRegulation, forms.RegulationForm, gettext_lazy("Peraturan di desa"),
                         ("kind", "number", "enacted_on", "title")),
    "surat-masuk": Section(IncomingLetter, forms.IncomingLetterForm, gettext_lazy("Surat masuk"),
                           ("received_on", "number", "sender", "subject")),
    "penduduk-sementara": Section(TemporaryResident, forms.TemporaryResidentForm,
                                  gettext_lazy("Penduduk sementara"), ("name", "identity_number", "arrived_on",
                                                                      "left_on")),
}


def _section(name: str) -> Section:
    from django.http import Http404

    if name not in SECTIONS:
        raise Http404
    return SECTIONS[name]


def _form(section: Section, village, *args, **kwargs):
    if section.form is forms.ProductForm:
        kwargs["village"] = village
    return section.form(*args, **kwargs)


@staff_required
def index(request):
    villages = selectors.villages_for_staff(request.user)
    if not is_regency_wide(request.user) and request.user.village_id:
        return redirect("desa:staff_village", code=request.user.village_id)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        villages = villages.filter(name__icontains=q)
    return render(request, "desa/staff/index.html", {"villages": villages[:500], "q": q})


@staff_required
@village_editor
def village_home(request, village):
    counts = {name: s.model.objects.filter(village=village).count() for name, s in SECTIONS.items()}
    return render(request, "desa/staff/village.html", {
        "village": village, "sections": [(name, s.label, counts[name]) for name, s in SECTIONS.items()],
        "budgets": village.budgets.all(),
        "can_read_registers": can_read_registers(request.user, village),
    })


@staff_required
@require_http_methods(["GET", "POST"])
@village_editor
def profile_edit(request, village):
    profile = getattr(village, "profile", None)
    site = VillageSite.objects.filter(village=village).first()
    if request.method == "POST":
        form = forms.ProfileForm(request.POST, request.FILES, instance=profile)
        site_form = forms.SiteForm(request.POST, prefix="site")
        if form.is_valid() and site_form.is_valid():
            try:
                services.profile_update(village=village, by=request.user, data=form.cleaned_data,
                                        map_image=form.cleaned_data.get("upload"))
                hostname = site_form.cleaned_data["hostname"] if permissions.can_set_hostname(request.user) else None
                services.site_update(village=village, by=request.user, tagline=site_form.cleaned_data["tagline"],
                                     hostname=hostname)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Profil desa disimpan."))
                return redirect("desa:staff_village", code=village.pk)
    else:
        form = forms.ProfileForm(instance=profile)
        site_form = forms.SiteForm(prefix="site", initial={"tagline": getattr(site, "tagline", ""),
                                                           "hostname": getattr(site, "hostname", "")})
    if not permissions.can_set_hostname(request.user):
        site_form.fields["hostname"].disabled = True
    return render(request, "desa/staff/profile.html", {"village": village, "form": form, "site_form": site_form})


@staff_required
@village_editor
def section_list(request, village, section):
    s = _section(section)
    qs = s.model.objects.filter(village=village)
    if s.model is Product:
        qs = qs.select_related("seller")
    return render(request, "desa/staff/list.html", {
        "village": village, "section": section, "label": s.label, "objects": qs[:500],
        "columns": [s.model._meta.get_field(c).verbose_name for c in s.columns], "fields": s.columns,
    })


@staff_required
@require_http_methods(["GET", "POST"])
@village_editor
def section_edit(request, village, section, pk=None):
    s = _section(section)
    instance = selectors.village_content(s.model, village, pk) if pk else None
    if request.method == "POST":
        form = _form(s, village, request.POST, request.FILES, instance=instance)
        if form.is_valid():
            try:
                services.content_save(village=village, by=request.user, instance=instance, model=s.model,
                                      data=form.cleaned_data, upload=form.cleaned_data.get("upload"))
            except ValidationError as exc:
                form.add_error(None, exc)  # e.g. an unreadable image, or a seller from another village
            else:
                messages.success(request, _("Perubahan disimpan."))
                return redirect("desa:staff_section", code=village.pk, section=section)
    else:
        form = _form(s, village, instance=instance)
    return render(request, "desa/staff/form.html", {"village": village, "section": section, "label": s.label,
                                                    "form": form, "object": instance})


@staff_required
@require_POST
@village_editor
def section_delete(request, village, section, pk):
    s = _section(section)
    instance = selectors.village_content(s.model, village, pk)
    try:
        services.content_delete(instance=instance, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Data dihapus."))
    return redirect("desa:staff_section", code=village.pk, section=section)
