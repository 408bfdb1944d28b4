"""Staff pages of SPMB: the education office's set-up, selection and reports; the school operator's verification.

A registration outside the user's scope is not found (404); a visible one the user may not act on is forbidden (403).
Each action is one row of `ACTIONS`: its form, the service it calls and the rule of `spmb.permissions` it needs."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.core.exports import csv_writer, xlsx_append
from satupintu.core.files import private_file_response

from .. import permissions, selectors, services
from ..forms import NoteForm, PrestasiRuleForm, SchoolForm, SchoolYearForm, VerifyForm
from ..models import DocumentKind, PrestasiRule, School, SchoolYear, Status, Track
from ..workflow import REGISTRATIONS

staff_only = rule_required(permissions.can_see_registrations)
office_only = rule_required(permissions.can_manage_spmb)


def _registration(user, pk):
    return selectors.registration_get_for_user(pk=pk, user=user)


@require_GET
@staff_only
def staff_home(request):
    year = services.active_year()
    counts = selectors.queue_counts(user=request.user)
    return render(request, "spmb/staff/home.html", {
        "year": year, "counts": counts, "office": permissions.can_manage_spmb(request.user),
        "school": School.objects.filter(pk=permissions.operator_school_id(request.user)).first(),
        "statuses": Status.choices,
    })


@require_GET
@staff_only
def queue(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    qs = selectors.queue(user=request.user, status=status)
    from django.core.paginator import Paginator

    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    return render(request, "spmb/staff/queue.html", {"page": page, "status": status, "statuses": Status.choices})


@require_GET
@staff_only
@object_view(_registration)
def detail(request, registration):
    choices = list(registration.choices.select_related("school").order_by("position"))
    documents = list(registration.documents.all())
    return render(request, "spmb/staff/detail.html", {
        "registration": registration, "choices": choices, "documents": documents,
        "required": [DocumentKind(k).label for k in services.required_documents(registration)],
        "missing": [DocumentKind(k).label for k in services.missing_documents(registration)],
        "actions": REGISTRATIONS.allowed_actions(request.user, registration),
        "note_form": NoteForm(), "verify_form": VerifyForm(),
        "placement": selectors.latest_placement(registration),
        "history": _history(registration),
    })


def _history(registration):
    from satupintu.core.audit import audit_trail

    return list(audit_trail(registration)[:20])


@require_GET
@staff_only
def document(request, pk):
    doc = selectors.document_get_for_user(pk=pk, user=request.user)
    return private_file_response(doc.file, filename=doc.original_name, content_type=doc.content_type,
                                 inline=doc.content_type.startswith("image/"))


@dataclass(frozen=True)
class RegistrationAction:
    form: type | None
    run: Callable
    allowed: Callable
    done: object


ACTIONS: dict[str, RegistrationAction] = {
    "verify": RegistrationAction(
        VerifyForm, lambda r, user, d: services.registration_verify(
            registration=r, by=user, note=d.get("note", ""), young_exception=d.get("young_exception") or None),
        permissions.can_verify_registration, gettext_lazy("Pendaftaran diverifikasi.")),
    "return": RegistrationAction(
        NoteForm, lambda r, user, d: services.registration_return(registration=r, by=user, reason=d["note"]),
        permissions.can_verify_registration, gettext_lazy("Pendaftaran dikembalikan ke orang tua.")),
    "reregister": RegistrationAction(
        None, lambda r, user, d: services.registration_reregister(registration=r, by=user),
        permissions.can_verify_registration, gettext_lazy("Daftar ulang tercatat.")),
    "cancel": RegistrationAction(
        None, lambda r, user, d: services.registration_cancel(registration=r, by=user),
        lambda user, r: permissions.can_manage_spmb(user), gettext_lazy("Pendaftaran dibatalkan.")),
}


def _action_view(name: str):
    action = ACTIONS[name]

    @require_POST
    @staff_only
    @object_view(_registration, action.allowed)
    def view(request, registration):
        data = {}
        if action.form is not None:
            form = action.form(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
                return redirect("spmb:staff_detail", pk=registration.pk)
            data = form.cleaned_data
        try:
            action.run(registration, request.user, data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(action.done))
        return redirect("spmb:staff_detail", pk=registration.pk)

    view.__name__ = view.__qualname__ = f"action_{name}"
    return view


action_verify = _action_view("verify")
action_return = _action_view("return")
action_reregister = _action_view("reregister")
action_cancel = _action_view("cancel")


# --- set-up (education office) ------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@office_only
def year_edit(request, pk=None):
    year = get_object_or_404(SchoolYear, pk=pk) if pk else None
    form = SchoolYearForm(request.POST or None, instance=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_year_save(year=form.instance, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Pengaturan tahun ajaran tersimpan."))
            return redirect("spmb:staff_year", pk=form.instance.pk)
    return render(request, "spmb/staff/form.html", {
        "form": form, "title": _("Tahun ajaran, jadwal dan kuota"),
        "years": SchoolYear.objects.all(), "show_years": True})


@require_GET
@office_only
def schools(request):
    return render(request, "spmb/staff/schools.html", {
        "schools": School.objects.select_related("village").order_by("level", "name"),
        "year": services.active_year()})


@require_http_methods(["GET", "POST"])
@office_only
def school_edit(request, pk=None):
    school = get_object_or_404(School, pk=pk) if pk else None
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_save(school=form.instance, by=request.user,
                                 villages=list(form.cleaned_data["domicile_villages"]))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Data sekolah tersimpan."))
            return redirect("spmb:staff_schools")
    return render(request, "spmb/staff/form.html", {"form": form, "title": _("Sekolah dan wilayah domisili")})


@require_http_methods(["GET", "POST"])
@office_only
def prestasi(request):
    year = services.active_year()
    form = PrestasiRuleForm(request.POST or None)
    if request.method == "POST" and year is not None and form.is_valid():
        try:
            services.prestasi_rule_add(year=year, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Baris tabel skor ditambahkan."))
            return redirect("spmb:staff_prestasi")
    return render(request, "spmb/staff/prestasi.html", {
        "form": form, "year": year, "rules": PrestasiRule.objects.filter(year=year) if year else []})


# --- selection ------------------------------------------------------------------------------------------------
SELECTION_STEPS = {
    "run": (lambda year, user: services.selection_run(year=year, by=user),
            gettext_lazy("Seleksi tahap pertama selesai.")),
    "announce": (lambda year, user: services.selection_announce(year=year, by=user),
                 gettext_lazy("Hasil diumumkan; pesan ke orang tua sedang dikirim.")),
    "second_round": (lambda year, user: services.second_round_open(year=year, by=user),
                     gettext_lazy("Tahap kedua dibuka untuk anak yang belum diterima.")),
    "run_second": (lambda year, user: services.selection_run(year=year, by=user, round=2),
                   gettext_lazy("Seleksi tahap kedua selesai.")),
}


@require_http_methods(["GET", "POST"])
@office_only
def selection(request):
    year = services.active_year()
    if request.method == "POST" and year is not None:
        step = SELECTION_STEPS.get(request.POST.get("step", ""))
        if step is None:
            messages.error(request, _("Tindakan tidak dikenal."))
        else:
            try:
                step[0](year, request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, str(step[1]))
        return redirect("spmb:staff_selection")
    counts = selectors.queue_counts(user=request.user)
    return render(request, "spmb/staff/selection.html", {"year": year, "counts": counts, "statuses": Status.choices})


# --- reports --------------------------------------------------------------------------------------------------
def _report_rows(kind: str, year: SchoolYear, *, limit: int | None = None) -> tuple[list[str], list[list], int]:
    """The report's header, rows (the first `limit` when given) and its total number of rows."""
    track = dict(Track.choices)
    total = None
    if kind == "pendaftar":
        header = [_("NPSN"), _("Sekolah"), _("Jenjang"), _("Jalur"), _("Kursi"), _("Pendaftar"), _("Pilihan pertama"),
                  _("Terverifikasi")]
        rows = [[r["school"].npsn, r["school"].name, r["school"].get_level_display(), track[r["track"]], r["seats"],
                 r["applicants"], r["first"], r["verified"]] for r in selectors.applicants_per_school(year=year)]
    elif kind == "batas":
        header = [_("NPSN"), _("Sekolah"), _("Jalur"), _("Kursi"), _("Diterima"), _("Jarak terakhir (m)"),
                  _("Tanggal lahir terakhir"), _("Skor terakhir")]
        rows = [[c.school.npsn, c.school.name, track[c.track], c.seats, c.admitted, c.distance_m, c.birth_date,
                 c.score] for c in selectors.cutoffs(year=year)]
    elif kind == "belum-diterima":
        header = [_("Nomor pendaftaran"), _("Nama (disamarkan)"), _("Jenjang"), _("Status"),
                  _("Sekolah terdekat yang masih ada kursi")]
        rows = [[u["registration"].number, u["registration"].masked_name, u["registration"].get_level_display(),
                 u["registration"].get_status_display(),
                 "; ".join(f"{s.name} ({room} kursi, {d} m)" for s, room, d in u["options"])]
                for u in selectors.unplaced(year=year, limit=limit)]
        total = selectors.unplaced_count(year=year) if limit is not None else len(rows)
    else:
        raise ValidationError("unknown report")
    return header, rows[:limit] if limit is not None else rows, len(rows) if total is None else total


REPORT_PAGE_ROWS = 500  # on the page; the CSV/XLSX has every row

REPORTS = (("pendaftar", gettext_lazy("Pendaftar per sekolah dan jalur")),
           ("batas", gettext_lazy("Batas akhir (cut-off) per sekolah dan jalur")),
           ("belum-diterima", gettext_lazy("Anak belum mendapat sekolah, dengan sekolah terdekat yang masih ada kursi")))


@require_GET
@office_only
def reports(request):
    year = services.active_year()
    kind = request.GET.get("laporan", "pendaftar")
    if kind not in dict(REPORTS):
        kind = "pendaftar"
    header, rows, total = _report_rows(kind, year, limit=REPORT_PAGE_ROWS) if year else ([], [], 0)
    return render(request, "spmb/staff/reports.html", {"year": year, "reports": REPORTS, "kind": kind,
                                                       "header": header, "rows": rows, "total": total})


@require_GET
@office_only
def report_export(request, kind, fmt):
    year = services.active_year()
    if year is None or kind not in dict(REPORTS) or fmt not in {"csv", "xlsx"}:
        from django.http import Http404

        raise Http404
    header, rows, _total = _report_rows(kind, year)
    filename = f"spmb-{kind}-{year.name.replace('/', '-')}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv_writer(response)
        writer.writerow(header)
        writer.writerows(rows)
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        xlsx_append(sheet, header)
        for row in rows:
            xlsx_append(sheet, row)
        stream = io.BytesIO()
        book.save(stream)
        response = HttpResponse(stream.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
