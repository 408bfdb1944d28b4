"""The site editor for the Media Center (the regency's own site) and agency sites — the same content as the
village editor (desa.services.site_content_save), for another owner. Villages keep their editor at /desa/kelola/."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import has_role
from satupintu.akun.roles import Role
from satupintu.desa import services as site_services
from satupintu.desa.models import Article, GalleryPhoto, GalleryVideo
from satupintu.desa.permissions import can_set_hostname
from satupintu.desa.sites import REGENCY_KEY, SiteOwner

from .. import forms, permissions, selectors, services
from ..models import ServiceStandard


@dataclass(frozen=True)
class Section:
    model: type
    form: type
    label: str
    columns: tuple[str, ...]


# One ACTIONS-like table: what an owner's editor offers.
SECTIONS = {
    "artikel": Section(Article, forms.SiteArticleForm,
                       gettext_lazy("Berita, siaran pers, pengumuman, agenda, infografis"),
                       ("title", "kind", "status", "published_at")),
    "galeri": Section(GalleryPhoto, forms.SiteGalleryForm, gettext_lazy("Galeri foto"),
                      ("caption", "status", "published_at")),
    "video": Section(GalleryVideo, forms.VideoForm, gettext_lazy("Galeri video"), ("title", "status", "published_at")),
}


def load_owner(user, key: str) -> SiteOwner:
    """"kabupaten" or "opd-<slug>"; 404 for anything else (villages have their own editor)."""
    if key == REGENCY_KEY:
        return SiteOwner.regency()
    if key.startswith("opd-"):
        return SiteOwner(agency=selectors.agency_by_slug(key[4:]))
    raise Http404


site_editor = object_view(load_owner, permissions.can_edit_site, url_kwarg="owner")


def _section(name: str) -> Section:
    if name not in SECTIONS:
        raise Http404
    return SECTIONS[name]


@rule_required(permissions.can_use_site_editor)
def index(request):
    user = request.user
    if has_role(user, Role.AGENCY_EDITOR):
        return redirect("portal:editor_site", owner=f"opd-{user.agency.slug}")
    sites = []
    if permissions.can_edit_media_center(user):
        sites.append(SiteOwner.regency())
    if has_role(user, Role.REGENCY_ADMIN):
        sites += [SiteOwner(agency=a) for a in selectors.public_agencies()]
    if len(sites) == 1:
        return redirect("portal:editor_site", owner=sites[0].key)
    return render(request, "portal/editor/index.html", {"sites": sites})


@site_editor
def site_home(request, owner):
    counts = {name: s.model.objects.owned_by(owner).count() for name, s in SECTIONS.items()}
    services_count = ServiceStandard.objects.filter(agency=owner.agency).count() if owner.agency else None
    return render(request, "portal/editor/site.html", {
        "owner": owner, "sections": [(name, s.label, counts[name]) for name, s in SECTIONS.items()],
        "services_count": services_count,
    })


@site_editor
def section_list(request, owner, section):
    s = _section(section)
    objects = s.model.objects.owned_by(owner).order_by("-created_at")[:500]
    return render(request, "portal/editor/list.html", {
        "owner": owner, "section": section, "label": s.label, "objects": objects,
        "columns": [s.model._meta.get_field(c).verbose_name for c in s.columns], "fields": s.columns,
    })


@require_http_methods(["GET", "POST"])
@site_editor
def section_edit(request, owner, section, pk=None):
    s = _section(section)
    instance = get_object_or_404(s.model.objects.owned_by(owner), pk=pk) if pk else None
    if request.method == "POST":
        form = s.form(request.POST, request.FILES, instance=instance)
        if form.is_valid():
            try:
                site_services.site_content_save(owner=owner, by=request.user, instance=instance, model=s.model,
                                                data=form.cleaned_data, upload=form.cleaned_data.get("upload"))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Perubahan disimpan."))
                return redirect("portal:editor_section", owner=owner.key, section=section)
    else:
        form = s.form(instance=instance)
    return render(request, "portal/editor/form.html", {"owner": owner, "section": section, "label": s.label,
                                                       "form": form, "object": instance})


@require_POST
@site_editor
def section_delete(request, owner, section, pk):
    s = _section(section)
    instance = get_object_or_404(s.model.objects.owned_by(owner), pk=pk)
    try:
        site_services.content_delete(instance=instance, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Data dihapus."))
    return redirect("portal:editor_section", owner=owner.key, section=section)


def _agency_owner(owner: SiteOwner):
    if owner.agency is None:
        raise Http404
    return owner.agency


@require_http_methods(["GET", "POST"])
@site_editor
def agency_profile(request, owner):
    agency = _agency_owner(owner)
    site = selectors.agency_site(agency)
    if request.method == "POST":
        form = forms.AgencySiteForm(request.POST, request.FILES, instance=site)
        if not can_set_hostname(request.user):
            form.fields["hostname"].disabled = True
        if form.is_valid():
            try:
                services.agency_site_update(agency=agency, by=request.user, data=form.cleaned_data,
                                            head_photo=form.cleaned_data.get("upload"),
                                            hostname=form.cleaned_data["hostname"]
                                            if can_set_hostname(request.user) else None)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Profil OPD disimpan."))
                return redirect("portal:editor_site", owner=owner.key)
    else:
        form = forms.AgencySiteForm(instance=site)
        if not can_set_hostname(request.user):
            form.fields["hostname"].disabled = True
    return render(request, "portal/editor/form.html", {"owner": owner, "label": _("Profil OPD"), "form": form,
                                                       "object": site, "back": "site"})


@site_editor
def service_list(request, owner):
    agency = _agency_owner(owner)
    return render(request, "portal/editor/services.html", {
        "owner": owner, "services": ServiceStandard.objects.filter(agency=agency)})


@require_http_methods(["GET", "POST"])
@site_editor
def service_edit(request, owner, pk=None):
    agency = _agency_owner(owner)
    instance = get_object_or_404(ServiceStandard, agency=agency, pk=pk) if pk else None
    if request.method == "POST":
        form = forms.ServiceStandardForm(request.POST, instance=instance)
        if form.is_valid():
            try:
                services.service_standard_save(agency=agency, by=request.user, data=form.cleaned_data,
                                               instance=instance)
            except ValidationError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                raise
            else:
                messages.success(request, _("Standar pelayanan disimpan."))
                return redirect("portal:editor_services", owner=owner.key)
    else:
        form = forms.ServiceStandardForm(instance=instance)
    return render(request, "portal/editor/form.html", {"owner": owner, "label": _("Standar pelayanan"),
                                                       "form": form, "object": instance, "back": "services"})
