"""The regent's one screen: each service's figures from that service's own selectors and statistics, each linking
to the list behind it, and the trend over the last 12 months. Only REGENT and REGENCY_ADMIN (permissions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.aduan.models import Complaint
from satupintu.aduan.models.complaint import LATE_TRACKED_STATES, OPEN_STATES


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    url: str
    note: str = ""
    urgent: bool = False


def _months(today: dt.date, n: int = 12) -> list[dt.date]:
    """The first day of the last `n` months, oldest first, ending with this month."""
    out, y, m = [], today.year, today.month
    for _i in range(n):
        out.append(dt.date(y, m, 1))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _monthly(qs, field: str, months: list[dt.date]) -> list[int]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    rows = (qs.filter(**{f"{field}__gte": start}).order_by().annotate(m=TruncMonth(field, tzinfo=tz))
            .values("m").annotate(n=Count("pk")))
    found = {(r["m"].year, r["m"].month): r["n"] for r in rows if r["m"] is not None}
    return [found.get((d.year, d.month), 0) for d in months]


def complaints_by_agency(user, *, today: dt.date) -> list[dict]:
    """Per agency (None: not yet routed): reports open and open past their deadline, from aduan's staff scope."""
    from satupintu.aduan.selectors import complaints_for_staff
    from satupintu.organisasi.models import Agency

    rows = (complaints_for_staff(user).filter(status__in=OPEN_STATES).order_by().values("agency_id").annotate(
        open=Count("pk"), late=Count("pk", filter=Q(status__in=LATE_TRACKED_STATES, deadline__lt=today))))
    agencies = Agency.objects.in_bulk([r["agency_id"] for r in rows if r["agency_id"]])
    out = [{"agency": agencies.get(r["agency_id"]), "open": r["open"], "late": r["late"]} for r in rows]
    out.sort(key=lambda r: (-r["late"], -r["open"], str(r["agency"] or "")))
    return out


def regency_dashboard(user, *, today: dt.date | None = None) -> dict:
    from satupintu.adminduk.selectors import birth_statistics, death_statistics
    from satupintu.keuangan.selectors import statistics_for
    from satupintu.ppid.models import InfoRequest
    from satupintu.ppid.models import Status as InfoStatus
    from satupintu.ppid.selectors import info_requests_for_user
    from satupintu.spmb.models import SchoolYear
    from satupintu.spmb.selectors import applicants_per_school
    from satupintu.surat.selectors import issued_by_type_and_month

    today = today or timezone.localdate()
    year = today.year
    by_agency = complaints_by_agency(user, today=today)
    info_open = info_requests_for_user(user).exclude(status=InfoStatus.ANSWERED)
    letters = issued_by_type_and_month(user=user, year=year)
    births = birth_statistics(year=year)
    deaths = death_statistics(year=year)
    sp2d = statistics_for(user, year=year)["overall"]
    school_year = SchoolYear.objects.filter(is_active=True).first()
    applicants = applicants_per_school(year=school_year) if school_year else []
    figures = [
        Figure("complaints_open", _("Aduan terbuka"), sum(r["open"] for r in by_agency),
               reverse("aduan:queue", args=["all"])),
        Figure("complaints_late", _("Aduan melewati batas waktu"), sum(r["late"] for r in by_agency),
               reverse("aduan:queue", args=["late"]), urgent=True),
        Figure("info_open", _("Permohonan informasi terbuka"), info_open.count(), reverse("ppid:staff_queue")),
        Figure("info_late", _("Permohonan informasi terlambat"), info_open.filter(due_date__lt=today).count(),
               reverse("ppid:staff_queue") + "?terlambat=1", urgent=True),
        Figure("letters", _("Surat desa terbit tahun ini"), sum(r["total"] for r in letters), reverse("surat:stats")),
        Figure("births", _("Akta kelahiran tahun ini"), sum(r.registered for r in births), reverse("adminduk:stats")),
        Figure("deaths", _("Akta kematian tahun ini"), sum(r.registered for r in deaths),
               reverse("adminduk:stats")),
        Figure("spmb", _("Pendaftar SPMB (pilihan pertama)"), sum(r["first"] for r in applicants) if school_year
               else None, reverse("spmb:home"), note=school_year.name if school_year else _("belum dibuka")),
        Figure("sp2d", _("SP2D terbit tahun ini"), sp2d["count"], reverse("keuangan:stats"),
               note=(_("%(share)s%% dalam janji satu jam") % {"share": round(sp2d["within_promise"])})
               if sp2d["within_promise"] is not None else ""),
    ]
    months = _months(today)
    from satupintu.adminduk.models import BirthRegistration
    from satupintu.keuangan.models import ISSUED_STATES, PaymentOrder
    from satupintu.surat.models import LetterRequest

    trend = [
        (_("Aduan diterima"), _monthly(Complaint.objects.all(), "created_at", months)),
        (_("Permohonan informasi"), _monthly(InfoRequest.objects.all(), "created_at", months)),
        (_("Surat terbit"), _monthly(LetterRequest.objects.filter(signed_at__isnull=False), "signed_at", months)),
        (_("Akta kelahiran"), _monthly(BirthRegistration.objects.filter(registered_at__isnull=False),
                                       "registered_at", months)),
        (_("SP2D terbit"), _monthly(PaymentOrder.objects.filter(status__in=ISSUED_STATES, sp2d_at__isnull=False),
                                    "sp2d_at", months)),
    ]
    return {"figures": figures, "by_agency": by_agency, "months": months, "trend": trend, "year": year}
