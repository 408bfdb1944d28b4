"""Permission-checked reads of the treasury service: what each user may see, the queue, the board, the statistics
and the public realisation (aggregates only: no recipient, no account, no document)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import F, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from satupintu.akun.permissions import is_regency_wide
from satupintu.core.memo import Memo

from . import permissions
from .clock import elapsed_seconds
from .conf import promise_minutes
from .models import (
    IN_TREASURY,
    ISSUED_STATES,
    BudgetLine,
    OrderReturn,
    OrderStatus,
    PaymentLine,
    PaymentOrder,
)

IN_PROGRESS = (OrderStatus.SPP_SUBMITTED, OrderStatus.SPM_DRAFT, OrderStatus.AT_TREASURY, OrderStatus.RETURNED,
               OrderStatus.VERIFIED)


def orders_for_user(user) -> QuerySet[PaymentOrder]:
    qs = PaymentOrder.objects.select_related("agency")
    if is_regency_wide(user):
        return qs
    if permissions.is_treasury(user):
        return qs.filter(submitted_at__isnull=False)
    if permissions.is_agency_finance(user):
        return qs.filter(agency_id=user.agency_id)
    return qs.none()


def order_get_for_user(user, pk) -> PaymentOrder:
    """The order, or 404 when it does not exist or is outside what `user` may see (another agency's SPM)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    order = orders_for_user(user).filter(pk=pk).first()
    if order is None or not permissions.can_view_order(user, order):
        raise Http404
    return order


def budget_lines_for_user(user, *, agency_id: int, year: int) -> QuerySet[BudgetLine]:
    if not permissions.can_view_budget(user, agency_id):
        raise Http404
    return BudgetLine.objects.filter(agency_id=agency_id, year=year).select_related("account")


@dataclass
class Clocked:
    order: PaymentOrder
    minutes: int
    left: int  # minutes of the promise left (negative: late)

    @property
    def late(self) -> bool:
        return self.left < 0


def _clocked(orders, now) -> list[Clocked]:
    promise = promise_minutes()
    out = []
    for order in orders:
        minutes = elapsed_seconds(order, now) // 60
        out.append(Clocked(order, minutes, promise - minutes))
    return out


# What the queue and the board show of an order: the clock's two columns and the row's labels, not the ~40 columns
# of the whole row (JSON checklist, recipient, PDF ...). The queue reads by the index (status, clock_started_at).
LIST_FIELDS = ("id", "agency_id", "agency__name", "agency__short_name", "year", "kind", "status", "gross",
               "spp_number", "spm_number", "sp2d_number", "submitted_at", "clock_started_at", "clock_seconds")
# Rows a page shows at most (the least time left first); the count of the rest is given.
LIST_LIMIT = 200


def treasury_queue(user, *, now=None) -> list[Clocked]:
    """The SPMs waiting at the treasury (for verification or for the SP2D signature), least time left first. The
    time left needs the calendar (office hours on working days), so the order is made in Python over the waiting
    SPMs, a few dozen at a time; the caller shows the first `LIST_LIMIT`."""
    if not permissions.can_work_queue(user):
        return []
    now = now or timezone.now()
    orders = orders_for_user(user).filter(status__in=IN_TREASURY).only(*LIST_FIELDS).order_by()
    return sorted(_clocked(orders, now), key=lambda c: (c.left, c.order.pk))


def board(user, *, now=None) -> list[Clocked]:
    """Every SPM in progress (at the agency or at the treasury) with its treasury minutes."""
    if not permissions.can_view_board(user):
        return []
    now = now or timezone.now()
    orders = orders_for_user(user).filter(status__in=IN_PROGRESS).only(*LIST_FIELDS).order_by()
    return sorted(_clocked(orders, now), key=lambda c: (c.order.status not in IN_TREASURY, c.left, c.order.pk))


def agency_orders(user) -> QuerySet[PaymentOrder]:
    return orders_for_user(user).filter(agency_id=user.agency_id) if permissions.is_agency_finance(user) \
        else PaymentOrder.objects.none()


@dataclass
class MonthStats:
    month: int
    agency: str
    count: int
    median_minutes: float
    within_promise: float  # share (0-100) issued within the promise


def statistics_for(user, *, year: int) -> dict:
    """Per month and agency: SP2Ds issued, median minutes from complete SPM to SP2D, share within the promise; and
    returns by reason. Reads one row per SP2D of the year (three columns)."""
    if not permissions.can_view_board(user):
        raise Http404
    promise_seconds = promise_minutes() * 60
    rows = (PaymentOrder.objects.filter(year=year, status__in=ISSUED_STATES, sp2d_month__isnull=False)
            .values_list("sp2d_month", "agency__short_name", "clock_seconds"))
    groups: dict[tuple[int, str], list[int]] = defaultdict(list)
    for month, agency, seconds in rows.iterator(chunk_size=5000):
        groups[(month, agency)].append(seconds)
    table = [
        MonthStats(month, agency, len(values), statistics.median(values) / 60,
                   100 * sum(1 for v in values if v <= promise_seconds) / len(values))
        for (month, agency), values in sorted(groups.items())
    ]
    reasons = Counter(OrderReturn.objects.filter(order__year=year).values_list("reason", flat=True))
    all_values = [v for values in groups.values() for v in values]
    overall = {
        "count": len(all_values),
        "median_minutes": statistics.median(all_values) / 60 if all_values else None,
        "within_promise": 100 * sum(1 for v in all_values if v <= promise_seconds) / len(all_values)
        if all_values else None,
    }
    return {"rows": table, "returns": reasons, "overall": overall}


# The public realisation of a year, kept per process for a minute (the regent's screen, PPID's visitors and the
# portal read it far more often than an SP2D is issued): dropped in this process when an order or a DPA line is saved
# here, at most 60 s behind in the other processes.
realisation_memo = Memo("keuangan-realisation", seconds=60)


def realisation(*, year: int) -> list[dict]:
    """Public: per agency and programme, the budget and what SP2Ds realised by month. Aggregates only. The rows are
    shared between requests: read them, never change them."""
    return realisation_memo.get(year, lambda: realisation_compute(year=year))


def realisation_compute(*, year: int) -> list[dict]:
    """`realisation` read from the database (two grouped queries over the year's DPA lines and SP2D lines)."""
    budget = (BudgetLine.objects.filter(year=year)
              .values("agency_id", "agency__name", "program_code", "program_name")
              .annotate(total=Sum("amount")).order_by("agency__name", "program_code"))
    realised = (PaymentLine.objects.filter(order__year=year, order__status__in=ISSUED_STATES)
                .values("budget_line__agency_id", "budget_line__program_code", month=F("order__sp2d_month"))
                .annotate(total=Sum("amount")).order_by())
    by_key: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for row in realised:
        by_key[(row["budget_line__agency_id"], row["budget_line__program_code"])][row["month"]] = row["total"]
    out = []
    for row in budget:
        months = by_key.get((row["agency_id"], row["program_code"]), {})
        spent = sum(months.values())
        out.append({
            "agency": row["agency__name"], "program_code": row["program_code"], "program": row["program_name"],
            "budget": row["total"], "months": [months.get(m, 0) for m in range(1, 13)], "realised": spent,
            "share": (100 * spent / row["total"]) if row["total"] else 0,
        })
    return out


def realisation_years() -> list[int]:
    return sorted(set(BudgetLine.objects.values_list("year", flat=True).distinct()), reverse=True)


def order_counts_by_status(user) -> dict[str, int]:
    from django.db.models import Count

    return dict(agency_orders(user).values("status").annotate(n=Count("pk")).values_list("status", "n"))

