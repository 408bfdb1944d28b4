"""Pages of civil registration.

Staff: the queue (with waiting times), the declaration forms (a phone at the bedside), a registration's page with
its steps — each step one row of `ACTIONS` (form -> service, rule of `permissions`) — the documents and statistics.
A registration outside the user's scope is not found (404); a step the user may not take is forbidden (403).

Public: the service's page with the tracking form (status only), the family's page by its secret link (status and
the documents to download) and the QR verification page of a document (number, type, date, office, masked name)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.core.audit import actor_display, audit_trail
from satupintu.core.files import private_file_response
from satupintu.surat.signing import signer_method

from . import permissions, selectors, services
from .forms import (
    BirthForm,
    DeathForm,
    HandOverForm,
    RegisterForm,
    ReturnForm,
    StatsForm,
    TrackForm,
    VerifyForm,
)
from .models import BirthRegistration, DeathRegistration, HealthFacility, RegistrationStatus
from .workflow import workflow_for

KINDS = {
    "lahir": (BirthRegistration, selectors.birth_get_for_user),
    "mati": (DeathRegistration, selectors.death_get_for_user),
}


def _errors_to(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, " ".join(error.messages))
    else:
        for message in exc.messages:
            form.add_error(None, message)


# --- public --------------------------------------------------------------------------------------------------
@require_GET
def index(request):
    """The service's page: what it is (free, at the bed), tracking by code, and staff's way to their queue."""
    form = TrackForm(request.GET or None)
    found, searched = None, False
    if request.GET and form.is_valid():
        searched = True
        found = selectors.registration_by_code(form.cleaned_data["kode"])
    return render(request, "adminduk/index.html", {
        "form": form, "found": found, "searched": searched,
        "is_desk_user": permissions.can_use_desk(request.user),
    })


def _documents(registration):
    return list(registration.documents.order_by("issued_at", "pk"))


def _follow(request, registration, kind: str):
    return render(request, "adminduk/follow.html", {
        "registration": registration, "kind": kind, "documents": _documents(registration)
        if registration.status in (RegistrationStatus.REGISTERED, RegistrationStatus.HANDED_OVER) else [],
        "steps": _trail(registration, public=True),
    })


@require_GET
def birth_follow(request, token: str):
    return _follow(request, selectors.birth_get_by_follow_token(token), "lahir")


@require_GET
def death_follow(request, token: str):
    return _follow(request, selectors.death_get_by_follow_token(token), "mati")


@require_GET
def follow_document(request, token: str, pk: int):
    """A document for the family, by their secret link only."""
    registration = None
    for getter in (selectors.birth_get_by_follow_token, selectors.death_get_by_follow_token):
        try:
            registration = getter(token)
            break
        except Http404:
            continue
    if registration is None:
        raise Http404
    document = registration.documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    return private_file_response(document.pdf, filename=f"{document.kind}-{registration.tracking_code}.pdf",
                                 content_type="application/pdf")


@require_GET
def verify(request, token: str):
    try:
        document = selectors.document_get_by_token(token)
    except Http404:
        return render(request, "adminduk/verify_not_found.html", status=404)
    return render(request, "adminduk/verify.html", {"document": document})


# --- staff ---------------------------------------------------------------------------------------------------
@rule_required(permissions.can_use_desk)
def queue(request):
    status = request.GET.get("status", "")
    rows = selectors.queue(user=request.user, status=status)
    return render(request, "adminduk/queue.html", {
        "rows": rows, "status": status if status in RegistrationStatus.values else "",
        "statuses": RegistrationStatus.choices, "can_declare": permissions.can_declare(request.user),
    })


def _facilities(user) -> list[HealthFacility]:
    return list(HealthFacility.objects.filter(pk__in=permissions.facility_ids(user)).order_by("name"))


def _declaration(request, *, form_class, declare, preview: bool, template: str, registration=None, correct=None):
    facilities = _facilities(request.user)
    village_mode = not facilities and registration is None
    kwargs = {"user": request.user, "facilities": facilities if registration is None else (),
              "village_mode": village_mode}
    context: dict = {"registration": registration, "facility": facilities[0] if len(facilities) == 1 else None}
    if request.method == "POST" and request.POST.get("step") == "check":
        # Only a look-up: the register's answer, masked, and (home births) the village letter's facts filled in. The
        # form comes back unbound with what was typed, so nothing half-typed is reported as an error yet.
        typed = {name: request.POST.get(name, "") for name in request.POST if name != "csrfmiddlewaretoken"}
        if village_mode and typed.get("letter_number"):
            typed = {**selectors.village_letter_facts(user=request.user, number=typed["letter_number"],
                                                      kind="birth" if preview else "death"), **{
                k: v for k, v in typed.items() if v}}
        if preview:
            context["preview"] = selectors.parents_preview(
                user=request.user, mother_nik=typed.get("mother_nik", ""), father_nik=typed.get("father_nik", ""),
                kk_number=typed.get("kk_number", ""))
        form = form_class(initial=typed, **kwargs)
    elif request.method == "POST":
        form = form_class(request.POST, **kwargs)
        try:
            if not form.is_valid():
                raise ValidationError({})
            data = form.cleaned_data
            if registration is not None:
                saved = correct(registration=registration, by=request.user, data=data)
            else:
                facility = data.get("facility") or (facilities[0] if facilities else None)
                saved = declare(by=request.user, data=data, facility=facility,
                                letter_number=data.get("letter_number", ""))
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, _("Laporan tercatat dengan kode %(code)s. Kode dan tautan rahasia dikirim ke "
                                        "keluarga.") % {"code": saved.tracking_code}
                             if registration is None else _("Perbaikan dikirim ke Disdukcapil."))
            kind = "lahir" if isinstance(saved, BirthRegistration) else "mati"
            return redirect("adminduk:detail", kind=kind, pk=saved.pk)
    else:
        initial = {}
        if registration is not None:
            initial = {name: getattr(registration, name) for name in form_class.base_fields
                       if hasattr(registration, name)}
            if isinstance(registration, DeathRegistration):
                initial["deceased_nik"] = registration.deceased.nik
        form = form_class(initial=initial, **kwargs)
    context["form"] = form
    return render(request, template, context)


@rule_required(permissions.can_declare)
def birth_new(request):
    return _declaration(request, form_class=BirthForm, declare=services.birth_declare, preview=True,
                        template="adminduk/birth_form.html")


@rule_required(permissions.can_declare)
def death_new(request):
    return _declaration(request, form_class=DeathForm, declare=services.death_declare, preview=False,
                        template="adminduk/death_form.html")


def _registration(view):
    """object_view over (kind, pk) from the URL: 404 outside the user's scope."""
    def wrapper(request, kind, pk, *args, **kwargs):
        return view(request, *args, key=(kind, pk), **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


def _loader(user, key):
    kind, pk = key
    if kind not in KINDS:
        raise Http404
    return KINDS[kind][1](user, pk)


def _trail(registration, *, public: bool = False) -> list[dict]:
    workflow = workflow_for(registration)
    rows = []
    for event in audit_trail(registration).select_related("actor"):
        step = event.action.split(".", 1)[-1]
        rows.append({"at": event.created_at, "label": workflow.label(step),
                     "actor": "" if public else actor_display(event), "note": "" if public else event.note})
    return rows


@_registration
@object_view(_loader, permissions.can_see_registration, url_kwarg="key")
def detail(request, registration):
    kind = "lahir" if isinstance(registration, BirthRegistration) else "mati"
    workflow = workflow_for(registration)
    allowed = workflow.allowed_actions(request.user, registration)
    return render(request, "adminduk/detail.html", {
        "registration": registration, "kind": kind, "allowed": allowed, "documents": _documents(registration),
        "trail": _trail(registration), "verify_form": VerifyForm(), "return_form": ReturnForm(),
        "register_form": RegisterForm() if signer_method() == "bsre" else None, "hand_over_form": HandOverForm(),
        "statuses": RegistrationStatus,
    })


@_registration
@object_view(_loader, permissions.can_correct, url_kwarg="key")
def edit(request, registration):
    if registration.status != RegistrationStatus.RETURNED:
        messages.error(request, _("Hanya laporan yang dikembalikan yang dapat diperbaiki."))
        kind = "lahir" if isinstance(registration, BirthRegistration) else "mati"
        return redirect("adminduk:detail", kind=kind, pk=registration.pk)
    if isinstance(registration, BirthRegistration):
        return _declaration(request, form_class=BirthForm, declare=None, preview=True,
                            template="adminduk/birth_form.html", registration=registration,
                            correct=services.birth_correct)
    return _declaration(request, form_class=DeathForm, declare=None, preview=False,
                        template="adminduk/death_form.html", registration=registration, correct=services.death_correct)


@_registration
@object_view(_loader, permissions.can_see_registration, url_kwarg="key")
def document(request, registration, doc: int):
    found = registration.documents.filter(pk=doc).first()
    if found is None:
        raise Http404
    return private_file_response(found.pdf, filename=f"{found.kind}-{registration.tracking_code}.pdf",
                                 content_type="application/pdf")


# --- steps: one table --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Action:
    form: type[forms.Form] | None
    run: Callable[..., str]
    allowed: Callable[..., bool]


def _verify(r, by, data) -> str:
    services.registration_verify(registration=r, by=by, checklist=data["checklist"], note=data["note"])
    return _("Laporan terverifikasi dan diteruskan ke pejabat pencatatan sipil.")


def _return(r, by, data) -> str:
    services.registration_return(registration=r, by=by, reason=data["reason"])
    return _("Laporan dikembalikan kepada petugas pelapor.")


def _register(r, by, data) -> str:
    register = services.birth_register if isinstance(r, BirthRegistration) else services.death_register
    done = register(registration=r, by=by, passphrase=data.get("passphrase", ""))
    return _("Tercatat dengan nomor akta %(number)s. Dokumen sudah ditandatangani.") % {"number": done.certificate_number}


def _hand_over(r, by, data) -> str:
    services.registration_hand_over(registration=r, by=by, received_by=data["received_by"],
                                    discharge_at=data.get("discharge_at"))
    return _("Serah terima dokumen dicatat. Keluarga menerima pesan dengan tautan unduhnya.")


ACTIONS: dict[str, Action] = {
    "verify": Action(VerifyForm, _verify, permissions.can_verify),
    "return": Action(ReturnForm, _return, permissions.can_verify),
    "register": Action(RegisterForm, _register, permissions.can_register),
    "hand_over": Action(HandOverForm, _hand_over, permissions.can_hand_over),
}
INVALID = gettext_lazy("Isian tidak lengkap.")


@require_POST
@_registration
@object_view(_loader, permissions.can_see_registration, url_kwarg="key")
def act(request, registration, action: str):
    """The POST of one row of ACTIONS: 404 outside the scope (loader), 403 for a step the user may not take."""
    row = ACTIONS.get(action)
    if row is None:
        raise Http404
    if not row.allowed(request.user, registration):
        raise PermissionDenied
    kind = "lahir" if isinstance(registration, BirthRegistration) else "mati"
    form = row.form(request.POST) if row.form else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs) or str(INVALID))
        return redirect("adminduk:detail", kind=kind, pk=registration.pk)
    try:
        messages.success(request, row.run(registration, request.user, form.cleaned_data if form else {}))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("adminduk:detail", kind=kind, pk=registration.pk)


@rule_required(permissions.can_see_statistics)
def stats(request):
    form = StatsForm(request.GET or None)
    year = timezone.localdate().year
    by = "month"
    if form.is_valid():
        year = form.cleaned_data.get("year") or year
        by = form.cleaned_data.get("by") or by
    return render(request, "adminduk/stats.html", {
        "form": form, "year": year, "by": by,
        "births": selectors.birth_statistics(year=year, by=by),
        "deaths": selectors.death_statistics(year=year, by=by),
    })
