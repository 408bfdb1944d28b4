"""Who may work the channels' desks, over `akun`'s roles.

- The regency administrator (and a superuser) runs the outbox and decides on social-media candidates: Diskominfo
  runs the platform.
- Any staff member may paste a post they saw as a candidate.

Selectors and the candidate services call these rules too: a view that forgets one still cannot read or write.
"""

from __future__ import annotations

from satupintu.akun.permissions import has_role, is_staff_member
from satupintu.akun.roles import Role


def can_manage_channels(user) -> bool:
    """The outbox and the social-media candidates are the regency administrator's desk (Diskominfo runs the
    platform)."""
    return has_role(user, Role.REGENCY_ADMIN) or bool(getattr(user, "is_superuser", False) and user.is_active)


def can_paste_candidates(user) -> bool:
    """Any staff member may paste a post they saw (a village operator reads the village WhatsApp group); only the
    regency administrator decides what becomes of it."""
    return is_staff_member(user) or can_manage_channels(user)
