"""Permission-checked reads of SPMB, the live ranking and the figures of the reports.

A registration outside the reader's scope is not found (404), never forbidden, so registration ids cannot be probed.
The public sees registrations only by their secret link (everything about its own registration, masked) or, in the
ranking and the result look-up, by number with the child's masked name."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Subquery
from django.http import Http404

from satupintu.core.memo import Memo

from . import permissions
from . import selection as sel
from .models import Choice, Cutoff, Document, Placement, Registration, School, SchoolYear, Status

RANKING_PAGE = 50
RANKING_CACHE_SECONDS = 5  # the first morning's busiest page: recomputed at most every few seconds per page


def registrations_for_user(*, user) -> QuerySet[Registration]:
    if permissions.can_manage_spmb(user):
        return Registration.objects.all()
    school = permissions.operator_school_id(user)
    if school is None:
        return Registration.objects.none()
    return Registration.objects.filter(verifying_school_id=school)


def registration_get_for_user(*, pk, user) -> Registration:
    try:
        return (registrations_for_user(user=user)
                .select_related("year", "verifying_school", "home_village", "prestasi_rule").get(pk=pk))
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def document_get_for_user(*, pk, user) -> Document:
    try:
        doc = Document.objects.select_related("registration").get(pk=pk)
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not permissions.can_view_registration(user, doc.registration):
        raise Http404
    return doc


def registration_by_token(token: str) -> Registration:
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise Http404
    try:
        return Registration.objects.select_related("year", "home_village", "prestasi_rule").get(access_token=token)
    except Registration.DoesNotExist:
        raise Http404 from None


def registration_by_number(number: str) -> Registration | None:
    from .models import CODE

    code = CODE.normalize(number)
    if not code:
        return None
    return Registration.objects.select_related("year").filter(number=code).first()


def queue(*, user, status: str = "") -> QuerySet[Registration]:
    qs = registrations_for_user(user=user).select_related("verifying_school")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("submitted_at", "pk")


def queue_counts(*, user) -> dict[str, int]:
    rows = registrations_for_user(user=user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def latest_placement(registration: Registration) -> Placement | None:
    return (registration.placements.select_related("school").order_by("-round").first())


def cutoff_for(placement: Placement | None, registration: Registration) -> list[Cutoff]:
    """The cut-offs of the seats the registration chose (of the placement's round)."""
    if placement is None:
        return []
    schools = list(registration.choices.values_list("school_id", flat=True))
    return list(Cutoff.objects.filter(year_id=registration.year_id, round=placement.round, school_id__in=schools,
                                      track=registration.track).select_related("school"))


# --- the school directory ---------------------------------------------------------------------------------------
school_memo = Memo("spmb-schools", seconds=30)
SCHOOL_FIELDS = ("pk", "npsn", "name", "level", "village_id", "latitude", "longitude", "capacity", "is_active")


@dataclass(frozen=True)
class SchoolDirectory:
    rows: dict[int, tuple]  # pk -> the values of SCHOOL_FIELDS
    by_npsn: dict[str, int]
    pairs: frozenset[tuple[int, str]]  # (school, village) of every domisili area

    def school(self, pk: int) -> School:
        """A School instance from the row (unsaved-looking objects would be refused as foreign keys)."""
        school = School(**{("id" if f == "pk" else f): v for f, v in zip(SCHOOL_FIELDS, self.rows[pk], strict=True)})
        school._state.adding, school._state.db = False, "default"
        return school


def school_directory() -> SchoolDirectory:
    """Every school's row and every (school, village) pair of the domisili areas, kept per process for 30 s (set-up
    data that changes a few times a year; `services.school_save` and SpmbConfig.ready drop it here): the
    registration form and the live ranking of the first morning find their schools without a query."""
    def load():
        rows = {row[0]: row for row in School.objects.values_list(*SCHOOL_FIELDS)}
        pairs = frozenset(School.domicile_villages.through.objects.values_list("school_id", "village_id"))
        return SchoolDirectory(rows, {row[1]: pk for pk, row in rows.items()}, pairs)

    return school_memo.get("all", load)


def active_school_by_npsn(npsn: str) -> School:
    """The active school with this NPSN from the directory, or 404."""
    directory = school_directory()
    pk = directory.by_npsn.get(npsn)
    if pk is None or not directory.rows[pk][SCHOOL_FIELDS.index("is_active")]:
        raise Http404
    return directory.school(pk)


# --- live ranking ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RankRow:
    position: int
    number: str
    masked_name: str
    distance_m: int
    score: str
    verified: bool
    eligible: bool
    choice: int


def ranking(*, school: School, track: str, page: int = 1) -> tuple[list[RankRow], int]:
    """Where each registration stands at (school, track) now: one indexed query over `Choice.sort_key` (the same
    order as the selection), masked names, cached for a few seconds. Returns the page's rows and the total."""
    from satupintu.penduduk.masking import mask_name

    page = max(1, int(page))
    key = f"spmb:ranking:{school.pk}:{track}:{page}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    start = (page - 1) * RANKING_PAGE
    seat = Choice.objects.filter(school=school, track=track, active=True)
    # One query: the page's rows in the index's order (school, track, active, sort_key), and the seat's total as an
    # uncorrelated scalar subquery over the same index (computed once, not per row).
    total = Subquery(seat.order_by().values("school").annotate(n=Count("pk")).values("n")[:1])
    rows = list(
        seat.order_by("sort_key").annotate(total=total)
        .values_list("registration__number", "registration__child_name", "distance_m", "registration__score",
                     "registration__status", "eligible", "position", "total")[start:start + RANKING_PAGE]
    )
    count = rows[0][-1] if rows else (seat.count() if page > 1 else 0)
    out = [RankRow(start + i + 1, number, mask_name(name), distance, f"{score:.2f}" if track == sel.PRESTASI else "",
                   status not in (Status.SUBMITTED, Status.DRAFT), eligible, position)
           for i, (number, name, distance, score, status, eligible, position, _n) in enumerate(rows)]
    value = (out, count)
    cache.set(key, value, RANKING_CACHE_SECONDS)
    return value


def seats_of(school: School, year: SchoolYear) -> dict[str, int]:
    return sel.split_seats(school.capacity, school.level, year.percents(school.level))


# --- reports --------------------------------------------------------------------------------------------------
def applicants_per_school(*, year: SchoolYear) -> list[dict]:
    """Per school and track: seats, applicants (any choice), first choices, verified."""
    rows = (Choice.objects.filter(registration__year=year).exclude(registration__status__in=[
                Status.CANCELLED, Status.DRAFT])
            .values("school_id", "track")
            .annotate(applicants=Count("pk"), first=Count("pk", filter=Q(position=1)),
                      verified=Count("pk", filter=~Q(registration__status__in=[Status.SUBMITTED, Status.RETURNED]))))
    by_key = {(r["school_id"], r["track"]): r for r in rows}
    out = []
    for school in School.objects.filter(is_active=True).order_by("level", "name"):
        for track, seats in seats_of(school, year).items():
            r = by_key.get((school.pk, track), {})
            out.append({"school": school, "track": track, "seats": seats, "applicants": r.get("applicants", 0),
                        "first": r.get("first", 0), "verified": r.get("verified", 0)})
    return out


def cutoffs(*, year: SchoolYear, round: int = 1) -> QuerySet[Cutoff]:
    return Cutoff.objects.filter(year=year, round=round).select_related("school").order_by(
        "school__level", "school__name", "track")


UNPLACED = (Status.NOT_ADMITTED, Status.FORFEITED)


def unplaced_count(*, year: SchoolYear) -> int:
    return Registration.objects.filter(year=year, status__in=UNPLACED).count()


def unplaced(*, year: SchoolYear, nearest: int = 3, limit: int | None = None) -> list[dict]:
    """Children without a seat (by number; the first `limit` when given), each with the nearest schools of their
    level that still have room (seats minus the admitted and re-registered), nearest first: to place them. The
    schools' trigonometry is computed once and each child keeps the `nearest` best by a bounded heap, so the full
    export of thousands of children over hundreds of schools stays a matter of seconds."""
    import heapq
    import math

    taken: dict[int, int] = dict(
        Placement.objects.filter(registration__year=year, school__isnull=False,
                                 registration__status__in=[Status.ADMITTED, Status.REREGISTERED])
        .order_by().values_list("school_id").annotate(n=Count("pk")))
    rad, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    with_room: dict[str, list[tuple]] = {}
    for school in School.objects.filter(is_active=True).order_by("pk"):
        room = school.capacity - taken.get(school.pk, 0)
        if room > 0:
            p = rad(school.latitude)
            with_room.setdefault(school.level, []).append((p, rad(school.longitude), cos(p), school, room))
    qs = (Registration.objects.filter(year=year, status__in=UNPLACED).order_by("number")
          .only("pk", "number", "child_name", "level", "status", "latitude", "longitude"))
    out = []
    for reg in (qs[:limit] if limit is not None else qs.iterator(chunk_size=2000)):
        p1, l1 = rad(reg.latitude), rad(reg.longitude)
        c1 = cos(p1)
        # selection.haversine_m, with the school's side computed once
        options = heapq.nsmallest(nearest, (
            (2 * sel.EARTH_RADIUS_M * asin(min(1.0, sqrt(sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin((l2 - l1) / 2) ** 2))),
             school.pk, school, room)
            for p2, l2, c2, school, room in with_room.get(reg.level, ())))
        out.append({"registration": reg, "options": [(s, room, round(d)) for d, _pk, s, room in options]})
    return out
