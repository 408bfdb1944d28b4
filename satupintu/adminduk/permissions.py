"""Who may do what in civil registration, over `akun`'s roles.

- Facility officer (midwife, puskesmas, hospital desk): declares births and deaths at the facilities they are a
  member of (`FacilityMembership`), sees those declarations, corrects returned ones and records the hand-over.
- Village operator: declares home births and deaths from the village's own signed birth/death letter, and follows
  those declarations like a facility (the village head reads them).
- Disdukcapil verifier: every declaration of the regency; checks, returns or passes on to the registrar.
- Disdukcapil registrar (pejabat pencatatan sipil): also registers (numbers, NIK, KK, documents) and may verify.
- Regency administrator and regent: read everything and the statistics.
- Parents: no account; the secret link of their registration (views/public.py).

A registration outside a user's scope is not found (404), never forbidden, so tracking codes cannot be probed.
"""

from __future__ import annotations

from satupintu.akun.permissions import has_role, is_authenticated, is_regency_wide
from satupintu.akun.roles import Role

CAPIL_ROLES = (Role.CAPIL_VERIFIER, Role.CAPIL_REGISTRAR)


def is_capil(user) -> bool:
    """Disdukcapil staff: a verifier or registrar bound to an agency (akun's AGENCY_SERVICE_ROLES carry one)."""
    return has_role(user, *CAPIL_ROLES) and bool(user.agency_id)


def facility_ids(user) -> set[int]:
    if not has_role(user, Role.FACILITY_OFFICER):
        return set()
    cached = getattr(user, "_adminduk_facilities", None)
    if cached is None:
        from .models import FacilityMembership

        cached = set(FacilityMembership.objects.filter(user=user, facility__is_active=True)
                     .values_list("facility_id", flat=True))
        user._adminduk_facilities = cached
    return cached


def is_village_declarant(user) -> bool:
    return has_role(user, Role.VILLAGE_OPERATOR) and bool(user.village_id)


def can_declare(user) -> bool:
    """May open the declaration forms: a facility officer with a facility, or a village operator (home births)."""
    return bool(facility_ids(user)) or is_village_declarant(user)


def can_use_desk(user) -> bool:
    """May open the civil-registration queue."""
    return (can_declare(user) or is_capil(user) or is_regency_wide(user)
            or (has_role(user, Role.VILLAGE_HEAD) and bool(user.village_id)))


def can_see_statistics(user) -> bool:
    return is_capil(user) or is_regency_wide(user) or bool(facility_ids(user))


def is_declarant_of(user, registration) -> bool:
    """The facility or village that declared `registration` (it corrects it and hands the documents over)."""
    if registration.facility_id:
        return registration.facility_id in facility_ids(user)
    return is_village_declarant(user) and registration.village_id == user.village_id


def can_see_registration(user, registration) -> bool:
    if not is_authenticated(user):
        return False
    if is_capil(user) or is_regency_wide(user) or is_declarant_of(user, registration):
        return True
    return (has_role(user, Role.VILLAGE_HEAD) and registration.origin == "village"
            and registration.village_id == user.village_id)


def can_verify(user, registration=None) -> bool:
    return is_capil(user)


def can_register(user, registration=None) -> bool:
    return is_capil(user) and user.role == Role.CAPIL_REGISTRAR


def can_hand_over(user, registration) -> bool:
    """The declarant hands over at the bed or the village office; Disdukcapil at its own counter."""
    return is_declarant_of(user, registration) or is_capil(user)


def can_correct(user, registration) -> bool:
    return is_declarant_of(user, registration)
