"""Who may see and do what with village letters, over `akun`'s roles and scopes.

- The village operator and the village head work their own village's letters: record at the counter, check, return,
  cancel, attach, hand over, and the village's letter settings.
- Only the village head signs and revokes (the signature is theirs).
- The regency administrator and the regent see every village's letters and statistics, read-only.
- A resident (self-service session) acts only on their own requests.

Services call these rules too: a view that forgets one still cannot write.
"""

from __future__ import annotations

from satupintu.akun.permissions import can_access_village, has_role, is_authenticated, is_regency_wide
from satupintu.akun.roles import VILLAGE_ROLES, Role


def can_work_letters(user) -> bool:
    """May open the letter queue at all: village staff of a village, or a regency-wide role (who only reads)."""
    if is_regency_wide(user):
        return True
    return is_authenticated(user) and user.role in VILLAGE_ROLES and bool(user.village_id)


def can_handle_letters(user, village) -> bool:
    """Village operator or head of `village` (a Village or its code): every step but signing and revoking."""
    return has_role(user, *VILLAGE_ROLES) and can_access_village(user, village)


def can_sign_letters(user, village) -> bool:
    """The head of `village`: signs (the number is given then) and revokes signed letters."""
    return has_role(user, Role.VILLAGE_HEAD) and can_access_village(user, village)


def can_handle_letter(user, letter) -> bool:
    return can_handle_letters(user, letter.village_id)


def can_sign_letter(user, letter) -> bool:
    return can_sign_letters(user, letter.village_id)


def is_applicant(resident, letter) -> bool:
    return resident is not None and letter.resident_id == resident.pk


def can_act_on_request(letter, *, by=None, resident=None) -> bool:
    """Steps both sides may take (attach, submit, cancel): the applicant from self-service, or the village's staff."""
    if resident is not None:
        return is_applicant(resident, letter)
    return can_handle_letter(by, letter)


def can_design_letter_types(user, village) -> bool:
    """May `user` add and change letter types without code: a village's own types (`village` given) by its operator
    or head; the regency's types (`village` None) by the regency administrator."""
    if village is None:
        return has_role(user, Role.REGENCY_ADMIN)
    return can_handle_letters(user, village)
