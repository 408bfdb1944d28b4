"""The annual PPID service report (laporan tahunan layanan informasi publik, due by 31 March for the year before):
figures per OPD or for the whole regency, inline SVG charts, and a PDF typeset with Typst.

User text never enters Typst markup: the figures go in as JSON through `sys.inputs` and the template reads them
with `json(bytes(...))`, so an agency called "#set page(...)" is printed as text, not run."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.formatting import tanggal
from satupintu.kalender.services import working_days_between

from .models import ExemptionGround, InfoRequest, Objection, ObjectionGround, Outcome


@dataclass
class AnnualReport:
    year: int
    agency_name: str
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    pending: int = 0
    pending_overdue: int = 0
    extended: int = 0
    by_outcome: list[tuple[str, str, int]] = field(default_factory=list)  # (code, label, count)
    by_refusal_ground: list[tuple[str, str, int]] = field(default_factory=list)
    objections: int = 0
    objections_answered: int = 0
    objections_by_ground: list[tuple[str, str, int]] = field(default_factory=list)
    disputes: int = 0
    median_days: float | None = None
    by_month: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def median_display(self) -> str:
        return _fmt_median(self.median_days)

    def as_dict(self) -> dict:
        return {
            "year": self.year, "agency": self.agency_name, "received": self.received, "answered": self.answered,
            "on_time": self.answered_on_time, "late": self.answered_late, "pending": self.pending,
            "pending_overdue": self.pending_overdue, "extended": self.extended,
            "by_outcome": [[label, n] for _code, label, n in self.by_outcome],
            "by_refusal_ground": [[label, n] for _code, label, n in self.by_refusal_ground],
            "objections": self.objections, "objections_answered": self.objections_answered,
            "objections_by_ground": [[label, n] for _code, label, n in self.objections_by_ground],
            "disputes": self.disputes,
            "median_days": _fmt_median(self.median_days), "by_month": self.by_month,
        }


def _fmt_median(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:g}".replace(".", ",")


def annual_report(*, year: int, agency=None, today: date | None = None) -> AnnualReport:
    """Figures for requests received in `year`. With `agency`, only the requests it handled (it and its sub-units,
    i.e. where the request was last forwarded); without, the whole regency.

    - answered on time: the written notice is dated on or before the (possibly extended) deadline;
    - median working days: from the day received to the day of the notice, over answered requests;
    - objections: those filed against the requests counted here, whatever year they were filed in.
    """
    from satupintu.organisasi.models import Agency

    today = today or timezone.localdate()
    requests = InfoRequest.objects.filter(received_on__year=year)
    if agency is not None:
        requests = requests.filter(agency_id__in=Agency.objects.descendant_ids(agency.pk))
    report = AnnualReport(year=year, agency_name=agency.name if agency else _("Seluruh kabupaten"))

    rows = list(requests.values_list("received_on", "due_date", "answered_on", "outcome", "refusal_ground",
                                     "extended_at"))
    report.received = len(rows)
    days = []
    outcome_counts: dict[str, int] = {}
    ground_counts: dict[str, int] = {}
    for received_on, due, answered_on, outcome, ground, extended_at in rows:
        report.by_month[received_on.month - 1] += 1
        if extended_at:
            report.extended += 1
        if answered_on is None:
            report.pending += 1
            if today > due:
                report.pending_overdue += 1
            continue
        report.answered += 1
        if answered_on <= due:
            report.answered_on_time += 1
        else:
            report.answered_late += 1
        days.append(working_days_between(received_on, answered_on))
        outcome_counts[outcome] = outcome_counts.get(outcome, 0) + 1
        if ground:
            ground_counts[ground] = ground_counts.get(ground, 0) + 1
    report.median_days = statistics.median(days) if days else None
    report.by_outcome = [(c, str(label), outcome_counts.get(c, 0)) for c, label in Outcome.choices]
    report.by_refusal_ground = [(c, str(label), ground_counts[c]) for c, label in ExemptionGround.choices
                                if ground_counts.get(c)]

    objections = Objection.objects.filter(request__in=requests)
    agg = objections.aggregate(total=Count("pk"), answered=Count("pk", filter=Q(answered_on__isnull=False)),
                               disputes=Count("pk", filter=Q(dispute_filed=True)))
    report.objections, report.objections_answered, report.disputes = agg["total"], agg["answered"], agg["disputes"]
    grounds: dict[str, int] = {}
    for listed in objections.values_list("grounds", flat=True):
        for g in listed:
            grounds[g] = grounds.get(g, 0) + 1
    report.objections_by_ground = [(c, str(label), grounds[c]) for c, label in ObjectionGround.choices
                                   if grounds.get(c)]
    return report


# --- Charts ----------------------------------------------------------------------------------------------------


def bar_chart_svg(items: list[tuple[str, int]], *, title: str, width: int = 560) -> str:
    """A horizontal bar chart as an SVG string (labels escaped). Readable on a phone; no script, no CDN."""
    bar_h, gap, label_w, top = 22, 10, 230, 28
    height = top + len(items) * (bar_h + gap) + 4
    peak = max((n for _label, n in items), default=0) or 1
    chart_w = width - label_w - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}" class="chart" width="100%">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="15" font-weight="600" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for i, (label, n) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = round(chart_w * n / peak)
        short = label if len(label) <= 34 else label[:33] + "\u2026"
        parts.append(f'<text x="0" y="{y + 16}" font-size="13" fill="#1a1a1a">{escape(short)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#0b5394" rx="3"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 16}" font-size="13" fill="#1a1a1a">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def month_chart_svg(counts: list[int], *, title: str, width: int = 560) -> str:
    height, top, bottom = 200, 30, 24
    peak = max(counts) or 1
    slot = width / 12
    plot_h = height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}" class="chart" width="100%">',
        f'<title>{escape(title)}</title>',
        f'<text x="0" y="18" font-size="15" font-weight="600" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for i, n in enumerate(counts):
        h = round(plot_h * n / peak)
        x = round(i * slot + slot * 0.15)
        y = top + plot_h - h
        parts.append(f'<rect x="{x}" y="{y}" width="{round(slot * 0.7)}" height="{h}" fill="#0b5394" rx="2"/>')
        parts.append(f'<text x="{round(i * slot + slot / 2)}" y="{y - 4}" font-size="11" text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{round(i * slot + slot / 2)}" y="{height - 6}" font-size="11" '
                     f'text-anchor="middle">{MONTHS[i]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def report_charts(report: AnnualReport) -> dict[str, str]:
    return {
        "outcome": bar_chart_svg([(label, n) for _c, label, n in report.by_outcome],
                                 title=_("Permohonan menurut keputusan")),
        "timeliness": bar_chart_svg(
            [(_("Dijawab tepat waktu"), report.answered_on_time), (_("Dijawab terlambat"), report.answered_late),
             (_("Belum dijawab"), report.pending)], title=_("Ketepatan waktu")),
        "month": month_chart_svg(report.by_month, title=_("Permohonan per bulan")),
    }


# --- PDF -------------------------------------------------------------------------------------------------------

TYPST_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#let t = json(bytes(sys.inputs.labels))
#set page(paper: "a4", margin: 2cm, footer: context [#t.footer #h(1fr) #counter(page).display()])
#set text(size: 10.5pt, lang: "id")
#align(center)[#text(size: 15pt, weight: "bold")[#t.title] \ #text(size: 12pt)[#d.agency — #t.year #d.year]]
#v(1em)
== #t.summary
#table(columns: (1fr, auto), stroke: 0.5pt + luma(160), inset: 6pt,
  ..t.rows.zip(d.summary).map(((label, value)) => (label, str(value))).flatten())
#image(bytes(sys.inputs.chart_outcome), format: "svg", width: 85%)
#image(bytes(sys.inputs.chart_timeliness), format: "svg", width: 85%)
== #t.outcomes
#table(columns: (1fr, auto), stroke: 0.5pt + luma(160), inset: 6pt,
  ..d.by_outcome.map(((label, n)) => (label, str(n))).flatten())
#if d.by_refusal_ground.len() > 0 [
== #t.grounds
#table(columns: (1fr, auto), stroke: 0.5pt + luma(160), inset: 6pt,
  ..d.by_refusal_ground.map(((label, n)) => (label, str(n))).flatten())
]
== #t.objections
#table(columns: (1fr, auto), stroke: 0.5pt + luma(160), inset: 6pt,
  ..d.objections_by_ground.map(((label, n)) => (label, str(n))).flatten(),
  t.objections_total, str(d.objections), t.objections_answered, str(d.objections_answered),
  t.disputes, str(d.disputes))
== #t.months
#table(columns: 12, stroke: 0.5pt + luma(160), inset: 4pt, align: center,
  ..t.month_names, ..d.by_month.map(str))
#image(bytes(sys.inputs.chart_month), format: "svg", width: 100%)
"""


def annual_report_pdf(report: AnnualReport, *, fmt: str = "pdf") -> bytes:
    """The report as PDF (or "png" of the first page, for previews)."""
    import typst

    data = report.as_dict()
    data["summary"] = [
        report.received, report.answered, report.answered_on_time, report.answered_late, report.pending,
        report.extended, data["median_days"],
    ]
    labels = {
        "title": _("Laporan Tahunan Layanan Informasi Publik"),
        "year": _("Tahun"),
        "footer": _("Disusun dari data layanan PPID pada %(date)s") % {"date": tanggal(timezone.localdate())},
        "summary": _("Ringkasan layanan"),
        "rows": [
            _("Permohonan diterima"), _("Permohonan dijawab"), _("Dijawab tepat waktu"), _("Dijawab terlambat"),
            _("Belum dijawab"), _("Jangka waktu diperpanjang"), _("Median waktu jawaban (hari kerja)"),
        ],
        "outcomes": _("Permohonan menurut keputusan"),
        "grounds": _("Alasan penolakan (Pasal 17)"),
        "objections": _("Keberatan"),
        "objections_total": _("Jumlah keberatan"),
        "objections_answered": _("Keberatan ditanggapi atasan PPID"),
        "disputes": _("Sengketa ke Komisi Informasi"),
        "months": _("Permohonan per bulan"),
        "month_names": list(MONTHS),
    }
    return typst.compile(
        TYPST_TEMPLATE.encode(), format=fmt,
        sys_inputs={
            "data": json.dumps(data, ensure_ascii=False),
            "labels": json.dumps(labels, ensure_ascii=False),
            **{f"chart_{name}": svg for name, svg in report_charts(report).items()},
        },
    )
