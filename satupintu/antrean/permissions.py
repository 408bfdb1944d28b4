"""Who may do what in queues, over `akun`'s roles.

- Queue manager (QUEUE_MANAGER, bound to an agency): every service point of that agency — its counters' screens,
  tickets and figures.
- Queue officer (QUEUE_OFFICER, bound to counters by `CounterMembership`): the screens of those counters, calling the
  tickets of the services those counters handle.
- Regency administrator and regent: read every point's figures.
- Citizens: no account; the secret link of their ticket, the kiosk, the public board and waiting times.

A counter or ticket outside a user's scope is not found (404), never forbidden.
"""

from __future__ import annotations

from satupintu.akun.permissions import has_role, is_authenticated, is_regency_wide
from satupintu.akun.roles import Role


def managed_point_ids(user) -> set[int]:
    if not (has_role(user, Role.QUEUE_MANAGER) and user.agency_id):
        return set()
    cached = getattr(user, "_antrean_points", None)
    if cached is None:
        from .models import ServicePoint

        cached = set(ServicePoint.objects.filter(agency_id=user.agency_id).values_list("pk", flat=True))
        user._antrean_points = cached
    return cached


def counter_ids(user) -> set[int]:
    """The counters whose screen the user may work: their own (officer) or every counter of their points."""
    if not is_authenticated(user):
        return set()
    cached = getattr(user, "_antrean_counters", None)
    if cached is None:
        from .models import Counter, CounterMembership

        cached = set()
        if has_role(user, Role.QUEUE_OFFICER):
            cached |= set(CounterMembership.objects.filter(user=user, counter__is_active=True)
                          .values_list("counter_id", flat=True))
        points = managed_point_ids(user)
        if points:
            cached |= set(Counter.objects.filter(point_id__in=points).values_list("pk", flat=True))
        user._antrean_counters = cached
    return cached


def service_ids(user) -> set[int]:
    """The services whose tickets the user may call: those of their counters."""
    cached = getattr(user, "_antrean_services", None)
    if cached is None:
        from .models import Counter

        ids = counter_ids(user)
        cached = set(Counter.services.through.objects.filter(counter_id__in=ids).values_list("service_id", flat=True))
        user._antrean_services = cached
    return cached


def can_use_desk(user) -> bool:
    return bool(counter_ids(user)) or bool(managed_point_ids(user)) or is_regency_wide(user)


def can_see_statistics(user) -> bool:
    return bool(managed_point_ids(user)) or is_regency_wide(user)


def can_work_counter(user, counter) -> bool:
    return counter.pk in counter_ids(user)


def is_manager_of(user, point_id: int) -> bool:
    return point_id in managed_point_ids(user)


def can_see_ticket(user, ticket) -> bool:
    return is_manager_of(user, ticket.point_id) or ticket.service_id in service_ids(user)


def can_call(user, ticket) -> bool:
    return ticket.service_id in service_ids(user)
