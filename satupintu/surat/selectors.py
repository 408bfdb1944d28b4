"""Reads of the letter service, checked as they fetch.

Staff: village operator and head see their own village's letters, regency-wide roles (admin, regent) all; nobody
else any. Residents see only their own requests. The public sees one letter's masked summary by its token."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Value
from django.db.models.functions import ExtractMonth, Replace, Upper
from django.http import Http404
from django.utils import timezone

from satupintu.akun.permissions import scope_queryset
from satupintu.penduduk.masking import mask_nik

from .models import RELATED_KEY, LetterAttachment, LetterRequest, LetterStatus, LetterType
from .permissions import can_work_letters


def letters_for_user(*, user) -> QuerySet[LetterRequest]:
    if not can_work_letters(user):
        return LetterRequest.objects.none()
    return scope_queryset(user, LetterRequest.objects.all(), village_field="village").select_related(
        "letter_type", "village"
    )


def letter_get_for_user(*, pk, user) -> LetterRequest:
    try:
        return letters_for_user(user=user).select_related("village__district__regency", "resident").get(pk=int(pk))
    except (LetterRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def letter_attachment_get_for_user(*, pk, user) -> LetterAttachment:
    """An attachment of a letter in the user's scope; any other is not found (404)."""
    try:
        return LetterAttachment.objects.select_related("request").get(
            pk=int(pk), request__in=letters_for_user(user=user).values("pk")
        )
    except (LetterAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def letters_for_resident(*, resident) -> QuerySet[LetterRequest]:
    return LetterRequest.objects.filter(resident=resident).select_related("letter_type", "village")


def letter_get_for_resident(*, pk, resident) -> LetterRequest:
    try:
        return letters_for_resident(resident=resident).get(pk=int(pk))
    except (LetterRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def request_field_rows(letter: LetterRequest) -> list[tuple[str, str]]:
    """(label, value) of what was entered for the request — the purpose and the letter type's own fields — written
    as the letter will print them (dates in words, numbers with Indonesian separators; empty as "-")."""
    from .formatting import field_value_id

    rows = [(str(LetterRequest._meta.get_field("purpose").verbose_name).capitalize(), letter.purpose or "-")]
    related = (letter.field_values or {}).get(RELATED_KEY) or {}
    for spec in letter.letter_type.fields or []:
        value = field_value_id(spec, (letter.field_values or {}).get(spec["name"], ""))
        if spec.get("type") == "resident" and value:
            other = related.get(spec["name"]) or {}
            value = f"{other.get('nama', '')} (NIK {mask_nik(value)})"
        rows.append((spec.get("label") or spec["name"], "-" if value in (None, "") else str(value)))
    return rows


def letter_get_by_token(token: str) -> LetterRequest:
    """A signed letter by its verification token, for the public page. Unknown -> 404 (possible forgery)."""
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise Http404
    try:
        return LetterRequest.objects.select_related("letter_type", "village__district").get(
            verification_token=token, signed_at__isnull=False
        )
    except LetterRequest.DoesNotExist:
        raise Http404 from None


def normalize_letter_number(value: str) -> str:
    """A letter number as typed, compared without spaces and case: " 500 / 002/2001/xii/2026" -> "500/002/2001/XII/2026"."""
    return "".join((value or "").split()).upper()


@dataclass
class PublicLookup:
    """What the public verification form found: one letter, or the villages to choose from (several villages may
    print the same number, e.g. two villages coded ...2001 in different districts), or nothing."""

    letter: LetterRequest | None = None
    villages: list = field(default_factory=list)


def letter_lookup_by_number(number: str, *, village_code: str = "") -> PublicLookup:
    """Signed letters whose printed number is `number` (spaces and case ignored). With several villages and no (or
    a foreign) `village_code`, only the villages are returned: the page asks which one before showing anything."""
    normalized = normalize_letter_number(number)
    if not normalized or len(normalized) > 120:
        return PublicLookup()
    matches = list(
        LetterRequest.objects.filter(signed_at__isnull=False)
        .exclude(number="")
        .annotate(_normalized=Upper(Replace("number", Value(" "), Value(""))))
        .filter(_normalized=normalized)
        .select_related("letter_type", "village__district")
        .order_by("village_id", "id")
    )
    by_village: dict[str, list[LetterRequest]] = defaultdict(list)
    for letter in matches:
        by_village[letter.village_id].append(letter)
    if village_code in by_village:
        chosen = by_village[village_code]
    elif len(by_village) == 1:
        chosen = next(iter(by_village.values()))
    else:
        return PublicLookup(villages=[letters[0].village for letters in by_village.values()])
    # Within one village the number is unique as stored; prefer the exact spelling if two differ only in case.
    exact = [letter for letter in chosen if letter.number == number.strip()]
    return PublicLookup(letter=(exact or chosen)[0])


def queue(*, user, status: str = "") -> QuerySet[LetterRequest]:
    qs = letters_for_user(user=user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "id")


def queue_counts(*, user) -> dict[str, int]:
    """Letters per status in the user's scope; every status appears, zero included."""
    rows = letters_for_user(user=user).order_by().values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in LetterStatus.values}


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def issued_in_year(qs: QuerySet[LetterRequest], year: int) -> QuerySet[LetterRequest]:
    """Letters signed in `year` (local time). Revoked letters count: they were issued."""
    start, end = _year_bounds(year)
    return qs.filter(signed_at__gte=start, signed_at__lt=end)


def issued_by_type_and_month(*, user, year: int) -> list[dict]:
    """[{code, name, months: [12 counts], total}] for letter types with at least one letter that year."""
    return _by_type_and_month(issued_in_year(letters_for_user(user=user), year))


def letters_issued_by_type_and_month(*, year: int) -> list[dict]:
    """The same table for the whole regency, without a user: a public aggregate (open data), counts only."""
    return _by_type_and_month(issued_in_year(LetterRequest.objects.all(), year))


def _by_type_and_month(qs: QuerySet[LetterRequest]) -> list[dict]:
    rows = (
        qs.order_by()
        .annotate(month=ExtractMonth("signed_at"))
        .values("letter_type_id", "month")
        .annotate(n=Count("id"))
    )
    table: dict[int, list[int]] = defaultdict(lambda: [0] * 12)
    for row in rows:
        table[row["letter_type_id"]][row["month"] - 1] += row["n"]
    types = LetterType.objects.in_bulk(list(table))
    result = [
        {"code": types[pk].code, "name": types[pk].name, "months": months, "total": sum(months)}
        for pk, months in table.items()
    ]
    return sorted(result, key=lambda r: r["code"])


def issue_durations(*, user, year: int) -> dict:
    """Time from request to signature for letters signed in `year`: median and 90th percentile in hours."""
    pairs = issued_in_year(letters_for_user(user=user), year).values_list("created_at", "signed_at")
    hours = sorted((signed - created).total_seconds() / 3600 for created, signed in pairs)
    if not hours:
        return {"count": 0, "median_hours": None, "p90_hours": None}
    p90 = hours[min(len(hours) - 1, int(round(0.9 * (len(hours) - 1))))]
    return {"count": len(hours), "median_hours": statistics.median(hours), "p90_hours": p90}


def letters_issued_count_by_village(*, year: int) -> dict[str, int]:
    """Village code -> letters issued (signed) in `year`. Public aggregate for the regency portal: counts only."""
    rows = (
        issued_in_year(LetterRequest.objects.all(), year)
        .order_by()
        .values("village_id")
        .annotate(n=Count("id"))
    )
    return {row["village_id"]: row["n"] for row in rows}
