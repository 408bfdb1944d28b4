"""Reads of the machine interfaces, all through the service apps' own selectors: a complaint is shown exactly as
its public pages show it (aduan.selectors.complaints_public for lists, complaint_public_status for one report),
and staff see what aduan.selectors.complaints_for_staff lets the key's account see."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from satupintu.aduan import selectors as aduan_selectors
from satupintu.aduan.models import CLOSED_STATES, PUBLIC_STATES, Category, Complaint

from .errors import ApiError

# The columns a public list row needs (complaints_public already leaves the reporter's out): no reporter field is
# ever loaded, so none can leak into an answer by a later change of the serialisers.
PUBLIC_LIST_FIELDS = (
    "id", "tracking_code", "kind", "status", "title", "description", "created_at", "updated_at", "deadline",
    "is_public", "is_confidential", "category__id", "category__slug", "category__name", "agency__id",
    "agency__short_name", "agency__name", "village__code", "village__name", "village__district__code",
    "village__district__name",
)


def complaints_public_list() -> QuerySet[Complaint]:
    """The public selector's rows with exactly the columns above. complaints_public() defers the text (the web list
    does not show it), and a deferral outlives a later only(); defer(None) lifts it, and only() then loads these
    columns and no other (the reporter's stay unloaded, as there)."""
    return aduan_selectors.complaints_public().defer(None).only(*PUBLIC_LIST_FIELDS)


# What an Open311 list row shows, read as plain values: building five model instances per row (report, category,
# agency, village, district) cost more than the query itself with 50-100 rows a page.
OPEN311_ROW_VALUES = (
    "tracking_code", "status", "description", "created_at", "updated_at", "deadline", "category_id",
    "category__slug", "category__name", "agency_id", "agency__short_name", "village_id", "village__name",
    "village__district__name",
)


def open311_rows(qs: QuerySet[Complaint]) -> QuerySet[dict]:
    """`qs` (a public list, complaints_public_list) as dicts of OPEN311_ROW_VALUES: one query with its joins."""
    return qs.values(*OPEN311_ROW_VALUES)


def open311_row_values(complaint: Complaint) -> dict:
    """The same dict from one loaded report (GET requests/{id}), so both answers come from one serialiser."""
    village = complaint.village if complaint.village_id else None
    return {
        "tracking_code": complaint.tracking_code, "status": complaint.status, "description": complaint.description,
        "created_at": complaint.created_at, "updated_at": complaint.updated_at, "deadline": complaint.deadline,
        "category_id": complaint.category_id,
        "category__slug": complaint.category.slug if complaint.category_id else "",
        "category__name": complaint.category.name if complaint.category_id else "",
        "agency_id": complaint.agency_id,
        "agency__short_name": complaint.agency.short_name if complaint.agency_id else "",
        "village_id": complaint.village_id,
        "village__name": village.name if village else "",
        "village__district__name": village.district.name if village else "",
    }


def category_codes_filter(codes: list[str]) -> Q:
    """Open311 service_code / REST `kategori`: a category slug; a top-level topic matches its sub-categories."""
    ids = list(Category.objects.filter(slug__in=codes).values_list("pk", "parent_id"))
    tops = [pk for pk, parent in ids if parent is None]
    leaves = [pk for pk, parent in ids if parent is not None]
    return Q(topic_id__in=tops) | Q(category_id__in=leaves)


# Of the closed states only CLOSED is ever public (rejected, duplicate and converted reports never are), so "closed"
# in a public list is one status: one range of the partial index (status, created_at) instead of four ranges merged
# and sorted (78 ms -> a few ms with 250,000 reports on SQLite).
PUBLIC_CLOSED_STATES = sorted(CLOSED_STATES & PUBLIC_STATES)


def open_closed_filter(value: str) -> Q:
    """Open311's two statuses over the public list (complaints_public)."""
    if value == "closed":
        return Q(status__in=PUBLIC_CLOSED_STATES)
    return ~Q(status__in=CLOSED_STATES)


# --- personal numbers in free text ---------------------------------------------------------------------------

_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+?62|0)[\s-]?8[\d\s-]{7,15}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


_MAYBE_PERSONAL = re.compile(r"[\d@]")


def redact(text: str) -> str:
    """A citizen's own words with what looks like a NIK/KK number, a phone number or an e-mail address masked.
    Reporters write them into titles and texts ("hubungi saya di 0812..."); a page shows one report to one reader,
    an API hands thousands to programs, so machine answers never carry them (the pages keep the text as typed)."""
    if not text or not _MAYBE_PERSONAL.search(text):  # no digit and no @: nothing to mask (most texts of a list)
        return text or ""
    from satupintu.core.formatting import mask_email, mask_phone
    from satupintu.penduduk.masking import mask_nik

    text = _EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = _NIK.sub(lambda m: mask_nik(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


# --- cursors --------------------------------------------------------------------------------------------------


def cursor_encode(created_at: datetime, pk: int) -> str:
    raw = f"{created_at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime, int]:
    from django.utils.translation import gettext as _

    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, pk = raw.rsplit("|", 1)
        when = parse_datetime(moment)
        if when is None or not 0 < int(pk) < 2**31:
            raise ValueError(moment)
        return when, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "kursor_tidak_valid", _("Nilai cursor tidak dikenal; pakai nilai next_cursor dari "
                                                     "jawaban sebelumnya.")) from None


def newest_first_page(qs: QuerySet, *, cursor: str | None, limit: int, date_field: str = "created_at"):
    """Keyset pagination, newest first: (rows of this page, the cursor of the next page or None). Stable while rows
    are added (a page never repeats or skips a row) and as fast on page 1,000 as on page 1 (an index range)."""
    if cursor:
        when, pk = cursor_decode(cursor)
        qs = qs.filter(Q(**{f"{date_field}__lt": when}) | Q(**{date_field: when, "pk__lt": pk}))
    rows = list(qs.order_by(f"-{date_field}", "-pk")[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        following = cursor_encode(getattr(last, date_field), last.pk)
    return rows, following


def id_page(qs: QuerySet, *, cursor: str | None, limit: int):
    """Keyset pagination by id, ascending, for lists without a date order (information lists, villages)."""
    from django.utils.translation import gettext as _

    if cursor:
        try:
            after = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
            if not 0 < after < 2**31:
                raise ValueError(after)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise ApiError(400, "kursor_tidak_valid", _("Nilai cursor tidak dikenal; pakai nilai next_cursor dari "
                                                         "jawaban sebelumnya.")) from None
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("pk")[: limit + 1])
    following = None
    if len(rows) > limit:
        rows = rows[:limit]
        following = base64.urlsafe_b64encode(str(rows[-1].pk).encode()).decode().rstrip("=")
    return rows, following


# --- one complaint -----------------------------------------------------------------------------------------------


def complaint_public(tracking_code: str) -> tuple[Complaint, dict] | None:
    """(complaint, what its public status page shows) or None. The complaint object is for the fields that page
    gates by `is_public` (the text of the report); callers must not show anything else of it."""
    info = aduan_selectors.complaint_public_status(tracking_code=tracking_code)
    if info is None:
        return None
    complaint = aduan_selectors.complaint_get_by_code(tracking_code=info["code"])
    return complaint, info


def complaint_public_fields(complaint: Complaint, info: dict) -> dict:
    """The public status page as data: the text only when public, the answer only when not confidential."""
    return {
        **info,
        "title": redact(info["title"]),
        "answer": redact(info["answer"]),
        "description": redact(complaint.description) if complaint.is_public else "",
        "category": complaint.category.slug if complaint.is_public and complaint.category_id else None,
        "category_name": complaint.category.name if complaint.is_public and complaint.category_id else None,
        "village": complaint.village_id if complaint.is_public else None,
        "is_public": complaint.is_public,
    }


def status_is_closed(status: str) -> bool:
    return status in CLOSED_STATES


def today_end(day) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime(day.year, day.month, day.day, 23, 59, 59))

