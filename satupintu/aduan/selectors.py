"""Reads of the complaint service. Whatever depends on who asks is checked here, as it is fetched."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.akun import permissions
from satupintu.akun.roles import AGENCY_ROLES, VILLAGE_ROLES

from .models import (
    LATE_TRACKED_STATES,
    OPEN_STATES,
    Answer,
    Complaint,
    ComplaintEvent,
    Status,
    normalize_tracking_code,
)
from .permissions import queues_for
from .workflow import event_label

# --- Public -----------------------------------------------------------------------------------------------------


def complaints_public() -> QuerySet[Complaint]:
    """Reports anyone may see: verified, not confidential. Never carries reporter fields to a template."""
    return (
        Complaint.objects.filter(is_public=True)
        .select_related("category", "agency", "village", "village__district")
        .defer("reporter_name", "reporter_phone", "reporter_email", "follow_token", "description")
    )


def complaint_get_by_code(*, tracking_code: str) -> Complaint | None:
    code = normalize_tracking_code(tracking_code)
    if not code:
        return None
    return Complaint.objects.select_related("agency", "category", "village").filter(tracking_code=code).first()


def public_timeline(complaint: Complaint) -> list[dict]:
    return [
        {"date": e.created_at, "label": event_label(e.action, e.public_detail), "action": e.action}
        for e in complaint.events.filter(is_public=True).order_by("created_at", "id")
    ]


def approved_answer(complaint: Complaint) -> Answer | None:
    return complaint.answers.filter(state=Answer.State.APPROVED).order_by("-approved_at", "-id").first()


def complaint_public_status(*, tracking_code: str) -> dict | None:
    """What anyone holding the tracking code may know: never who reported; content and answer only when public."""
    complaint = complaint_get_by_code(tracking_code=tracking_code)
    if complaint is None:
        return None
    answer = approved_answer(complaint) if not complaint.is_confidential else None
    return {
        "code": complaint.tracking_code,
        "kind": complaint.kind,
        "kind_label": str(complaint.get_kind_display()),
        "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "title": complaint.title if complaint.is_public else "",
        "agency": complaint.agency.short_name if complaint.agency_id else "",
        "received_at": complaint.created_at.isoformat(),
        "timeline": [
            {"date": timezone.localtime(e["date"]).date().isoformat(), "label": e["label"]}
            for e in public_timeline(complaint)
        ],
        "deadline": complaint.deadline.isoformat() if complaint.deadline else None,
        "is_late": complaint.is_late,
        "answer": answer.body if answer else "",
        "answered_at": complaint.answered_at.isoformat() if answer and complaint.answered_at else None,
    }


STATS_CACHE_SECONDS = 600


def complaint_count_by_village(*, year: int) -> dict[str, int]:
    """Village code -> reports received in `year` (every report counts, confidential ones too: a number reveals
    nothing). Cached for ten minutes: village portals show it on every page and it scans a year of reports."""
    key = f"aduan:count_by_village:{year}"
    found = cache.get(key)
    if found is None:
        rows = (
            Complaint.objects.filter(created_at__year=year, village__isnull=False)
            .values("village_id").annotate(n=Count("id")).order_by()
        )
        found = {r["village_id"]: r["n"] for r in rows}
        cache.set(key, found, STATS_CACHE_SECONDS)
    return found


# --- Staff ------------------------------------------------------------------------------------------------------


def complaints_for_staff(user) -> QuerySet[Complaint]:
    """Reports `user` may see as staff: the regency-wide roles all, an OPD the ones assigned to it or passed to one
    of its units, a village the ones located in it."""
    qs = Complaint.objects.select_related("category", "agency", "handler_unit", "village")
    if permissions.is_regency_wide(user):
        return qs
    if not permissions.is_staff_member(user):
        return qs.none()
    if user.role in AGENCY_ROLES:
        scope = permissions.agency_ids_in_scope(user)
        return qs.filter(Q(agency_id__in=scope) | Q(handler_unit_id__in=scope))
    if user.role in VILLAGE_ROLES and user.village_id:
        return qs.filter(village_id=user.village_id)
    return qs.none()


def complaint_get_for_staff(*, tracking_code: str, user) -> Complaint:
    code = normalize_tracking_code(tracking_code)
    complaint = complaints_for_staff(user).filter(tracking_code=code).first() if code else None
    if complaint is None:
        raise Http404
    return complaint


def reporter_update_addresses(complaint: Complaint) -> dict[str, str]:
    """Where the reporter's updates go, masked, for the thanks page: {"whatsapp": "0812-****-7890", "email": ...}.
    The same addresses the notifications use (the account's fill the gaps); empty when there is none."""
    from satupintu.core.formatting import mask_email, mask_phone

    from .notifications import reporter_recipients

    found: dict[str, str] = {}
    for recipient in reporter_recipients(complaint):
        _name, phone, email, _language = recipient.resolved()
        if phone:
            found["whatsapp"] = mask_phone(phone)
        if email:
            found["email"] = mask_email(email)
    return found


QUEUES = {
    "verify": (_("Perlu diverifikasi"), Q(status=Status.RECEIVED)),
    "assign": (_("Perlu diteruskan"), Q(status__in=[Status.VERIFIED, Status.RETURNED])),
    "answer": (_("Perlu dijawab"), Q(status__in=[Status.ASSIGNED, Status.IN_PROGRESS])),
    "approve": (_("Perlu disetujui"), Q(status=Status.PENDING_APPROVAL)),
    "late": (_("Terlambat"), None),  # depends on today
    "all": (_("Semua"), Q()),
}


def queue_condition(name: str, *, today: date | None = None) -> Q:
    if name == "late":
        return Q(status__in=LATE_TRACKED_STATES, deadline__lt=today or timezone.localdate())
    return QUEUES[name][1]


QUEUE_COUNT_CAP = 999


def queue_counts(user) -> dict[str, int]:
    """The user's queue counts, each an index-range count capped at QUEUE_COUNT_CAP (shown as "999+"): one
    aggregate over the whole table would read every report of a million on each visit of the queue page."""
    names = queues_for(user)
    if not names:
        return {}
    today = timezone.localdate()
    base = complaints_for_staff(user).order_by()
    return {
        name: base.filter(queue_condition(name, today=today)).values("pk")[: QUEUE_COUNT_CAP + 1].count()
        for name in names
    }


def queue_label(name: str) -> str:
    return str(QUEUES[name][0])


def staff_timeline(complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return complaint.events.select_related("actor").order_by("created_at", "id")


def reporter_timeline(complaint: Complaint) -> list[dict]:
    return [
        {"date": e.created_at, "label": event_label(e.action, e.public_detail), "body": e.body, "action": e.action}
        for e in complaint.events.filter(Q(is_public=True) | Q(visible_to_reporter=True)).order_by("created_at", "id")
    ]


_WORD = re.compile(r"\w{3,}", re.UNICODE)
_STOP = {"yang", "dan", "di", "ke", "dari", "untuk", "ini", "itu", "dengan", "tidak", "ada", "sudah", "kami", "saya",
         "pak", "bu", "mohon", "tolong", "sejak", "sangat", "karena", "juga", "akan", "pada", "desa", "jalan"}


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall((text or "").lower()) if w not in _STOP}


def similar_complaints(complaint: Complaint, *, limit: int = 5, window: int = 200) -> list[tuple[Complaint, float]]:
    """Up to `limit` earlier reports in the same village with the most words in common (Jaccard on title and
    description). Cheap on purpose: only the `window` most recent reports of that village are compared."""
    if not complaint.village_id:
        return []
    words = _words(f"{complaint.title} {complaint.description}")
    if not words:
        return []
    candidates = (
        Complaint.objects.filter(village_id=complaint.village_id, created_at__lte=complaint.created_at)
        .exclude(pk=complaint.pk)
        .order_by("-created_at")
        .only("id", "tracking_code", "title", "description", "status", "created_at")[:window]
    )
    scored = []
    for other in candidates:
        other_words = _words(f"{other.title} {other.description}")
        if not other_words:
            continue
        score = len(words & other_words) / len(words | other_words)
        if score >= 0.15:
            scored.append((other, round(score, 2)))
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[:limit]


def merged_into(complaint: Complaint) -> list[Complaint]:
    """The reports merged into this one (marked its duplicates): their codes, channels and dates, no reporter."""
    return list(Complaint.objects.filter(duplicate_of=complaint).only("tracking_code", "channel", "created_at")
                .order_by("created_at", "id")[:50])


def suggested_agency(complaint: Complaint):
    return complaint.category.routing_agency() if complaint.category_id else None


def my_complaints(user) -> QuerySet[Complaint]:
    if not permissions.is_authenticated(user):
        return Complaint.objects.none()
    return Complaint.objects.filter(reporter_user=user).select_related("agency", "category").order_by("-created_at")


# --- Statistics -------------------------------------------------------------------------------------------------


def _median_from_histogram(hist: Counter) -> float | None:
    total = sum(hist.values())
    if not total:
        return None
    ordered = sorted(hist.items())

    def nth(k: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if seen > k:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def statistics_by_agency(*, year: int) -> list[dict]:
    """statistics_by_agency_uncached, kept for ten minutes (it aggregates a whole year of reports)."""
    key = f"aduan:stats_by_agency:{year}"
    found = cache.get(key)
    if found is None:
        found = statistics_by_agency_uncached(year=year)
        cache.set(key, found, STATS_CACHE_SECONDS)
    return found


def statistics_by_agency_uncached(*, year: int) -> list[dict]:
    """Per OPD: received, answered, median working days to answer, share answered within the deadline, average
    rating, and reports per channel. Medians come from a (agency, days) histogram, so the database does the
    counting and Python only walks a few hundred buckets."""
    from satupintu.organisasi.models import Agency

    base = Complaint.objects.filter(created_at__year=year, agency__isnull=False).order_by()
    rows = base.values("agency_id").annotate(
        received=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        on_time=Count("id", filter=Q(answered_on_time=True)),
        rating=Avg("rating"),
        late_open=Count("id", filter=Q(status__in=LATE_TRACKED_STATES, deadline__lt=timezone.localdate())),
    )
    hist: dict[int, Counter] = {}
    for r in base.filter(answer_working_days__isnull=False).values("agency_id", "answer_working_days").annotate(n=Count("id")):
        hist.setdefault(r["agency_id"], Counter())[r["answer_working_days"]] += r["n"]
    channels: dict[int, dict[str, int]] = {}
    for r in base.values("agency_id", "channel").annotate(n=Count("id")):
        channels.setdefault(r["agency_id"], {})[r["channel"]] = r["n"]
    agencies = Agency.objects.in_bulk([r["agency_id"] for r in rows])
    out = []
    for r in rows:
        agency = agencies.get(r["agency_id"])
        out.append({
            "agency": agency.short_name if agency else "-",
            "received": r["received"],
            "answered": r["answered"],
            "median_days": _median_from_histogram(hist.get(r["agency_id"], Counter())),
            "on_time_share": (r["on_time"] / r["answered"]) if r["answered"] else None,
            "rating": round(r["rating"], 1) if r["rating"] is not None else None,
            "late_open": r["late_open"],
            "channels": channels.get(r["agency_id"], {}),
        })
    out.sort(key=lambda d: (-d["received"], str(d["agency"])))
    return out


def statistics_by_agency_and_month(*, year: int) -> list[dict]:
    """Open data (api app): per OPD and month of receipt in `year`, reports received, answered, answered within the
    deadline (SLA) and that share. Counts only; confidential reports count too (a number reveals nothing)."""
    from django.db.models.functions import ExtractMonth

    from satupintu.organisasi.models import Agency

    rows = (
        Complaint.objects.filter(created_at__year=year, agency__isnull=False).order_by()
        .annotate(month=ExtractMonth("created_at")).values("agency_id", "month")
        .annotate(received=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)),
                  on_time=Count("id", filter=Q(answered_on_time=True)))
    )
    agencies = Agency.objects.in_bulk({r["agency_id"] for r in rows})
    out = []
    for r in rows:
        agency = agencies.get(r["agency_id"])
        out.append({
            "agency": agency.name if agency else "-", "year": year, "month": r["month"], "received": r["received"],
            "answered": r["answered"], "answered_on_time": r["on_time"],
            "on_time_share": round(r["on_time"] / r["answered"], 3) if r["answered"] else None,
        })
    out.sort(key=lambda d: (d["agency"], d["month"]))
    return out


def late_by_agency(user) -> list[dict]:
    """The regent's dashboard: open late reports per OPD and escalation level (unassigned ones under the regency)."""
    from satupintu.organisasi.models import Agency

    rows = (
        complaints_for_staff(user).filter(queue_condition("late")).order_by()
        .values("agency_id").annotate(
            total=Count("id"),
            level1=Count("id", filter=Q(escalation_level=1)),
            level2=Count("id", filter=Q(escalation_level=2)),
            level3=Count("id", filter=Q(escalation_level=3)),
        )
    )
    agencies = Agency.objects.in_bulk([r["agency_id"] for r in rows if r["agency_id"]])
    out = [{**r, "agency": agencies.get(r["agency_id"])} for r in rows]
    out.sort(key=lambda d: -d["total"])
    return out


# The regent's view of every open report (not only the late ones): by age since receipt.
AGE_BUCKETS = {
    "7": (_("Sampai 7 hari"), 0, 7),
    "30": (_("8–30 hari"), 8, 30),
    "90": (_("31–90 hari"), 31, 90),
    "lama": (_("Lebih dari 90 hari"), 91, None),
}


def open_complaints(user, *, agency=None, district=None, age: str = "", today: date | None = None) -> QuerySet[Complaint]:
    """Every open report `user` may see as staff, oldest first, narrowed by OPD (its sub-units included), district
    and age bucket (AGE_BUCKETS)."""
    from datetime import datetime, time, timedelta

    qs = complaints_for_staff(user).filter(status__in=OPEN_STATES).select_related("district")
    if agency is not None:
        qs = qs.filter(Q(agency=agency) | Q(handler_unit__parent=agency))
    if district is not None:
        qs = qs.filter(district=district)
    if age in AGE_BUCKETS:
        today = today or timezone.localdate()
        _label, low, high = AGE_BUCKETS[age]

        def start(day):
            return timezone.make_aware(datetime.combine(day, time.min))

        qs = qs.filter(created_at__lt=start(today - timedelta(days=low - 1)))
        if high is not None:
            qs = qs.filter(created_at__gte=start(today - timedelta(days=high)))
    return qs.defer("reporter_name", "reporter_phone", "reporter_email", "description").order_by("created_at", "id")
