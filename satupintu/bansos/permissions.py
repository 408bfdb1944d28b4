"""Who may keep the social-aid records: the people who keep the population register (village operator and head
for their village, regency-wide roles for every village). National and regency programmes are set up by the
regency; a village adds its own local programmes. The public page shows counts, and names only where the village
chose to; it never shows a NIK or KK number."""

from __future__ import annotations

from satupintu.akun.permissions import is_regency_wide
from satupintu.penduduk.permissions import can_manage_register, can_manage_residents


def can_use_bansos(user) -> bool:
    return can_manage_register(user)


def can_manage_village_aid(user, village) -> bool:
    """Recipients, imports, the poverty data and the publication choice of `village` (a Village or its code)."""
    return can_manage_residents(user, village)


def can_manage_programme(user, programme) -> bool:
    """Change a programme itself: the regency's (no village) by regency-wide roles, a village's by its staff."""
    if programme.village_id is None:
        return is_regency_wide(user)
    return can_manage_residents(user, programme.village_id)
