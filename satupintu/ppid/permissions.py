"""Who may see and do what in the PPID service (UU 14/2008 and Perki 1/2021), over `akun`'s roles and scopes.

- A PPID officer of the PPID Utama agency (Diskominfo) sees and routes every request.
- A PPID officer of another OPD (PPID Pelaksana) sees and serves the requests forwarded to their OPD (and its
  sub-units).
- The head of an OPD sees what their PPID serves and answers objections as its superior (atasan PPID).
- The regency administrator and the regent see everything; only the administrator may act.
- The requester's full identity number is shown only to PPID officers.

Reads outside the scope are not found (the selectors raise 404); a visible request the user may not act on is
forbidden (403). Services call these rules too.
"""

from __future__ import annotations

from satupintu.akun.permissions import can_access_agency, has_role, is_regency_wide
from satupintu.akun.roles import Role


def is_ppid_officer(user) -> bool:
    return has_role(user, Role.PPID_OFFICER) and bool(user.agency_id)


def is_ppid_utama_officer(user) -> bool:
    return is_ppid_officer(user) and bool(user.agency.is_ppid_utama)


def sees_all_requests(user) -> bool:
    return is_regency_wide(user) or is_ppid_utama_officer(user)


def can_use_ppid_desk(user) -> bool:
    return is_regency_wide(user) or is_ppid_officer(user)


def can_see_full_id(user) -> bool:
    """UU 14/2008 and the PPID's duty of care: only the PPID officers who serve the request see the full number."""
    return is_ppid_officer(user)


def can_forward(user) -> bool:
    return has_role(user, Role.REGENCY_ADMIN) or is_ppid_utama_officer(user)


def can_act_on(user, info_request) -> bool:
    """Extend, answer, complete the identity: the PPID handling it, the PPID Utama, or the regency administrator."""
    if has_role(user, Role.REGENCY_ADMIN) or is_ppid_utama_officer(user):
        return True
    return is_ppid_officer(user) and can_access_agency(user, info_request.agency_id)


def can_answer_objection(user, objection) -> bool:
    """The superior's decision is recorded by the regency administrator, the PPID Utama, or the head of the OPD
    that handled the request (atasan PPID Pelaksana)."""
    if has_role(user, Role.REGENCY_ADMIN) or is_ppid_utama_officer(user):
        return True
    return has_role(user, Role.OPD_HEAD) and can_access_agency(user, objection.request.agency_id)


def can_open_desk(user) -> bool:
    """The PPID desk, its registers: PPID officers and regency-wide roles; OPD heads too, as the superior (atasan)
    of their PPID."""
    return can_use_ppid_desk(user) or has_role(user, Role.OPD_HEAD)


def can_forward_request(user, info_request) -> bool:
    return can_forward(user) and can_act_on(user, info_request)


def can_manage_dip(user) -> bool:
    return has_role(user, Role.REGENCY_ADMIN) or is_ppid_officer(user)


def can_publish(user, info_request) -> bool:
    """Redact and publish an answered request in the public archive: whoever may answer it (the handling PPID, the
    PPID Utama, the regency administrator)."""
    return can_act_on(user, info_request)
