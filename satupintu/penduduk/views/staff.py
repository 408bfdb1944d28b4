"""Register pages for village staff (operator and head, their own village) and regency-wide roles (every village)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import is_regency_wide
from satupintu.core.audit import audit_trail
from satupintu.core.lookup import PARAM as LOOKUP_PARAM
from satupintu.core.lookup import lookup_load, lookup_store

from .. import mandiri, permissions, selectors, services
from ..forms import (
    HouseholdForm,
    HouseholdVillageForm,
    ImportForm,
    ResidentForm,
    ResidentSearchForm,
    StatusForm,
)
from ..imports import rejections_csv, residents_import
from ..models import ImportRun
from ..workflow import allowed_statuses

PAGE_SIZE = 50
REPORT_ROWS_SHOWN = 500


register_staff_required = rule_required(permissions.can_manage_register)


def _resident(user, pk):
    return selectors.resident_get_for_user(pk=pk, user=user)


def _family(user, pk):
    family = selectors.families_for_user(user=user).select_related("village", "head").filter(pk=pk).first()
    if family is None:
        raise Http404
    return family


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field the form has, else at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@register_staff_required
def register_list(request):
    """The register, searched by NIK, KK number or name. The search is POSTed and kept in the session under a
    short-lived token (`core.lookup`), then shown at ``?cari=<token>`` (POST/redirect/GET): a NIK or KK number never
    goes into a URL, and reload, back and the page links still work."""
    if request.method == "POST":
        form = ResidentSearchForm(request.POST)
        if form.is_valid():
            data = {"q": form.cleaned_data["q"], "status": form.cleaned_data["status"]}
            if not any(data.values()):
                return redirect("penduduk:register")
            return redirect(f"{reverse('penduduk:register')}?{LOOKUP_PARAM}={lookup_store(request, data)}")
        data = {}
    else:
        stored = lookup_load(request)
        if stored is None and request.GET.get(LOOKUP_PARAM):
            messages.info(request, _("Pencarian sudah kedaluwarsa. Silakan cari lagi."))
            return redirect("penduduk:register")
        data = stored or {}
        form = ResidentSearchForm(initial=data)
    query, status = data.get("q", ""), data.get("status", "")
    residents = selectors.resident_search(user=request.user, query=query, status=status)
    if query.isdigit() and len(query) == 16:
        match = residents.first()
        if match is not None:
            return redirect("penduduk:resident_detail", pk=match.pk)
    page = Paginator(residents.order_by("name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "penduduk/register_list.html", {
        "form": form, "page": page, "query": query,
        "total": page.paginator.count,
        "querystring": _querystring(request),
    })


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@register_staff_required
@object_view(_resident)
def resident_detail(request, resident):
    allowed = allowed_statuses(resident)
    status_form = StatusForm()
    status_form.fields["status"].choices = [(v, label) for v, label in status_form.fields["status"].choices if v in allowed]
    return render(request, "penduduk/resident_detail.html", {
        "resident": resident,
        "status_form": status_form if allowed else None,
        "has_credential": hasattr(resident, "credential"),
        "events": selectors.resident_history(resident),
    })


@register_staff_required
def resident_create(request):
    form = ResidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.resident_create(by=request.user, nik=form.cleaned_data["nik"], **form.service_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Penduduk %(name)s ditambahkan ke register.") % {"name": resident.name})
            return redirect("penduduk:resident_detail", pk=resident.pk)
    return render(request, "penduduk/resident_form.html", {"form": form, "resident": None})


@register_staff_required
@object_view(_resident)
def resident_edit(request, resident):
    form = ResidentForm(request.POST or None, instance=resident, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_update(resident=resident, by=request.user, **form.service_fields())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Data penduduk disimpan."))
            return redirect("penduduk:resident_detail", pk=resident.pk)
    return render(request, "penduduk/resident_form.html", {"form": form, "resident": resident})


@require_POST
@register_staff_required
@object_view(_resident)
def resident_status(request, resident):
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.resident_status_change(
                resident=resident, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status penduduk diubah."))
    else:
        messages.error(request, _("Pilih status yang sah."))
    return redirect("penduduk:resident_detail", pk=resident.pk)


@never_cache
@require_POST
@register_staff_required
@object_view(_resident)
def resident_pin(request, resident):
    """Issue a self-service PIN. The page shows it once; it is not stored anywhere readable."""
    try:
        pin = mandiri.resident_pin_issue(resident=resident, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("penduduk:resident_detail", pk=resident.pk)
    return render(request, "penduduk/pin_issued.html", {"resident": resident, "pin": pin})


@register_staff_required
@object_view(_family)
def family_detail(request, family):
    return render(request, "penduduk/family_detail.html", {
        "family": family, "members": selectors.family_members(family),
    })


@register_staff_required
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        village = request.user.village if not is_regency_wide(request.user) else None
        try:
            result = residents_import(
                stream=upload, filename=upload.name, by=request.user, village=village,
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if result.run is not None:
                return redirect("penduduk:import_detail", pk=result.run.pk)
            return render(request, "penduduk/import_result.html", {
                "result": result, "run": None, "rejections": result.rejections[:REPORT_ROWS_SHOWN],
            })
    runs = _runs_for(request.user)[:10]
    return render(request, "penduduk/import_form.html", {"form": form, "runs": runs})


def _runs_for(user):
    runs = ImportRun.objects.select_related("uploaded_by", "village")
    if is_regency_wide(user):
        return runs
    # A village operator's imports are always limited to their village (see permissions.import_villages_for).
    return runs.filter(village_id=user.village_id)


def _run_for(user, pk: int) -> ImportRun:
    run = _runs_for(user).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


@register_staff_required
@object_view(_run_for)
def import_detail(request, run):
    return render(request, "penduduk/import_result.html", {
        "run": run, "result": None, "rejections": run.rejections[:REPORT_ROWS_SHOWN],
    })


@register_staff_required
@object_view(_run_for)
def import_rejections_download(request, run):
    response = HttpResponse(rejections_csv(run.rejections), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impor-{run.pk}-baris-ditolak.csv"'
    return response


# --- Households (rumah tangga) --------------------------------------------------------------------------------


def _household(user, pk):
    return selectors.household_get_for_user(pk=pk, user=user)


@register_staff_required
def household_list(request):
    households = (
        selectors.households_for_user(user=request.user).select_related("village", "head")
        .annotate(member_count=Count("members")).order_by("village__name", "number")
    )
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "penduduk/household_list.html", {"page": page})


@register_staff_required
@object_view(_household)
def household_detail(request, household):
    return render(request, "penduduk/household_detail.html", {
        "household": household,
        "members": household.members.select_related("family").order_by("birth_date", "pk"),
        "events": audit_trail(household).reverse()[:20],
    })


def _household_form(request, household):
    form = HouseholdForm(request.POST or None, instance=household)
    village_form = None
    if household is None and is_regency_wide(request.user):
        village_form = HouseholdVillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (village_form is None or village_form.is_valid()):
        village = village_form.cleaned_data["village"] if village_form else request.user.village
        try:
            saved = services.household_save(
                by=request.user, household=household, village=village,
                member_niks=form.cleaned_data["members"], head_nik=form.cleaned_data["head_nik"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Data rumah tangga disimpan."))
            return redirect("penduduk:household_detail", pk=saved.pk)
    return render(request, "penduduk/household_form.html", {
        "form": form, "village_form": village_form, "household": household,
    })


@register_staff_required
def household_create(request):
    return _household_form(request, None)


@register_staff_required
@object_view(_household)
def household_edit(request, household):
    return _household_form(request, household)
