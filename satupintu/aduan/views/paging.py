from __future__ import annotations

from django.db.models import QuerySet

from satupintu.core.db import count_up_to

COUNT_CAP = 200
# The total is a courtesy: when the filters leave the database many rows to check (two filters that each match tens
# of thousands of reports but rarely together), the page is shown without it rather than late.
COUNT_BUDGET_MS = 15


def paginate(qs: QuerySet, page_param: str | None, *, per_page: int = 20) -> dict:
    """Page through `qs` without an exact COUNT over a million rows: the total is counted up to COUNT_CAP
    ("more than 200"; ten pages) and for at most COUNT_BUDGET_MS (else no total is shown). With two filters the
    database checks each candidate row, so a larger cap costs tens of milliseconds on a million reports; the pager
    itself needs no total (it fetches one row extra)."""
    try:
        page = max(1, min(int(page_param or 1), 10_000))
    except ValueError:
        page = 1
    start = (page - 1) * per_page
    rows = list(qs[start : start + per_page + 1])
    if len(rows) <= per_page and (rows or page == 1):
        total = start + len(rows)  # the last page: the total is known without a count
    else:
        total = count_up_to(qs, COUNT_CAP, budget_ms=COUNT_BUDGET_MS)
    return {
        "items": rows[:per_page],
        "page": page,
        "has_next": len(rows) > per_page,
        "has_previous": page > 1,
        "next": page + 1,
        "previous": page - 1,
        "total": None if total is None else min(total, COUNT_CAP),
        "total_capped": total is not None and total > COUNT_CAP,
    }
