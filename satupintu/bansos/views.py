"""Social-aid pages: staff (village staff for their village, regency-wide roles for all) and the public page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import is_regency_wide
from satupintu.wilayah.models import Village

from . import checks, imports, selectors, services
from .forms import (
    PovertyImportForm,
    ProgrammeForm,
    PublicationForm,
    RecipientAddForm,
    RecipientImportForm,
    RemoveForm,
    VillageChoiceForm,
)
from .models import ImportRun, Publication
from .permissions import can_manage_programme, can_use_bansos

staff_required = rule_required(can_use_bansos)
PAGE_SIZE = 50


def _programme(user, pk):
    return selectors.programme_get_for_user(pk=pk, user=user)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _village_of(request, village_form):
    """The village the staff member acts for: their own, or the one a regency-wide user picked (None if not yet)."""
    if not is_regency_wide(request.user):
        return request.user.village
    return village_form.cleaned_data["village"] if village_form.is_valid() else None


@staff_required
def home(request):
    recipients = selectors.recipients_for_user(user=request.user)
    programmes = (
        selectors.programmes_for_user(user=request.user)
        .select_related("village")
        .annotate(recipient_count=Count("recipients", filter=Q(recipients__in=recipients)))
    )
    return render(
        request,
        "bansos/home.html",
        {
            "programmes": programmes,
            "poverty_count": selectors.poverty_for_user(user=request.user).count(),
            "village": None if is_regency_wide(request.user) else request.user.village,
        },
    )


@staff_required
def programme_new(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        village = None if is_regency_wide(request.user) else request.user.village
        try:
            programme = services.programme_save(by=request.user, village=village, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Program %(name)s disimpan.") % {"name": programme.name})
            return redirect("bansos:programme", pk=programme.pk)
    return render(request, "bansos/programme_form.html", {"form": form, "programme": None})


@staff_required
@object_view(_programme, can_manage_programme)
def programme_edit(request, programme):
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(by=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("bansos:programme", pk=programme.pk)
    return render(request, "bansos/programme_form.html", {"form": form, "programme": programme})


@staff_required
@object_view(_programme)
def programme_detail(request, programme):
    user = request.user
    recipients = (
        selectors.recipients_for_user(user=user)
        .filter(programme=programme)
        .select_related("village")
        .order_by("village__name", "name")
    )
    page = Paginator(recipients, PAGE_SIZE).get_page(request.GET.get("page"))
    village = None if is_regency_wide(user) else user.village
    village_form = VillageChoiceForm(prefix="v") if village is None else None
    add_form = RecipientAddForm()
    import_form = RecipientImportForm()
    publication = None
    if village is not None:
        publication = Publication.objects.filter(village=village, programme=programme).first()
    return render(
        request,
        "bansos/programme_detail.html",
        {
            "programme": programme,
            "page": page,
            "add_form": add_form,
            "import_form": import_form,
            "village_form": village_form,
            "can_edit": can_manage_programme(user, programme),
            "publication_form": PublicationForm(
                initial={"publish_names": getattr(publication, "publish_names", False)}
            )
            if village is not None
            else None,
            "runs": ImportRun.objects.filter(programme=programme, village__in=_scope_villages(user))[:5],
        },
    )


def _scope_villages(user):
    if is_regency_wide(user):
        return Village.objects.all()
    return Village.objects.filter(pk=user.village_id)


@require_POST
@staff_required
@object_view(_programme)
def recipient_add(request, programme):
    form = RecipientAddForm(request.POST)
    village_form = VillageChoiceForm(request.POST, prefix="v") if is_regency_wide(request.user) else None
    village = _village_of(request, village_form)
    if form.is_valid() and village is not None:
        try:
            recipient, flags = services.recipient_add(
                by=request.user,
                programme=programme,
                village=village,
                number=form.cleaned_data["number"],
                name=form.cleaned_data["name"],
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s dicatat sebagai penerima.") % {"name": recipient.name})
            for flag in flags:
                messages.warning(request, flag)
    else:
        messages.error(request, _("Periksa isian penerima."))
    return redirect("bansos:programme", pk=programme.pk)


@require_POST
@staff_required
def recipient_remove(request, pk):
    recipient = selectors.recipient_get_for_user(pk=pk, user=request.user)
    form = RemoveForm(request.POST)
    if form.is_valid():
        services.recipient_remove(by=request.user, recipient=recipient, reason=form.cleaned_data["reason"])
        messages.success(request, _("Penerima dihapus dari program."))
    else:
        messages.error(request, _("Tulis alasan penerima dihapus."))
    return redirect("bansos:programme", pk=recipient.programme_id)


@require_POST
@staff_required
@object_view(_programme)
def publication(request, programme):
    if is_regency_wide(request.user):
        raise Http404
    form = PublicationForm(request.POST)
    form.is_valid()
    services.publication_set(
        by=request.user,
        village=request.user.village,
        programme=programme,
        publish_names=form.cleaned_data.get("publish_names", False),
    )
    messages.success(request, _("Pilihan keterbukaan disimpan."))
    return redirect("bansos:programme", pk=programme.pk)


@staff_required
@object_view(_programme)
def programme_import(request, programme):
    form = RecipientImportForm(request.POST or None, request.FILES or None)
    village_form = (
        VillageChoiceForm(request.POST or None, prefix="v") if is_regency_wide(request.user) else None
    )
    if request.method == "POST" and form.is_valid():
        village = _village_of(request, village_form)
        if village is not None:
            upload = form.cleaned_data["file"]
            try:
                run = imports.recipients_import(
                    stream=upload,
                    filename=upload.name,
                    programme=programme,
                    village=village,
                    by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if run.pk:
                    return redirect("bansos:run", pk=run.pk)
                return render(request, "bansos/run.html", {"run": run, "dry_run": True})
    return render(
        request,
        "bansos/import_form.html",
        {
            "form": form,
            "village_form": village_form,
            "programme": programme,
            "title": _("Impor penerima %(programme)s") % {"programme": programme.name},
        },
    )


def _run(user, pk):
    run = (
        ImportRun.objects.filter(pk=pk, village__in=_scope_villages(user))
        .select_related("programme", "village")
        .first()
    )
    if run is None or not can_use_bansos(user):
        raise Http404
    return run


@staff_required
@object_view(_run)
def run_detail(request, run):
    return render(request, "bansos/run.html", {"run": run, "dry_run": False})


@staff_required
def poverty(request):
    form = PovertyImportForm(request.POST or None, request.FILES or None)
    village_form = (
        VillageChoiceForm(request.POST or None, prefix="v") if is_regency_wide(request.user) else None
    )
    if request.method == "POST" and form.is_valid():
        village = _village_of(request, village_form)
        if village is not None:
            upload = form.cleaned_data["file"]
            try:
                run = imports.poverty_import(
                    stream=upload,
                    filename=upload.name,
                    village=village,
                    by=request.user,
                    source=form.cleaned_data["source"],
                    data_date=form.cleaned_data["data_date"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                if run.pk:
                    return redirect("bansos:run", pk=run.pk)
                return render(request, "bansos/run.html", {"run": run, "dry_run": True})
    entries = (
        selectors.poverty_for_user(user=request.user)
        .select_related("village", "family")
        .order_by("village__name", "decile", "head_name")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bansos/poverty.html", {"form": form, "village_form": village_form, "page": page})


@staff_required
def check(request):
    """The check of the stored lists: doubles, deceased, moved, unknown. For a regency-wide user, of a village."""
    village = None
    village_form = None
    if is_regency_wide(request.user):
        village_form = VillageChoiceForm(request.GET or None, prefix="v")
        village = village_form.cleaned_data["village"] if village_form.is_valid() else None
    else:
        village = request.user.village
    findings = checks.village_findings(village) if village is not None else []
    return render(
        request,
        "bansos/check.html",
        {
            "findings": findings,
            "village": village,
            "village_form": village_form,
        },
    )


@require_GET
def public(request, slug):
    village = Village.objects.filter(slug=slug).select_related("district").first()
    if village is None:
        raise Http404
    return render(
        request,
        "bansos/public.html",
        {
            "village": village,
            "programmes": selectors.public_summary(village),
        },
    )
