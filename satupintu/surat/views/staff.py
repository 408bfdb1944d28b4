"""Staff pages of letters: the queue, the counter, a letter's page and its actions, the village's letter settings and
statistics. Village operator and head work their own village's letters; regency-wide roles read every village's.

A letter outside the user's scope is not found (404); a visible letter the user may not act on is forbidden (403).
Each action is one row of `ACTIONS`: its form, the service it calls and the rule of `surat.permissions` it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.decorators import object_view
from satupintu.akun.permissions import role_required
from satupintu.akun.roles import REGENCY_WIDE_ROLES, VILLAGE_ROLES
from satupintu.core.files import private_file_response
from satupintu.core.lookup import PARAM as LOOKUP_PARAM
from satupintu.core.lookup import lookup_load, lookup_store
from satupintu.penduduk.selectors import resident_get_by_nik_for_user

from .. import permissions, selectors, services
from ..forms import (
    LetterDetailsForm,
    NikLookupForm,
    NoteForm,
    OptionalNoteForm,
    ProfileForm,
    SignForm,
    TemplateForm,
)
from ..models import Channel, LetterStatus, field_placeholders
from ..signing import signer_method
from ..templating import LETTER_PLACEHOLDERS, RESIDENT_PLACEHOLDERS, VILLAGE_PLACEHOLDERS
from ..workflow import LETTERS
from .common import attachment_form, errors_text, pdf_response

letter_staff = role_required(VILLAGE_ROLES, REGENCY_WIDE_ROLES)
village_staff = role_required(VILLAGE_ROLES)


def _letter(user, pk):
    return selectors.letter_get_for_user(pk=pk, user=user)


def _attachment(user, pk):
    return selectors.letter_attachment_get_for_user(pk=pk, user=user)


# Audited by services outside the workflow's steps (no state change); every other label is the step's own.
OTHER_LABELS = {
    "surat.attachment_added": gettext_lazy("Lampiran diunggah"),
    "surat.revoked": gettext_lazy("Surat dicabut"),
}


def _action_label(action: str) -> str:
    if action in OTHER_LABELS:
        return str(OTHER_LABELS[action])
    step = action.removeprefix("surat.")
    return LETTERS.label(step) if step != action and step in LETTERS.transitions else action


def _trail_rows(letter) -> list[dict]:
    from satupintu.core.audit import actor_display, audit_trail

    return [
        {"at": e.created_at, "actor": actor_display(e), "label": _action_label(e.action), "note": e.note}
        for e in audit_trail(letter).select_related("actor")
    ]


@letter_staff
def queue(request):
    status = request.GET.get("status", "")
    if status and status not in LetterStatus.values:
        status = ""
    counts = selectors.queue_counts(user=request.user)
    letters = selectors.queue(user=request.user, status=status)[:200]
    return render(request, "surat/queue.html", {
        "letters": letters,
        "status": status,
        "counts": [(value, LetterStatus(value).label, counts[value]) for value in LetterStatus.values],
    })


@village_staff
def counter_new(request):
    """At the counter: choose the letter type and type the NIK; the register fills the resident's data, the operator
    adds purpose and the type's fields.

    The NIK never goes into a URL (access logs, history): the look-up form is POSTed, what was asked is kept in the
    session under a short-lived token (`core.lookup`) and the page redirects to ``?cari=<token>`` (POST/redirect/GET),
    where the resident is looked up again with the permission check and the details form is POSTed."""
    village = request.user.village
    types = services.letter_types_enabled(village)
    stored = lookup_load(request)
    if stored is None:
        if request.GET.get(LOOKUP_PARAM):
            messages.info(request, _("Pencarian sudah kedaluwarsa. Ketik NIK sekali lagi."))
            return redirect("surat:counter_new")
        lookup = NikLookupForm(request.POST or None, letter_types=types)
        if request.method != "POST" or not lookup.is_valid():
            return render(request, "surat/counter_new.html", {"lookup": lookup})
        data = {"letter_type": lookup.cleaned_data["letter_type"].code, "nik": lookup.cleaned_data["nik"]}
    else:
        data = stored
        lookup = NikLookupForm(data, letter_types=types)
        if not lookup.is_valid():  # the letter type was switched off since
            return render(request, "surat/counter_new.html", {"lookup": lookup})
    letter_type = lookup.cleaned_data["letter_type"]
    try:
        resident = resident_get_by_nik_for_user(nik=lookup.cleaned_data["nik"], user=request.user)
    except Http404:
        lookup.add_error("nik", _("NIK tidak ditemukan di data penduduk desa ini."))
        return render(request, "surat/counter_new.html", {"lookup": lookup})
    if not resident.is_active:
        lookup.add_error("nik", _("Penduduk ini tidak berstatus aktif (pindah atau meninggal)."))
        return render(request, "surat/counter_new.html", {"lookup": lookup})
    if stored is None:
        return redirect(f"{reverse('surat:counter_new')}?{LOOKUP_PARAM}={lookup_store(request, data)}")
    form = LetterDetailsForm(request.POST or None, letter_type=letter_type)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_request_create(
                village=village, letter_type=letter_type, resident=resident, purpose=form.cleaned_data["purpose"],
                field_values=form.field_values(), channel=Channel.COUNTER, by=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Permohonan %(type)s untuk %(name)s dicatat.")
                             % {"type": letter_type.name, "name": resident.name})
            return redirect("surat:detail", pk=letter.pk)
    return render(request, "surat/counter_new.html", {
        "lookup": NikLookupForm(initial=data, letter_types=types), "letter_type": letter_type, "resident": resident,
        "snapshot": services.resident_snapshot(resident), "form": form,
    })


@letter_staff
@object_view(_letter)
def detail(request, letter):
    return render(request, "surat/detail.html", {
        "letter": letter,
        "snapshot": letter.resident_data,
        "field_rows": selectors.request_field_rows(letter)[1:],
        "attachments": letter.attachments.all(),
        "missing": services.required_attachments_missing(letter),
        "trail": _trail_rows(letter),
        "can_act": permissions.can_handle_letter(request.user, letter),
        "can_sign": permissions.can_sign_letter(request.user, letter),
        "needs_passphrase": signer_method() == "bsre",
        "note_form": NoteForm(),
        "optional_note_form": OptionalNoteForm(),
        "sign_form": SignForm(),
        "attachment_form": attachment_form(letter),
        "statuses": LetterStatus,
    })


# --- Actions on one letter: action -> (form, service, permission) ----------------------------------------------


@dataclass(frozen=True)
class LetterAction:
    """One staff action. `form(letter, data, files)` builds its form (None: no input); `run(letter, by, data)` calls the service and returns the success message; `allowed` is the
    rule of `surat.permissions` (403 when it says no on a letter the user can see); `invalid` is the message when
    the form does not validate (the form's own errors when empty)."""

    form: Callable[..., forms.Form] | None
    run: Callable[..., str]
    allowed: Callable[..., bool]
    invalid: str = ""


def _submit(letter, by, data) -> str:
    services.letter_request_submit(letter=letter, by=by)
    return _("Permohonan ditandai lengkap dan siap diperiksa.")


def _verify(letter, by, data) -> str:
    services.letter_request_verify(letter=letter, by=by, note=data["note"])
    return _("Permohonan diteruskan untuk ditandatangani.")


def _return(letter, by, data) -> str:
    services.letter_request_return(letter=letter, by=by, note=data["note"])
    return _("Permohonan dikembalikan.")


def _cancel(letter, by, data) -> str:
    services.letter_request_cancel(letter=letter, by=by, reason=data["note"])
    return _("Permohonan dibatalkan.")


def _sign(letter, by, data) -> str:
    signed = services.letter_sign(letter=letter, by=by, passphrase=data.get("passphrase", ""))
    return _("Surat ditandatangani dengan nomor %(number)s.") % {"number": signed.number}


def _picked_up(letter, by, data) -> str:
    services.letter_mark_picked_up(letter=letter, by=by)
    return _("Surat dicatat sudah diambil.")


def _revoke(letter, by, data) -> str:
    services.letter_revoke(letter=letter, by=by, reason=data["note"])
    return _("Surat dicabut. Halaman verifikasinya kini menyatakan DICABUT.")


def _attach(letter, by, data) -> str:
    services.letter_attachment_add(letter=letter, label=data["label"], uploaded=data["file"], by=by)
    return _("Lampiran diunggah.")


def _form(form_class):
    return lambda letter, data, files: form_class(data)


ACTIONS: dict[str, LetterAction] = {
    "submit": LetterAction(None, _submit, permissions.can_handle_letter),
    "verify": LetterAction(_form(OptionalNoteForm), _verify, permissions.can_handle_letter),
    "return": LetterAction(_form(NoteForm), _return, permissions.can_handle_letter,
                           invalid=gettext_lazy("Tuliskan alasan pengembalian.")),
    "cancel": LetterAction(_form(NoteForm), _cancel, permissions.can_handle_letter,
                           invalid=gettext_lazy("Alasan pembatalan wajib diisi.")),
    "sign": LetterAction(_form(SignForm), _sign, permissions.can_sign_letter),
    "picked_up": LetterAction(None, _picked_up, permissions.can_handle_letter),
    "revoke": LetterAction(_form(NoteForm), _revoke, permissions.can_sign_letter,
                           invalid=gettext_lazy("Alasan pencabutan wajib diisi.")),
    "attach": LetterAction(attachment_form, _attach, permissions.can_handle_letter),
}


def _action_view(name: str):
    """The POST view of one row of `ACTIONS`: load the letter (404 outside the scope), check the rule (403), validate
    the form, call the service; back to the letter's page with the outcome as a message."""
    action = ACTIONS[name]

    @require_POST
    @letter_staff
    @object_view(_letter, action.allowed)
    def view(request, letter):
        data = {}
        if action.form is not None:
            form = action.form(letter, request.POST, request.FILES)
            if not form.is_valid():
                messages.error(request, str(action.invalid) or " ".join(
                    str(e) for errs in form.errors.values() for e in errs))
                return redirect("surat:detail", pk=letter.pk)
            data = form.cleaned_data
        try:
            messages.success(request, action.run(letter, request.user, data))
        except ValidationError as exc:
            messages.error(request, errors_text(exc))
        return redirect("surat:detail", pk=letter.pk)

    view.__name__ = view.__qualname__ = f"action_{name}"
    return view


action_submit = _action_view("submit")
action_verify = _action_view("verify")
action_return = _action_view("return")
action_cancel = _action_view("cancel")
action_sign = _action_view("sign")
action_picked_up = _action_view("picked_up")
action_revoke = _action_view("revoke")
action_attach = _action_view("attach")


@require_GET
@letter_staff
@object_view(_letter)
def staff_pdf(request, letter):
    return pdf_response(letter)


@require_GET
@letter_staff
@object_view(_attachment)
def staff_attachment(request, attachment):
    return private_file_response(attachment.file, filename=attachment.original_name or attachment.label,
                                 content_type=attachment.content_type)


@village_staff
def settings_view(request):
    village = request.user.village
    profile = services.letter_profile_get(village)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_profile_update(profile=form.save(commit=False), by=request.user,
                                           changed=list(form.changed_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Pengaturan surat disimpan."))
            return redirect("surat:settings")
    settings_by_type = {s.letter_type_id: s for s in village.letter_settings.all()}
    rows = [
        {"type": t, "setting": settings_by_type.get(t.pk)}
        for t in services.letter_types_visible(village).filter(is_active=True)
    ]
    return render(request, "surat/settings.html", {"form": form, "rows": rows, "village": village})


@village_staff
def template_edit(request, code: str):
    village = request.user.village
    letter_type = get_object_or_404(services.letter_types_visible(village), code=code, is_active=True)
    setting = services.letter_setting_get(village=village, letter_type=letter_type)
    initial = {"is_enabled": setting.is_enabled, "body": setting.effective_body}
    form = TemplateForm(request.POST or None, initial=initial, letter_type=letter_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_setting_update(
                village=village, letter_type=letter_type, by=request.user,
                is_enabled=form.cleaned_data["is_enabled"], body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            form.add_error("body", exc)
        else:
            messages.success(request, _("Isi surat %(type)s disimpan.") % {"type": letter_type.name})
            return redirect("surat:settings")
    return render(request, "surat/template_edit.html", {
        "form": form, "letter_type": letter_type, "setting": setting,
        "placeholder_groups": [
            (_("Data pemohon"), RESIDENT_PLACEHOLDERS.items()),
            (_("Data desa"), VILLAGE_PLACEHOLDERS.items()),
            (_("Data surat"), LETTER_PLACEHOLDERS.items()),
            (_("Isian jenis surat ini"), [(name, name) for name in field_placeholders(letter_type.fields)]),
        ],
    })


@require_POST
@village_staff
def template_restore(request, code: str):
    letter_type = get_object_or_404(services.letter_types_visible(request.user.village), code=code, is_active=True)
    services.letter_setting_restore_default(village=request.user.village, letter_type=letter_type, by=request.user)
    messages.success(request, _("Isi surat %(type)s dikembalikan ke bawaan.") % {"type": letter_type.name})
    return redirect("surat:template_edit", code=letter_type.code)


def _bars(values: list[int]) -> list[dict]:
    """Bar geometry for the inline SVG chart (100 px tall at the busiest month)."""
    top = max(values) if values else 0
    if not top:
        return []
    bars = []
    for i, n in enumerate(values):
        h = round(100 * n / top)
        bars.append({"month": i + 1, "n": n, "x": 4 + i * 30, "y": 110 - h, "h": h})
    return bars


@letter_staff
def stats(request):
    try:
        year = int(request.GET.get("tahun", "")) or timezone.localdate().year
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    table = selectors.issued_by_type_and_month(user=request.user, year=year)
    months_total = [sum(row["months"][i] for row in table) for i in range(12)]
    return render(request, "surat/stats.html", {
        "year": year,
        "table": table,
        "months_total": months_total,
        "grand_total": sum(months_total),
        "durations": selectors.issue_durations(user=request.user, year=year),
        "counts": [(LetterStatus(k).label, v) for k, v in selectors.queue_counts(user=request.user).items()],
        "bars": _bars(months_total),
    })
