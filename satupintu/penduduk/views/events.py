"""Population events (mutasi penduduk) and the monthly population report. Village staff record their own village's
births, deaths and moves; they and the regency-wide roles read the events and the report (a regency-wide reader for
every village, summed per district and for the regency), printable and exportable."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.akun.decorators import rule_required
from satupintu.akun.roles import VILLAGE_ROLES
from satupintu.core.exports import csv_writer, xlsx_append

from .. import events, permissions, selectors
from ..forms import BirthEventForm, DeathEventForm, MonthForm, MoveInEventForm, MoveOutEventForm
from .staff import _add_errors

register_staff_required = rule_required(permissions.can_manage_register)

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


def _record_birth(request, data):
    return events.event_birth(
        by=request.user, village=request.user.village, kk_number=data["kk_number"], nik=data["nik"],
        name=data["name"], sex=data["sex"], birth_place=data["birth_place"], birth_date=data["birth_date"],
        relation=data["relation"], document_kind=data["document_kind"], document_number=data["document_number"],
        note=data["note"],
    )


def _record_death(request, data):
    return events.event_death(
        by=request.user, village=request.user.village, nik=data["nik"], date=data["date"], place=data["place"],
        document_kind=data["document_kind"], document_number=data["document_number"], note=data["note"],
    )


def _record_move_out(request, data):
    return events.event_move_out(
        by=request.user, village=request.user.village, nik=data["nik"], date=data["date"], destination=data["place"],
        document_kind=data["document_kind"], document_number=data["document_number"], note=data["note"],
    )


def _record_move_in(request, data, form):
    return events.event_move_in(
        by=request.user, village=request.user.village, nik=data["nik"], date=data["date"], origin=data["place"],
        kk_number=data["kk_number"], relation=data["relation"], document_kind=data["document_kind"],
        document_number=data["document_number"], note=data["note"], **form.resident_fields(),
    )


# kind in the URL -> (form, service, page title)
EVENT_PAGES = {
    "lahir": (BirthEventForm, lambda r, d, f: _record_birth(r, d), gettext_lazy("Catat kelahiran")),
    "meninggal": (DeathEventForm, lambda r, d, f: _record_death(r, d), gettext_lazy("Catat kematian")),
    "pindah-keluar": (MoveOutEventForm, lambda r, d, f: _record_move_out(r, d), gettext_lazy("Catat pindah keluar")),
    "pindah-datang": (MoveInEventForm, _record_move_in, gettext_lazy("Catat pindah datang")),
}


@register_staff_required
def event_list(request):
    rows = selectors.events_for_user(user=request.user).select_related("resident", "village")[:200]
    return render(request, "penduduk/events.html", {
        "events": rows, "can_record": request.user.role in VILLAGE_ROLES and bool(request.user.village_id),
        "pages": [(slug, title) for slug, (_form, _run, title) in EVENT_PAGES.items()],
    })


@register_staff_required
def event_new(request, kind: str):
    if kind not in EVENT_PAGES:
        raise Http404
    if not (request.user.role in VILLAGE_ROLES and request.user.village_id):
        raise Http404  # events are recorded by the village itself
    form_class, run, title = EVENT_PAGES[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = run(request, form.cleaned_data, form)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(kind)s %(name)s dicatat pada %(date)s.") % {
                "kind": event.get_kind_display(), "name": event.resident.name, "date": event.date.strftime("%d-%m-%Y"),
            })
            return redirect("penduduk:events")
    return render(request, "penduduk/event_form.html", {"form": form, "title": title})


def _month(request) -> tuple[int, int, str]:
    today = timezone.localdate()
    form = MonthForm({"tahun": request.GET.get("tahun") or today.year, "bulan": request.GET.get("bulan") or today.month,
                      "kecamatan": request.GET.get("kecamatan", "")})
    if not form.is_valid():
        return today.year, today.month, ""
    return form.cleaned_data["tahun"], form.cleaned_data["bulan"], form.cleaned_data["kecamatan"]


HEAD = ("start", "birth", "death", "move_in", "move_out", "end")
HEAD_LABELS = {
    "start": gettext_lazy("Awal bulan"), "birth": gettext_lazy("Lahir"), "death": gettext_lazy("Meninggal"),
    "move_in": gettext_lazy("Datang"), "move_out": gettext_lazy("Pindah"), "end": gettext_lazy("Akhir bulan"),
}


def _report_rows(report) -> list[list]:
    """The table as the village sends it: one row per village, a subtotal per district, the total."""
    rows = []
    for block in report.districts:
        for row in block.villages:
            rows.append([block.district.name, row.village.name, *row.counts.cells()])
        rows.append([block.district.name, _("Jumlah kecamatan"), *block.counts.cells()])
    rows.append([_("Jumlah"), "", *report.counts.cells()])
    return rows


def _header() -> list[str]:
    header = [_("Kecamatan"), _("Desa/kelurahan")]
    for key in HEAD:
        header += [f"{HEAD_LABELS[key]} L", f"{HEAD_LABELS[key]} P", f"{HEAD_LABELS[key]} L+P"]
    return header


@register_staff_required
def monthly_report(request):
    year, month, district = _month(request)
    villages = selectors.report_villages_for_user(user=request.user, district=district)
    report = events.monthly_report(year=year, month=month, villages=villages)
    fmt = request.GET.get("format", "")
    title = _("Laporan bulanan penduduk %(month)s %(year)s") % {"month": MONTHS[month - 1], "year": year}
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = f"{year}-{month:02d}"
        xlsx_append(sheet, [title])
        xlsx_append(sheet, _header())
        for row in _report_rows(report):
            xlsx_append(sheet, row)
        buf = io.BytesIO()
        book.save(buf)
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="laporan-penduduk-{year}-{month:02d}.xlsx"'
        return response
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="laporan-penduduk-{year}-{month:02d}.csv"'
        writer = csv_writer(response)
        writer.writerow(_header())
        writer.writerows(_report_rows(report))
        return response
    from satupintu.wilayah.models import District

    return render(request, "penduduk/monthly_report_print.html" if fmt == "cetak" else "penduduk/monthly_report.html", {
        "report": report, "title": title, "year": year, "month": month, "district": district,
        "heads": [HEAD_LABELS[k] for k in HEAD], "months": list(enumerate(MONTHS, start=1)),
        "districts": District.objects.filter(pk__in=villages.values("district_id")).order_by("code")
        if not district else District.objects.filter(pk=district),
        "single_village": sum(len(b.villages) for b in report.districts) == 1,
        "printed_on": dt.date.today(),
    })
