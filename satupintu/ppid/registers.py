"""The buku register of requests and of objections (Perki 1/2021 columns), as rows for the staff table and as CSV
and XLSX downloads. The requester's ID number is written in full only for PPID officers; everyone else gets it
masked."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from satupintu.core.exports import csv_writer, xlsx_append
from satupintu.core.formatting import tanggal

from .models import InfoRequest, Outcome, mask_id
from .permissions import can_see_full_id


def _date(d) -> str:
    return tanggal(d)


def request_columns() -> list[str]:
    return [
        _("No."), _("Nomor registrasi"), _("Tanggal permohonan"), _("Nama"), _("Nomor identitas"), _("Alamat"),
        _("Kontak"), _("Pekerjaan"), _("Informasi yang diminta"), _("Tujuan penggunaan"),
        _("Dikuasai / badan publik yang menguasai"), _("Bentuk informasi yang dikuasai"), _("Jenis permohonan"),
        _("Keputusan"), _("Alasan penolakan"), _("Tanggal pemberitahuan tertulis"), _("Biaya (Rp)"),
        _("PPID yang menangani"), _("Batas waktu"), _("Status"),
    ]


def _held(r: InfoRequest) -> str:
    if not r.outcome:
        return ""
    if r.outcome == Outcome.NOT_HELD:
        return _("Tidak dikuasai")
    if r.outcome == Outcome.OTHER_BODY:
        return _("Dikuasai badan publik lain: %(body)s") % {"body": r.other_body}
    return _("Dikuasai")


def request_rows(qs, *, user) -> list[list]:
    full = can_see_full_id(user)
    rows = []
    for i, r in enumerate(qs.select_related("agency").order_by("received_on", "number"), start=1):
        id_text = r.id_number if full else mask_id(r.id_number)
        if r.id_pending:
            id_text = _("(perlu dilengkapi)")
        rows.append([
            i, r.number, _date(r.received_on), r.requester_name, f"{r.get_id_kind_display()} {id_text}".strip(),
            r.address, r.contact, r.occupation, r.information, r.purpose, _held(r), r.get_held_form_display(),
            r.get_access_mode_display() + (f" ({r.get_copy_format_display()})" if r.copy_format else ""),
            r.get_outcome_display(), r.get_refusal_ground_display(), _date(r.answered_on), int(r.fee),
            r.agency.short_name, _date(r.due_date), r.get_status_display(),
        ])
    return rows


def objection_columns() -> list[str]:
    return [
        _("No."), _("Nomor keberatan"), _("Tanggal keberatan"), _("Nomor permohonan"), _("Nama"), _("Alamat"),
        _("Kontak"), _("Alasan keberatan"), _("Kasus posisi"), _("Batas waktu tanggapan"), _("Tanggapan atasan PPID"),
        _("Nama atasan PPID"), _("Tanggal tanggapan"), _("Sengketa ke Komisi Informasi"), _("Tanggal sengketa"),
    ]


def objection_rows(qs) -> list[list]:
    rows = []
    for i, o in enumerate(qs.select_related("request").order_by("filed_on", "number"), start=1):
        r = o.request
        dispute = "" if o.dispute_filed is None else (_("Ya") if o.dispute_filed else _("Tidak"))
        rows.append([
            i, o.number, _date(o.filed_on), r.number, r.requester_name, r.address, r.contact,
            "; ".join(o.get_grounds_display()), o.case, _date(o.due_date), o.get_decision_display(),
            o.superior_name, _date(o.answered_on), dispute, _date(o.dispute_filed_on),
        ])
    return rows


def as_csv(columns: list[str], rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv_writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(columns: list[str], rows: list[list], filename: str, *, title: str) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    xlsx_append(ws, columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(ws, row)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


