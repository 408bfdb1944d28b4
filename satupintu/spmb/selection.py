"""The selection of SPMB: student-proposing deferred acceptance over (school, track) seats, in plain Python.

Rules (Permendikdasmen 3/2025 on SPMB; the regency sets the details each year):
- Each child ranks up to three seats (school, track) in order; each seat ranks the children who may take it by the
  track's rule (`rank_key`). Deferred acceptance (Gale-Shapley, children proposing) gives the child-optimal stable
  assignment: no child holds two seats, no seat holds more children than it has, and no child is refused a seat that
  went to a child ranked lower there ("no justified envy").
- Domisili, SMP: nearest first (straight-line distance, haversine), ties to the older child, then the earlier
  registration. Domisili, SD: children aged 7 and over on 1 July first, then distance, then older, then earlier.
  Afirmasi and mutasi: nearest first, then older, then earlier. Prestasi (SMP): the higher score first, then nearer,
  then older, then earlier. The registration id breaks what is still tied, so every order is strict.
- Who may take a seat: domisili needs the home village in the school's domisili area and a valid domicile basis (a KK
  issued at least a year before, or a village domicile letter); afirmasi, mutasi and prestasi need their proof
  verified. SD: a child under 6 on 1 July is not admitted (from 5 years 6 months with a psychologist's recommendation);
  SMP: a child over 15 on 1 July is not admitted.
- Seats a track leaves empty go to the same school's domisili (a setting): the track's seats shrink to what it
  filled, domisili grows, and the assignment is computed again, until no such seat is left.

The module takes plain data (dataclasses of numbers and strings) and returns plain data; nothing here reads the
database or depends on dict/set iteration order, so the same input gives the same output byte for byte (`digest`).
The run is O(P log C) for P proposals and seats of C places (a heap per seat)."""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

DOMISILI, AFIRMASI, MUTASI, PRESTASI = "domisili", "afirmasi", "mutasi", "prestasi"
TRACKS = (DOMISILI, AFIRMASI, MUTASI, PRESTASI)
SD, SMP = "sd", "smp"

# Quota bounds in per cent of a school's capacity: (minimum, maximum); None = no bound.
BOUNDS: dict[str, dict[str, tuple[int | None, int | None]]] = {
    SD: {DOMISILI: (70, None), AFIRMASI: (15, None), MUTASI: (None, 5)},
    SMP: {DOMISILI: (40, None), AFIRMASI: (20, None), PRESTASI: (25, None), MUTASI: (None, 5)},
}
LEVEL_TRACKS = {SD: (DOMISILI, AFIRMASI, MUTASI), SMP: (DOMISILI, AFIRMASI, PRESTASI, MUTASI)}

# Rules that decide an outcome (codes; the pages word them).
RULE_ADMITTED_DISTANCE = "admitted_distance"
RULE_ADMITTED_AGE = "admitted_age"  # SD domisili: admitted in the age-7-and-over group
RULE_ADMITTED_SCORE = "admitted_score"
RULE_NOT_ADMITTED_RANK = "not_admitted_rank"  # every choice full with children ranked above
RULE_NOT_ADMITTED_ELIGIBILITY = "not_admitted_eligibility"  # no choice the child may take
REFUSED_FULL = "full"  # the seat filled with children ranked above
REFUSED_AREA = "outside_area"
REFUSED_DOMICILE = "domicile_basis"
REFUSED_PROOF = "proof"
REFUSED_AGE_YOUNG = "too_young"
REFUSED_AGE_OLD = "too_old"
REFUSED_LEVEL = "level"

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line (great-circle) distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def age_months(birth: date, on: date) -> int:
    """Whole months of age on `on`."""
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    return months - 1 if on.day < birth.day else months


@dataclass(frozen=True)
class School:
    id: int
    level: str  # SD or SMP
    lat: float
    lon: float
    area: frozenset[str] = frozenset()  # village codes of the domisili area


class Child(NamedTuple):  # a NamedTuple, not a dataclass: 60,000 are made per run, and a tuple is made faster
    id: int  # the registration's id: unique, and the last tie-break
    birth_date: date
    order: int  # registration order (earlier registration first): the registration id, which grows with time
    lat: float
    lon: float
    village: str  # code of the home village
    choices: tuple[tuple[int, str], ...]  # (school id, track) in the parent's order
    domicile_ok: bool = True  # a KK a year old, or a domicile letter
    proofs: frozenset[str] = frozenset()  # tracks whose proof was verified (afirmasi, mutasi, prestasi)
    score: float = 0.0  # prestasi score by the published table
    young_exception: bool = False  # SD: 5 years 6 months or more with a psychologist's recommendation


@dataclass(frozen=True)
class Rules:
    reference_date: date  # 1 July of the school year
    unused_to_domisili: bool = True
    sd_min_months: int = 72  # 6 years
    sd_exception_months: int = 66  # 5 years 6 months
    sd_priority_months: int = 84  # 7 years: first in SD domisili
    smp_max_months: int = 15 * 12 + 11  # older than 15 years (15 years and 12 months) on 1 July is refused


# Outcomes are NamedTuples, not dataclasses: 60,000 of them are made per run, and a tuple is made ten times faster.
class Refusal(NamedTuple):
    school: int
    track: str
    reason: str


class Outcome(NamedTuple):
    child: int
    school: int | None
    track: str | None
    choice: int | None  # 1-based position of the admitted choice
    rule: str
    distance_m: int | None  # to the admitted school
    refusals: tuple[Refusal, ...]  # the choices before the admitted one (or all), and why each refused


class Cutoff(NamedTuple):
    school: int
    track: str
    seats: int
    admitted: int
    distance_m: int | None  # of the last admitted child (the rank's distance)
    birth_date: date | None
    score: float | None


@dataclass
class Result:
    outcomes: list[Outcome]
    cutoffs: list[Cutoff]
    seats: dict[tuple[int, str], int]  # the final seats per (school, track), after unused seats moved
    rounds: int = 1
    keys: dict[tuple[int, int, str], tuple] = field(default_factory=dict, repr=False)  # (child, school, track) -> key

    def digest(self) -> str:
        """SHA-256 of the assignment and the cut-offs in a canonical form: the same input gives the same digest."""
        # NamedTuples serialise as JSON arrays in field order; dates as ISO text.
        doc = {"outcomes": self.outcomes, "cutoffs": self.cutoffs}
        text = json.dumps(doc, separators=(",", ":"), default=lambda d: d.isoformat())
        return hashlib.sha256(text.encode()).hexdigest()


# --- seats from capacity and quotas ---------------------------------------------------------------------------------
def quota_errors(level: str, percents: dict[str, int]) -> list[str]:
    """What breaks the bounds of `level` in `percents` (track -> per cent), as (English) codes for the caller to word;
    empty when the settings are allowed. The per cents must add up to 100."""
    errors = []
    for track, (low, high) in BOUNDS[level].items():
        value = percents.get(track, 0)
        if low is not None and value < low:
            errors.append(f"{track}<{low}")
        if high is not None and value > high:
            errors.append(f"{track}>{high}")
    if sum(percents.get(t, 0) for t in LEVEL_TRACKS[level]) != 100:
        errors.append("sum!=100")
    return errors


def split_seats(capacity: int, level: str, percents: dict[str, int]) -> dict[str, int]:
    """Seats per track of one school: mutasi (a maximum) rounded down, the others by largest remainder over what is
    left, ties in table order; the seats add up to `capacity` exactly."""
    tracks = LEVEL_TRACKS[level]
    seats = {t: 0 for t in tracks}
    seats[MUTASI] = capacity * percents.get(MUTASI, 0) // 100
    rest = [t for t in tracks if t != MUTASI]
    left = capacity - seats[MUTASI]
    total_pct = sum(percents.get(t, 0) for t in rest) or 1
    shares = [(left * percents.get(t, 0), t) for t in rest]
    for value, t in shares:
        seats[t] = value // total_pct
    remaining = left - sum(seats[t] for t in rest)
    by_remainder = sorted(range(len(rest)), key=lambda i: (-(shares[i][0] % total_pct), i))
    for i in by_remainder[:remaining]:
        seats[rest[i]] += 1
    return seats


# --- ranking --------------------------------------------------------------------------------------------------------
def rank_key(child: Child, school: School, track: str, rules: Rules, distance_m: float, *,
             months: int | None = None) -> tuple:
    """The order of children at one seat: smaller first. Ends with (birth date, registration order, id) so it is
    strict. `months` (the child's age on the reference date) may be given when already known."""
    tail = (child.birth_date.toordinal(), child.order, child.id)
    d = round(distance_m)
    if track == PRESTASI:
        return (-round(child.score * 100), d, *tail)
    if track == DOMISILI and school.level == SD:
        if months is None:
            months = age_months(child.birth_date, rules.reference_date)
        return (int(months < rules.sd_priority_months), d, *tail)
    return (d, *tail)


def refusal_reason(child: Child, school: School, track: str, rules: Rules, *,
                   months: int | None = None) -> str | None:
    """Why `child` may not take a seat of (school, track) at all, or None when the child may."""
    if track not in LEVEL_TRACKS[school.level]:
        return REFUSED_LEVEL
    if months is None:
        months = age_months(child.birth_date, rules.reference_date)
    if school.level == SD and months < rules.sd_min_months:
        if not (child.young_exception and months >= rules.sd_exception_months):
            return REFUSED_AGE_YOUNG
    if school.level == SMP and months > rules.smp_max_months:
        return REFUSED_AGE_OLD
    if track == DOMISILI:
        if child.village not in school.area:
            return REFUSED_AREA
        if not child.domicile_ok:
            return REFUSED_DOMICILE
    elif track not in child.proofs:
        return REFUSED_PROOF
    return None


# --- deferred acceptance --------------------------------------------------------------------------------------------
def _deferred_acceptance(
    prefs: list[list[tuple[tuple[int, str], tuple]]], seats: dict[tuple[int, str], int]
) -> list[int | None]:
    """Children propose down `prefs` (each a list of (seat, negated key) they may take); each seat keeps its best
    `seats` children in a heap of negated keys (the worst child on top). Returns, per child, the index of the held
    proposal or None."""
    held: dict[tuple[int, str], list] = {}
    nxt = [0] * len(prefs)
    holding: list[int | None] = [None] * len(prefs)
    free = deque(range(len(prefs)))
    while free:
        c = free.popleft()
        options = prefs[c]
        while nxt[c] < len(options):
            seat, neg = options[nxt[c]]
            nxt[c] += 1
            cap = seats.get(seat, 0)
            if cap <= 0:
                continue
            heap = held.setdefault(seat, [])
            if len(heap) < cap:
                heapq.heappush(heap, (neg, c))
                holding[c] = nxt[c] - 1
                break
            if neg > heap[0][0]:  # better than the worst held
                _, out = heapq.heapreplace(heap, (neg, c))
                holding[c] = nxt[c] - 1
                holding[out] = None
                free.append(out)
                break
        # a child whose list ran out stays unassigned
    return holding


def select(
    schools: Iterable[School],
    seats: dict[tuple[int, str], int],
    children: Iterable[Child],
    rules: Rules,
) -> Result:
    """The assignment of `children` to (school, track) `seats` under `rules`, with the rule that decided each child
    and each seat's cut-off."""
    by_id = {s.id: s for s in schools}
    kids = sorted(children, key=lambda c: c.id)
    seats = {k: int(v) for k, v in sorted(seats.items())}
    prefs: list[list[tuple[tuple[int, str], tuple]]] = []
    refused: list[dict[int, Refusal]] = []  # per child: choice position -> refusal for eligibility
    distances: list[dict[tuple[int, str], float]] = []
    keys: dict[tuple[int, int, str], tuple] = {}
    ref = rules.reference_date
    rad, sin, cos, asin, sqrt = math.radians, math.sin, math.cos, math.asin, math.sqrt
    where = {s.id: (rad(s.lat), rad(s.lon), cos(rad(s.lat))) for s in by_id.values()}
    for child in kids:
        options, refusals, dist = [], {}, {}
        months = age_months(child.birth_date, ref)
        p1, l1 = rad(child.lat), rad(child.lon)
        c1 = cos(p1)
        for pos, (school_id, track) in enumerate(child.choices[:3]):
            school = by_id.get(school_id)
            if school is None:
                refusals[pos] = Refusal(school_id, track, REFUSED_LEVEL)
                continue
            reason = refusal_reason(child, school, track, rules, months=months)
            p2, l2, c2 = where[school_id]  # haversine_m, with the cosines computed once
            a = sin((p2 - p1) / 2) ** 2 + c1 * c2 * sin((l2 - l1) / 2) ** 2
            d = 2 * EARTH_RADIUS_M * asin(min(1.0, sqrt(a)))
            dist[(school_id, track)] = d
            if reason is not None:
                refusals[pos] = Refusal(school_id, track, reason)
                continue
            key = rank_key(child, school, track, rules, d, months=months)
            keys[(child.id, school_id, track)] = key
            # heapq is a min-heap: a seat keeps negated keys so its worst child is on top
            options.append(((school_id, track), tuple([-x for x in key])))
        prefs.append(options)
        refused.append(refusals)
        distances.append(dist)

    rounds = 1
    holding = _deferred_acceptance(prefs, seats)
    while rules.unused_to_domisili:
        moved = False
        filled: dict[tuple[int, str], int] = {}
        for c, h in enumerate(holding):
            if h is not None:
                seat = prefs[c][h][0]
                filled[seat] = filled.get(seat, 0) + 1
        for (school_id, track), n in list(seats.items()):
            if track == DOMISILI or n <= filled.get((school_id, track), 0):
                continue
            spare = n - filled.get((school_id, track), 0)
            seats[(school_id, track)] = n - spare
            seats[(school_id, DOMISILI)] = seats.get((school_id, DOMISILI), 0) + spare
            moved = True
        if not moved:
            break
        rounds += 1
        holding = _deferred_acceptance(prefs, seats)

    outcomes: list[Outcome] = []
    admitted: dict[tuple[int, str], list[tuple[tuple, Child, float]]] = {}
    for c, child in enumerate(kids):
        h = holding[c]
        seat = prefs[c][h][0] if h is not None else None
        refusals = []
        choice_pos = None
        for pos, (school_id, track) in enumerate(child.choices[:3]):
            if (school_id, track) == seat:
                choice_pos = pos + 1
                break
            refusals.append(refused[c].get(pos) or Refusal(school_id, track, REFUSED_FULL))
        if seat is None:
            rule = (RULE_NOT_ADMITTED_RANK if any(r.reason == REFUSED_FULL for r in refusals)
                    else RULE_NOT_ADMITTED_ELIGIBILITY)
            outcomes.append(Outcome(child.id, None, None, None, rule, None, tuple(refusals)))
            continue
        school_id, track = seat
        d = distances[c][seat]
        key = keys[(child.id, school_id, track)]
        if track == PRESTASI:
            rule = RULE_ADMITTED_SCORE
        elif track == DOMISILI and by_id[school_id].level == SD and key[0] == 0:
            rule = RULE_ADMITTED_AGE
        else:
            rule = RULE_ADMITTED_DISTANCE
        outcomes.append(Outcome(child.id, school_id, track, choice_pos, rule, round(d), tuple(refusals)))
        admitted.setdefault(seat, []).append((key, child, d))

    cutoffs = []
    for seat, n in seats.items():
        rows = admitted.get(seat, [])
        if not rows:
            cutoffs.append(Cutoff(seat[0], seat[1], n, 0, None, None, None))
            continue
        _key, last, d = max(rows, key=lambda row: row[0])
        cutoffs.append(Cutoff(seat[0], seat[1], n, len(rows), round(d), last.birth_date,
                              last.score if seat[1] == PRESTASI else None))
    return Result(outcomes=outcomes, cutoffs=cutoffs, seats=seats, rounds=rounds, keys=keys)


def stable_violations(children: Sequence[Child], result: Result) -> list[tuple[int, tuple[int, str]]]:
    """(child, seat) pairs of justified envy: the child may take a seat it ranked above its own, and that seat holds a
    child ranked below it (or has room). Empty for a stable assignment; the tests check it."""
    outcome = {o.child: o for o in result.outcomes}
    worst: dict[tuple[int, str], tuple] = {}
    count: dict[tuple[int, str], int] = {}
    for o in result.outcomes:
        if o.school is not None:
            seat = (o.school, o.track)
            key = result.keys[(o.child, o.school, o.track)]
            count[seat] = count.get(seat, 0) + 1
            if seat not in worst or key > worst[seat]:
                worst[seat] = key
    bad = []
    for child in children:
        o = outcome[child.id]
        for school_id, track in child.choices[:3]:
            if (school_id, track) == (o.school, o.track):
                break
            key = result.keys.get((child.id, school_id, track))
            if key is None:  # not eligible there
                continue
            seat = (school_id, track)
            if count.get(seat, 0) < result.seats.get(seat, 0) or (seat in worst and key < worst[seat]):
                bad.append((child.id, seat))
    return bad
