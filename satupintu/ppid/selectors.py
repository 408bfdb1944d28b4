"""Permission-checked reads for PPID. Built on `akun.permissions`; the PPID-specific rules are:

- a PPID officer of the PPID Utama agency (Diskominfo) sees and routes every request;
- a PPID officer of another OPD (PPID Pelaksana) sees the requests forwarded to their OPD (and its sub-units);
- the regency administrator and the regent see everything; only the administrator may act;
- the requester's full identity number is shown only to PPID officers.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Case, DateField, F, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from satupintu.akun.permissions import agency_ids_in_scope, has_role, is_authenticated
from satupintu.akun.roles import Role
from satupintu.core.memo import Memo
from satupintu.organisasi.models import Agency

from .models import InfoCategory, InfoRequest, Objection, PublicInfoItem, Status
from .permissions import is_ppid_officer, sees_all_requests


def ppid_utama() -> Agency:
    """The agency that receives every request (the OPD marked ``is_ppid_utama``)."""
    agency = Agency.objects.filter(is_ppid_utama=True, is_active=True).order_by("pk").first()
    if agency is None:
        raise ValidationError(_("PPID Utama belum ditetapkan. Tandai satu OPD sebagai PPID Utama di kantor belakang."))
    return agency


def info_requests_for_user(user) -> QuerySet[InfoRequest]:
    qs = InfoRequest.objects.select_related("agency")
    if sees_all_requests(user):
        return qs
    if is_ppid_officer(user):
        return qs.filter(agency_id__in=agency_ids_in_scope(user))
    if has_role(user, Role.OPD_HEAD):
        # The head sees what their PPID handles, to answer objections as its superior.
        return qs.filter(agency_id__in=agency_ids_in_scope(user))
    return qs.none()


def staff_queue(
    user, *, status: str = "", late_on: dt.date | None = None, text: str = ""
) -> QuerySet[InfoRequest]:
    """The desk's queue: open work first, the nearest (or most overdue) deadline on top; answered requests after
    them, the most recently answered first. `late_on` keeps only requests still open after their deadline."""
    qs = info_requests_for_user(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    if late_on is not None:
        qs = qs.exclude(status=Status.ANSWERED).filter(due_date__lt=late_on)
    text = (text or "").strip()
    if text:
        from .models import normalize_tracking_code

        match = Q(number__icontains=text) | Q(requester_name__icontains=text)
        if code := normalize_tracking_code(text):
            match |= Q(tracking_code=code)
        qs = qs.filter(match)
    answered = Q(status=Status.ANSWERED)
    return qs.annotate(
        queue_done=Case(When(answered, then=Value(1)), default=Value(0), output_field=IntegerField()),
        queue_due=Case(When(answered, then=Value(None)), default=F("due_date"), output_field=DateField()),
    ).order_by("queue_done", "queue_due", F("answered_on").desc(nulls_last=True), "number")


def info_request_get_for_user(*, pk: int, user) -> InfoRequest:
    """404 for anything outside the user's scope: staff of OPD B cannot even learn that OPD A's request exists."""
    return get_object_or_404(info_requests_for_user(user), pk=pk)


def info_request_get_public(*, token: str) -> InfoRequest:
    return get_object_or_404(InfoRequest.objects.select_related("agency"), follow_token=token)


def info_request_find_public(*, number: str, token: str) -> tuple[InfoRequest | None, bool]:
    """The request a tracking form names, and whether the code given is the secret of the requester's own link.

    `token` is the short code of the receipt (PPID-XXXX-XXXX, typed any way: spaces, lower case, O for 0) — it shows
    the status only — or the long code of a receipt printed before short codes existed, which stands for the link
    itself. `number`, when given, must be the request's registration number too."""
    from .models import normalize_tracking_code

    number = (number or "").strip().upper()
    token = (token or "").strip()
    if not token:
        return None, False
    short = normalize_tracking_code(token)
    qs = InfoRequest.objects.select_related("agency")
    if number:
        qs = qs.filter(number=number)
    if short:
        return qs.filter(tracking_code=short).first(), False
    if len(token) > 40:
        return None, False
    return qs.filter(follow_token=token).first(), True


def objections_for_user(user) -> QuerySet[Objection]:
    ids = info_requests_for_user(user).values("pk")
    return Objection.objects.select_related("request", "request__agency").filter(request_id__in=ids)


def objection_get_for_user(*, pk: int, user) -> Objection:
    return get_object_or_404(objections_for_user(user), pk=pk)


# --- Daftar Informasi Publik -----------------------------------------------------------------------------------


def dip_public(*, agency_id: int | None = None, category: str = "", text: str = "") -> QuerySet[PublicInfoItem]:
    qs = PublicInfoItem.objects.filter(is_published=True, agency__is_active=True).select_related("agency")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if category:
        qs = qs.filter(category=category)
    if text:
        # Exempt entries are searched by title and legal ground only: their summary is not public.
        open_match = Q(summary__icontains=text) | Q(holding_unit__icontains=text)
        qs = qs.filter(
            Q(title__icontains=text)
            | Q(legal_ground__icontains=text, category=InfoCategory.EXEMPT)
            | (open_match & ~Q(category=InfoCategory.EXEMPT))
        )
    return qs


def dip_public_item(pk) -> PublicInfoItem | None:
    """A published DIP entry by id, or None (bad or unknown id: the caller simply does not use it)."""
    try:
        return dip_public().filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def dip_items_for_user(user) -> QuerySet[PublicInfoItem]:
    qs = PublicInfoItem.objects.select_related("agency")
    if has_role(user, Role.REGENCY_ADMIN):
        return qs
    if is_ppid_officer(user):
        return qs.filter(agency_id__in=agency_ids_in_scope(user))
    return qs.none()


def dip_agencies_for_user(user):
    from satupintu.organisasi.models import Agency

    qs = Agency.objects.filter(is_active=True)
    if has_role(user, Role.REGENCY_ADMIN):
        return qs
    if is_authenticated(user) and is_ppid_officer(user):
        return qs.filter(pk__in=agency_ids_in_scope(user))
    return qs.none()


def report_agencies_for_user(user):
    """Agencies whose annual report the user may read; `None` in the result means the regency-wide report."""
    from satupintu.organisasi.models import Agency

    if sees_all_requests(user):
        return Agency.objects.filter(is_active=True, parent__isnull=True)
    if is_ppid_officer(user) or has_role(user, Role.OPD_HEAD):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


# --- Public archive ------------------------------------------------------------------------------------------------


def archive_public(*, agency_id: int | None = None, topic: str = "", year: int | None = None) -> QuerySet:
    """Published archive entries only. Reads nothing of the request: the entry holds the redacted copies."""
    from .models import ArchiveEntry, ArchiveState

    qs = ArchiveEntry.objects.filter(state=ArchiveState.PUBLISHED).select_related("agency").defer(
        "question", "answer", "mask_terms")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if topic:
        qs = qs.filter(topic=topic)
    if year:
        qs = qs.filter(year=year)
    return qs


def archive_search(*, text: str = "", agency_id: int | None = None, topic: str = "", year: int | None = None):
    from . import search

    qs = archive_public(agency_id=agency_id, topic=topic, year=year)
    if (text or "").strip():
        return search.search(qs, text)
    return qs.order_by("-published_at", "-id")


def archive_similar(text: str, limit: int = 5) -> list:
    from . import search

    return search.similar(archive_public(), text, limit=limit)


def archive_entry_public(pk: int):
    from .models import ArchiveEntry, ArchiveState

    return get_object_or_404(ArchiveEntry.objects.select_related("agency").filter(state=ArchiveState.PUBLISHED),
                             pk=pk)


# The archive's filter choices and the agencies' figures: read on every archive page, changed by a publication or a
# verdict. Kept per process for a few minutes and dropped when an entry or a request is saved here (apps.py).
archive_memo = Memo("ppid-archive", seconds=300)


def archive_years() -> list[int]:
    """The years that have published entries, newest first: the oldest and newest from the (state, year) index,
    every year between them offered."""
    from .models import ArchiveEntry, ArchiveState

    def load():
        published = ArchiveEntry.objects.filter(state=ArchiveState.PUBLISHED).order_by("year")
        first = published.values_list("year", flat=True).first()
        last = published.order_by("-year").values_list("year", flat=True).first()
        return list(range(last, first - 1, -1)) if first else []

    return archive_memo.get("years", load)


def archive_agencies():
    """Agencies with published entries (one index probe each, not a scan of the archive)."""
    from django.db.models import Exists, OuterRef

    from .models import ArchiveEntry, ArchiveState

    def load():
        published = ArchiveEntry.objects.filter(agency=OuterRef("pk"), state=ArchiveState.PUBLISHED)
        return list(Agency.objects.filter(Exists(published)).values_list("pk", flat=True))

    return Agency.objects.filter(pk__in=archive_memo.get("agencies", load)).order_by("name")


def verdict_figures(*, agency_id: int | None = None) -> list[dict]:
    """Per agency: how its requesters judged the outcome (Verdict), and how many answers it published. Counted over
    every classified request, published or not; no request is named."""
    return archive_memo.get(("figures", agency_id), lambda: _verdict_figures(agency_id))


def _verdict_figures(agency_id: int | None) -> list[dict]:
    from django.db.models import Count

    from .models import ArchiveEntry, ArchiveState, Verdict

    qs = InfoRequest.objects.exclude(requester_verdict="")
    published = ArchiveEntry.objects.filter(state=ArchiveState.PUBLISHED)
    if agency_id:
        qs, published = qs.filter(agency_id=agency_id), published.filter(agency_id=agency_id)
    rows: dict[int, dict] = {}
    names = dict(Agency.objects.values_list("pk", "name"))

    def row(pk):
        return rows.setdefault(pk, {"agency_id": pk, "agency": names.get(pk, ""), "published": 0, "total": 0,
                                    **{v: 0 for v in Verdict.values}})

    for item in qs.values("agency_id", "requester_verdict").annotate(n=Count("id")).order_by():
        r = row(item["agency_id"])
        r[item["requester_verdict"]] = item["n"]
        r["total"] += item["n"]
    for item in published.values("agency_id").annotate(n=Count("id")).order_by():
        row(item["agency_id"])["published"] = item["n"]
    for r in rows.values():
        r["full_pct"] = round(100 * r[Verdict.FULL] / r["total"]) if r["total"] else None
    return sorted(rows.values(), key=lambda r: r["agency"])


def archive_entry_for_user(*, request_pk: int, user):
    """The archive entry of a request the user may see (404 otherwise); None when none is prepared yet."""
    info_request = info_request_get_for_user(pk=request_pk, user=user)
    from .models import ArchiveEntry

    return info_request, ArchiveEntry.objects.filter(request=info_request).first()
