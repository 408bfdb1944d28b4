"""Resident self-service: request a letter from home, follow it, download it once signed. The penduduk
self-service session says who the resident is; a resident only ever reaches their own requests (404 otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.akun.permissions import require
from satupintu.core import ratelimit
from satupintu.core.request_context import client_ip
from satupintu.penduduk.mandiri import current_resident, resident_required
from satupintu.penduduk.masking import mask_nik

from .. import selectors, services
from ..forms import LetterDetailsForm
from ..models import Channel, LetterStatus
from .common import attachment_form, errors_text, pdf_response

# A type with a second resident by NIK answers whether a NIK belongs to an active resident: without a limit a signed-in
# resident could probe the register. Ten requests naming another resident an hour, per resident and per address.
RELATED_NIK_SCOPE = "surat.mandiri.related_nik"
DEFAULT_RELATED_NIK_LIMIT = (10, 3600)


def _related_nik_allowed(request, resident, letter_type, values: dict) -> ratelimit.Decision | None:
    """None when the request names no other resident; else the stricter of the two rate-limit decisions."""
    names = {spec["name"] for spec in letter_type.fields or [] if spec.get("type") == "resident"}
    if not any(values.get(name) for name in names):
        return None
    maximum, window = getattr(settings, "SURAT_RELATED_NIK_LIMIT", DEFAULT_RELATED_NIK_LIMIT)
    by_resident = ratelimit.consume(RELATED_NIK_SCOPE, f"r{resident.pk}", limit=maximum, window=window)
    if not by_resident.allowed:
        return by_resident
    return ratelimit.consume(RELATED_NIK_SCOPE, f"ip{client_ip(request) or 'unknown'}", limit=maximum * 3,
                             window=window)


def mandiri_home(request):
    resident = current_resident(request)
    if resident is None:
        return render(request, "surat/mandiri_intro.html")
    return render(request, "surat/mandiri_home.html", {
        "resident": resident,
        "masked_nik": mask_nik(resident.nik),
        "types": services.letter_types_enabled(resident.village),
        "letters": selectors.letters_for_resident(resident=resident),
    })


@resident_required
def mandiri_new(request, code: str):
    resident = current_resident(request)
    letter_type = get_object_or_404(services.letter_types_enabled(resident.village), code=code)
    form = LetterDetailsForm(request.POST or None, letter_type=letter_type)
    if request.method == "POST" and form.is_valid():
        decision = _related_nik_allowed(request, resident, letter_type, form.field_values())
        if decision is not None and not decision.allowed:
            form.add_error(None, _(
                "Terlalu banyak permohonan yang menyebut NIK penduduk lain. Coba lagi setelah %(until)s, atau ajukan "
                "di kantor desa."
            ) % {"until": ratelimit.until_text(decision.reset_at)})
            return render(request, "surat/mandiri_new.html", {"form": form, "letter_type": letter_type}, status=429)
        try:
            letter = services.letter_request_create(
                village=resident.village, letter_type=letter_type, resident=resident,
                purpose=form.cleaned_data["purpose"], field_values=form.field_values(), channel=Channel.SELF_SERVICE,
                contact_phone=request.POST.get("contact_phone", "")[:20],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Permohonan tersimpan. Unggah lampiran yang diminta, lalu kirim permohonan."))
            return redirect("surat:mandiri_detail", pk=letter.pk)
    return render(request, "surat/mandiri_new.html", {"form": form, "letter_type": letter_type})


# --- Actions on one's own letter: action -> (form, service) ----------------------------------------------------


@dataclass(frozen=True)
class ResidentAction:
    """One self-service action. `form(letter, data, files)` builds its form (None: no input; an invalid form is shown
    again with its errors); `run(letter, resident, data)` calls the service and returns the success message. The
    services check that the resident is the applicant and that the letter's state allows the step."""

    form: Callable[..., forms.Form] | None
    run: Callable[..., str]


def _attach(letter, resident, data) -> str:
    services.letter_attachment_add(letter=letter, label=data["label"], uploaded=data["file"], resident=resident)
    return _("Lampiran diunggah.")


def _submit(letter, resident, data) -> str:
    services.letter_request_submit(letter=letter, resident=resident)
    return _("Permohonan dikirim dan akan diperiksa petugas desa.")


def _cancel(letter, resident, data) -> str:
    services.letter_request_cancel(letter=letter, resident=resident, reason=_("Dibatalkan oleh pemohon."))
    return _("Permohonan dibatalkan.")


RESIDENT_ACTIONS: dict[str, ResidentAction] = {
    "attach": ResidentAction(attachment_form, _attach),
    "submit": ResidentAction(None, _submit),
    "cancel": ResidentAction(None, _cancel),
}


@resident_required
def mandiri_detail(request, pk: int):
    """The resident's letter; a POST runs one row of `RESIDENT_ACTIONS` and goes back to the page on success. A
    refused step is a message on the page; an unknown action just shows the page."""
    resident = current_resident(request)
    letter = selectors.letter_get_for_resident(pk=pk, resident=resident)
    upload_form = attachment_form(letter)
    action = RESIDENT_ACTIONS.get(request.POST.get("action", "")) if request.method == "POST" else None
    if action is not None:
        form = None if action.form is None else action.form(letter, request.POST, request.FILES)
        if form is not None:
            upload_form = form  # the page's only form: shown bound, with its errors or what was chosen
        if form is None or form.is_valid():
            try:
                message = action.run(letter, resident, {} if form is None else form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, errors_text(exc))
            else:
                messages.success(request, message)
                return redirect("surat:mandiri_detail", pk=letter.pk)
    return render(request, "surat/mandiri_detail.html", {
        "letter": letter,
        "field_rows": selectors.request_field_rows(letter),
        "applicant": letter.resident_data,
        "attachments": letter.attachments.all(),
        "missing": services.required_attachments_missing(letter),
        "attachment_form": upload_form,
        "statuses": LetterStatus,
        "steps": [
            (s, LetterStatus(s).label)
            for s in (LetterStatus.INCOMPLETE, LetterStatus.CHECKING, LetterStatus.AWAITING_SIGNATURE,
                      LetterStatus.READY, LetterStatus.PICKED_UP)
        ],
    })


@require_GET
@resident_required
def mandiri_pdf(request, pk: int):
    letter = selectors.letter_get_for_resident(pk=pk, resident=current_resident(request))
    require(letter.is_signed)
    return pdf_response(letter)
