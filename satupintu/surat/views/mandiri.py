"""Resident self-service: request a letter from home, follow it, download it once signed. The penduduk
self-service session says who the resident is; a resident only ever reaches their own requests (404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.akun.permissions import require
from satupintu.penduduk.mandiri import current_resident, resident_required
from satupintu.penduduk.masking import mask_nik

from .. import selectors, services
from ..forms import AttachmentForm, LetterDetailsForm
from ..models import Channel, LetterStatus
from .common import errors_text, pdf_response


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


@resident_required
def mandiri_detail(request, pk: int):
    resident = current_resident(request)
    letter = selectors.letter_get_for_resident(pk=pk, resident=resident)
    attachment_form = AttachmentForm(labels=letter.letter_type.required_attachments)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attach":
                attachment_form = AttachmentForm(request.POST, request.FILES,
                                                  labels=letter.letter_type.required_attachments)
                if attachment_form.is_valid():
                    services.letter_attachment_add(letter=letter, label=attachment_form.cleaned_data["label"],
                                                   uploaded=attachment_form.cleaned_data["file"], resident=resident)
                    messages.success(request, _("Lampiran diunggah."))
                    return redirect("surat:mandiri_detail", pk=letter.pk)
            elif action == "submit":
                services.letter_request_submit(letter=letter, resident=resident)
                messages.success(request, _("Permohonan dikirim dan akan diperiksa petugas desa."))
                return redirect("surat:mandiri_detail", pk=letter.pk)
            elif action == "cancel":
                services.letter_request_cancel(letter=letter, resident=resident,
                                               reason=_("Dibatalkan oleh pemohon."))
                messages.success(request, _("Permohonan dibatalkan."))
                return redirect("surat:mandiri_detail", pk=letter.pk)
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
    return render(request, "surat/mandiri_detail.html", {
        "letter": letter,
        "field_rows": selectors.request_field_rows(letter),
        "applicant": letter.resident_data,
        "attachments": letter.attachments.all(),
        "missing": services.required_attachments_missing(letter),
        "attachment_form": attachment_form,
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
