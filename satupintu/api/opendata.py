"""Open data: the published statistics as CSV and JSON, with a catalogue page, in the shape of Satu Data Indonesia
(Perpres 39/2019): each data set has its title, producing agency (produsen data), period, licence and description,
and the same metadata travels with every download (JSON `metadata`, CSV in the catalogue and a `.json` twin).

The figures come from the service apps' own public aggregates (counts only, no row about a person)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from satupintu.core.exports import csv_writer

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"
FIRST_YEAR = 2020


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: object
    agency: object  # produsen data
    description: object
    columns: tuple[tuple[str, object], ...]  # (key, header)
    rows: Callable[[int], list[dict]]

    def metadata(self, *, year: int, request) -> dict:
        return {
            "judul": str(self.title), "produsen_data": str(self.agency), "periode": str(year),
            "lisensi": LICENCE, "url_lisensi": LICENCE_URL, "deskripsi": str(self.description),
            "wilayah": str(getattr(settings, "SATUPINTU_REGENCY_NAME", "") or ""),
            "kolom": [{"nama": key, "judul": str(header)} for key, header in self.columns],
            "diperbarui": timezone.localdate().isoformat(),
            "url": request.build_absolute_uri(reverse("api:opendata_download", args=[self.slug, "json"])),
        }


def _complaints(year: int) -> list[dict]:
    from satupintu.aduan.selectors import statistics_by_agency_and_month

    return statistics_by_agency_and_month(year=year)


def _ppid(year: int) -> list[dict]:
    from satupintu.ppid.reports import annual_report

    report = annual_report(year=year)
    return [{"year": year, "received": report.received, "answered": report.answered,
             "answered_on_time": report.answered_on_time, "answered_late": report.answered_late,
             "pending": report.pending, "extended": report.extended, "objections": report.objections,
             "disputes": report.disputes, "median_working_days": report.median_days}]


def _letters(year: int) -> list[dict]:
    from satupintu.surat.selectors import letters_issued_by_type_and_month

    out = []
    for row in letters_issued_by_type_and_month(year=year):
        for month, n in enumerate(row["months"], start=1):
            if n:
                out.append({"letter_type": row["code"], "letter_type_name": row["name"], "year": year,
                            "month": month, "issued": n})
    return out


def _budgets(year: int) -> list[dict]:
    from satupintu.desa.selectors import budget_totals_by_village

    return budget_totals_by_village(year=year)


DATASETS = {
    d.slug: d
    for d in (
        Dataset(
            "aduan-per-opd-bulanan", _("Jumlah aduan masyarakat per OPD per bulan dan kepatuhan waktu jawab"),
            _("Bagian Organisasi / pengelola SP4N-LAPOR! kabupaten"),
            _("Aduan yang diterima per OPD penanggung jawab dan bulan diterima, yang sudah dijawab, dan yang "
              "dijawab dalam batas waktu (SLA). Hanya angka; aduan rahasia ikut dihitung."),
            (("agency", _("OPD")), ("year", _("tahun")), ("month", _("bulan")), ("received", _("diterima")),
             ("answered", _("dijawab")), ("answered_on_time", _("dijawab tepat waktu")),
             ("on_time_share", _("proporsi tepat waktu"))),
            _complaints,
        ),
        Dataset(
            "ppid-laporan-tahunan", _("Rekapitulasi layanan informasi publik PPID"),
            _("PPID Utama kabupaten"),
            _("Permohonan informasi publik per tahun: diterima, dijawab, tepat waktu, terlambat, belum selesai, "
              "diperpanjang, keberatan dan sengketa, median hari kerja (UU 14/2008, Perki 1/2021)."),
            (("year", _("tahun")), ("received", _("diterima")), ("answered", _("dijawab")),
             ("answered_on_time", _("tepat waktu")), ("answered_late", _("terlambat")), ("pending", _("belum selesai")),
             ("extended", _("diperpanjang")), ("objections", _("keberatan")), ("disputes", _("sengketa")),
             ("median_working_days", _("median hari kerja"))),
            _ppid,
        ),
        Dataset(
            "surat-desa-per-jenis", _("Surat keterangan desa yang diterbitkan per jenis dan bulan"),
            _("Dinas Pemberdayaan Masyarakat dan Desa"),
            _("Jumlah surat keterangan yang ditandatangani desa/kelurahan melalui Satu Pintu, per jenis surat dan "
              "bulan (surat yang kemudian dicabut tetap dihitung)."),
            (("letter_type", _("kode jenis")), ("letter_type_name", _("jenis surat")), ("year", _("tahun")),
             ("month", _("bulan")), ("issued", _("diterbitkan"))),
            _letters,
        ),
        Dataset(
            "apbdes-per-desa", _("APBDes per desa: pendapatan, belanja dan pembiayaan"),
            _("Dinas Pemberdayaan Masyarakat dan Desa"),
            _("Anggaran dan realisasi APBDes yang dipublikasikan desa, per kelompok rekening (4 pendapatan, "
              "5 belanja, 6 pembiayaan), dalam rupiah."),
            (("village", _("kode desa")), ("village_name", _("desa")), ("district_name", _("kecamatan")),
             ("year", _("tahun")), ("income_budget", _("pendapatan (anggaran)")),
             ("income_realised", _("pendapatan (realisasi)")), ("spending_budget", _("belanja (anggaran)")),
             ("spending_realised", _("belanja (realisasi)")), ("financing_budget", _("pembiayaan (anggaran)")),
             ("financing_realised", _("pembiayaan (realisasi)"))),
            _budgets,
        ),
    )
}


def _year(request) -> int:
    this_year = timezone.localdate().year
    raw = request.GET.get("tahun", "")
    if not raw:
        return this_year
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= this_year:
        raise Http404
    return year


@require_GET
def catalogue(request):
    year = _year(request)
    items = [{"dataset": d, "meta": d.metadata(year=year, request=request),
              "csv": reverse("api:opendata_download", args=[d.slug, "csv"]) + f"?tahun={year}",
              "json": reverse("api:opendata_download", args=[d.slug, "json"]) + f"?tahun={year}"}
             for d in DATASETS.values()]
    years = list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))
    return render(request, "api/catalogue.html", {"items": items, "year": year, "years": years,
                                                  "licence": LICENCE, "licence_url": LICENCE_URL})


@require_GET
def download(request, slug: str, fmt: str):
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in {"csv", "json"}:
        raise Http404
    year = _year(request)
    rows = dataset.rows(year)
    if fmt == "json":
        body = json.dumps({"metadata": dataset.metadata(year=year, request=request), "data": rows},
                          cls=DjangoJSONEncoder, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow([str(header) for _key, header in dataset.columns])
        for row in rows:
            writer.writerow([row.get(key) for key, _header in dataset.columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slug}-{year}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=600"
    return response

