from __future__ import annotations

from django.db.models import QuerySet

COUNT_CAP = 200


def paginate(qs: QuerySet, page_param: str | None, *, per_page: int = 20) -> dict:
    """Page through `qs` without an exact COUNT over a million rows: the total is counted up to COUNT_CAP
    ("more than 200"; ten pages). With two filters the database checks each candidate row, so a larger cap costs
    tens of milliseconds on a million reports; the pager itself needs no total (it fetches one row extra)."""
    try:
        page = max(1, min(int(page_param or 1), 10_000))
    except ValueError:
        page = 1
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    total = qs.order_by()[: COUNT_CAP + 1].count()
    return {
        "items": rows[:per_page],
        "page": page,
        "has_next": len(rows) > per_page,
        "has_previous": page > 1,
        "next": page + 1,
        "previous": page - 1,
        "total": min(total, COUNT_CAP),
        "total_capped": total > COUNT_CAP,
    }
