"""Thin views: validate input, call one service, render. Staff pages for village roles; the resident pages use the
penduduk self-service session; the verification page is public and shows only a masked summary."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.permissions import require, role_required
from satupintu.akun.roles import REGENCY_WIDE_ROLES, VILLAGE_ROLES, Role
from satupintu.core.files import private_file_response
from satupintu.core.lookup import PARAM as LOOKUP_PARAM
from satupintu.core.lookup import lookup_load, lookup_store
from satupintu.penduduk.mandiri import current_resident, resident_required
from satupintu.penduduk.masking import mask_nik
from satupintu.penduduk.selectors import resident_get_by_nik_for_user

from . import selectors, services
from .forms import (
    AttachmentForm,
    LetterDetailsForm,
    NikLookupForm,
    NoteForm,
    OptionalNoteForm,
    ProfileForm,
    SignForm,
    TemplateForm,
    VerifyLookupForm,
)
from .models import Channel, LetterAttachment, LetterStatus, LetterType
from .signing import signer_method
from .templating import LETTER_PLACEHOLDERS, RESIDENT_PLACEHOLDERS, VILLAGE_PLACEHOLDERS

letter_staff = role_required(VILLAGE_ROLES, REGENCY_WIDE_ROLES)
village_staff = role_required(VILLAGE_ROLES)


ACTION_LABELS = {
    "surat.created": gettext_lazy("Permohonan dicatat"),
    "surat.attachment_added": gettext_lazy("Lampiran diunggah"),
    "surat.submitted": gettext_lazy("Permohonan lengkap, dikirim untuk diperiksa"),
    "surat.verified": gettext_lazy("Diperiksa, diteruskan untuk ditandatangani"),
    "surat.returned": gettext_lazy("Dikembalikan"),
    "surat.cancelled": gettext_lazy("Dibatalkan"),
    "surat.signed": gettext_lazy("Ditandatangani dan diberi nomor"),
    "surat.picked_up": gettext_lazy("Surat diambil"),
    "surat.revoked": gettext_lazy("Surat dicabut"),
}


def _trail_rows(letter) -> list[dict]:
    from satupintu.core.audit import actor_display, audit_trail

    return [
        {"at": e.created_at, "actor": actor_display(e), "label": ACTION_LABELS.get(e.action, e.action), "note": e.note}
        for e in audit_trail(letter).select_related("actor")
    ]


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _pdf_response(letter) -> FileResponse:
    if not letter.pdf:
        raise Http404
    filename = f"surat-{letter.number.replace('/', '-') or letter.pk}.pdf"
    return private_file_response(letter.pdf, filename=filename, content_type="application/pdf")


# --- Staff ----------------------------------------------------------------------------------------------------


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
def detail(request, pk: int):
    letter = selectors.letter_get_for_user(pk=pk, user=request.user)
    return render(request, "surat/detail.html", {
        "letter": letter,
        "snapshot": letter.resident_data,
        "field_rows": [(spec.get("label"), letter.field_values.get(spec["name"], "")) for spec in letter.letter_type.fields],
        "attachments": letter.attachments.all(),
        "missing": services.required_attachments_missing(letter),
        "trail": _trail_rows(letter),
        "can_act": request.user.role in VILLAGE_ROLES,
        "can_sign": services.ensure_can_sign(request.user, letter),
        "needs_passphrase": signer_method() == "bsre",
        "note_form": NoteForm(),
        "optional_note_form": OptionalNoteForm(),
        "sign_form": SignForm(),
        "attachment_form": AttachmentForm(labels=letter.letter_type.required_attachments),
        "statuses": LetterStatus,
    })


def _staff_action(request, pk: int, action):
    letter = selectors.letter_get_for_user(pk=pk, user=request.user)
    try:
        action(letter)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("surat:detail", pk=letter.pk)


@require_POST
@village_staff
def action_submit(request, pk: int):
    def act(letter):
        services.letter_request_submit(letter=letter, by=request.user)
        messages.success(request, _("Permohonan ditandai lengkap dan siap diperiksa."))

    return _staff_action(request, pk, act)


@require_POST
@village_staff
def action_verify(request, pk: int):
    form = OptionalNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""

    def act(letter):
        services.letter_request_verify(letter=letter, by=request.user, note=note)
        messages.success(request, _("Permohonan diteruskan untuk ditandatangani."))

    return _staff_action(request, pk, act)


@require_POST
@village_staff
def action_return(request, pk: int):
    form = NoteForm(request.POST)

    def act(letter):
        if not form.is_valid():
            raise ValidationError(_("Tuliskan alasan pengembalian."))
        services.letter_request_return(letter=letter, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Permohonan dikembalikan."))

    return _staff_action(request, pk, act)


@require_POST
@village_staff
def action_cancel(request, pk: int):
    form = NoteForm(request.POST)

    def act(letter):
        if not form.is_valid():
            raise ValidationError(_("Alasan pembatalan wajib diisi."))
        services.letter_request_cancel(letter=letter, by=request.user, reason=form.cleaned_data["note"])
        messages.success(request, _("Permohonan dibatalkan."))

    return _staff_action(request, pk, act)


@require_POST
@role_required(Role.VILLAGE_HEAD)
def action_sign(request, pk: int):
    form = SignForm(request.POST)
    passphrase = form.cleaned_data.get("passphrase", "") if form.is_valid() else ""

    def act(letter):
        signed = services.letter_sign(letter=letter, by=request.user, passphrase=passphrase)
        messages.success(request, _("Surat ditandatangani dengan nomor %(number)s.") % {"number": signed.number})

    return _staff_action(request, pk, act)


@require_POST
@village_staff
def action_picked_up(request, pk: int):
    def act(letter):
        services.letter_mark_picked_up(letter=letter, by=request.user)
        messages.success(request, _("Surat dicatat sudah diambil."))

    return _staff_action(request, pk, act)


@require_POST
@role_required(Role.VILLAGE_HEAD)
def action_revoke(request, pk: int):
    form = NoteForm(request.POST)

    def act(letter):
        if not form.is_valid():
            raise ValidationError(_("Alasan pencabutan wajib diisi."))
        services.letter_revoke(letter=letter, by=request.user, reason=form.cleaned_data["note"])
        messages.success(request, _("Surat dicabut. Halaman verifikasinya kini menyatakan DICABUT."))

    return _staff_action(request, pk, act)


@require_POST
@village_staff
def action_attach(request, pk: int):
    letter = selectors.letter_get_for_user(pk=pk, user=request.user)
    form = AttachmentForm(request.POST, request.FILES, labels=letter.letter_type.required_attachments)
    if form.is_valid():
        try:
            services.letter_attachment_add(
                letter=letter, label=form.cleaned_data["label"], uploaded=form.cleaned_data["file"], by=request.user
            )
            messages.success(request, _("Lampiran diunggah."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("surat:detail", pk=letter.pk)


@require_GET
@letter_staff
def staff_pdf(request, pk: int):
    return _pdf_response(selectors.letter_get_for_user(pk=pk, user=request.user))


@require_GET
@letter_staff
def staff_attachment(request, pk: int):
    attachment = get_object_or_404(LetterAttachment.objects.select_related("request"), pk=pk)
    selectors.letter_get_for_user(pk=attachment.request_id, user=request.user)  # scope check (404 outside)
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
        for t in LetterType.objects.filter(is_active=True)
    ]
    return render(request, "surat/settings.html", {"form": form, "rows": rows, "village": village})


@village_staff
def template_edit(request, code: str):
    village = request.user.village
    letter_type = get_object_or_404(LetterType, code=code, is_active=True)
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
            (_("Isian jenis surat ini"), [(f["name"], f["label"]) for f in letter_type.fields]),
        ],
    })


@require_POST
@village_staff
def template_restore(request, code: str):
    letter_type = get_object_or_404(LetterType, code=code, is_active=True)
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


# --- Public verification --------------------------------------------------------------------------------------


@require_GET
def verify(request, token: str):
    try:
        letter = selectors.letter_get_by_token(token)
    except Http404:
        return render(request, "surat/verify_not_found.html", status=404)
    return render(request, "surat/verify.html", {"letter": letter, "today": timezone.localdate()})


def verify_lookup(request):
    """By the printed number (its slashes stay in the query string), by the code, or by the QR address."""
    form = VerifyLookupForm(request.GET or None)
    if not (request.GET and form.is_valid()):
        return render(request, "surat/verify_lookup.html", {"form": form})
    token, number = form.cleaned_data["token"], form.cleaned_data["number"]
    if token and not number:  # a pasted QR address: its own page says whether it is registered
        return redirect("surat:verify", token=token)
    if token:
        try:
            return redirect("surat:verify", token=selectors.letter_get_by_token(token).verification_token)
        except Http404:
            pass
    found = selectors.letter_lookup_by_number(number, village_code=form.cleaned_data["desa"])
    if found.letter is not None:
        return render(request, "surat/verify.html", {"letter": found.letter, "today": timezone.localdate()})
    if found.villages:
        return render(request, "surat/verify_lookup.html", {
            "form": VerifyLookupForm(initial={"code": number}), "number": number, "villages": found.villages,
        })
    form.add_error("code", _(
        "Tidak ada surat terdaftar dengan nomor atau kode ini. Periksa kembali penulisannya (huruf, angka dan garis "
        "miring persis seperti tercetak di surat). Bila sudah sesuai namun tetap tidak ditemukan, hubungi kantor "
        "desa/kelurahan yang disebut di surat."
    ))
    return render(request, "surat/verify_lookup.html", {"form": form})


# --- Resident self-service ------------------------------------------------------------------------------------


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
            messages.error(request, _errors(exc))
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
    return _pdf_response(letter)
