"""Who may read and write the population register, over `akun`'s roles and scopes.

- The village operator and the village head: their own village's residents and families, its imports, the
  self-service PINs of its residents.
- The regency administrator and the regent: every village's.
- Nobody else, not even an OPD: the register is the most personal data the platform holds.

A resident outside the reader's scope is answered as not found (the selectors raise 404), never as forbidden, so a
NIK cannot be probed across villages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from satupintu.akun.permissions import can_access_village, is_authenticated, is_regency_wide
from satupintu.akun.roles import VILLAGE_ROLES


def can_manage_register(user) -> bool:
    """May `user` work on the register at all (for their scope)? Village staff of a village, regency-wide roles."""
    if is_regency_wide(user):
        return True
    return is_authenticated(user) and user.role in VILLAGE_ROLES and bool(user.village_id)


def can_manage_residents(user, village) -> bool:
    """May `user` write residents and families of `village` (a Village or its code), and issue their PINs?"""
    return can_manage_register(user) and can_access_village(user, village)


def import_villages_for(user, village=None) -> set[str] | None:
    """Villages an import by `user` may write to (None: any). A village role is held to its own village (asking for
    another is PermissionDenied); regency-wide roles and the system (no user, e.g. the management command) to
    `village` if given; other roles may not import."""
    if user is not None:
        if is_regency_wide(user):
            pass
        elif can_manage_register(user):
            if village is not None and village.pk != user.village_id:
                raise PermissionDenied
            return {user.village_id}
        else:
            raise PermissionDenied
    return {village.pk} if village is not None else None


def can_register_civil_events(user) -> bool:
    """May `user` write births and deaths into the register (a new resident, a resident deceased, the KK reissued)?
    The civil registrar of Disdukcapil (pejabat pencatatan sipil), who answers for the whole regency."""
    from satupintu.akun.roles import Role

    return is_authenticated(user) and user.role == Role.CAPIL_REGISTRAR and bool(user.agency_id)
