"""Who may see and do what in the treasury service, over akun's roles.

- The agency's finance staff (Bendahara Pengeluaran, PPK-SKPD, and the head of the agency as PA/KPA: OPD_HEAD) see
  their own agency's budget and payment orders only; the treasurer drafts, the PPK checks, the head signs the SPM.
- The treasury (BUD, at the agency `KEUANGAN_TREASURY_AGENCY`, BPKAD): the verifier, the Kuasa BUD and the BUD see every
  SPM that has reached the treasury and their budgets; the verifier passes or returns; the Kuasa BUD signs SP2Ds up to
  `KEUANGAN_BUD_THRESHOLD`, above it only the BUD (who may sign any). The BUD and Kuasa BUD manage budgets and SPDs.
- The regent and the regency administrator read everything.
"""

from __future__ import annotations

from satupintu.akun.permissions import has_role, is_regency_wide
from satupintu.akun.roles import Role

from .conf import bud_threshold, treasury_agency_slug
from .models import OrderStatus

AGENCY_FINANCE_ROLES = (Role.TREASURER, Role.PPK_SKPD, Role.OPD_HEAD)
TREASURY_ROLES = (Role.TREASURY_VERIFIER, Role.KUASA_BUD, Role.BUD)
SIGNER_ROLES = (Role.KUASA_BUD, Role.BUD)
EDITABLE = (OrderStatus.DRAFT, OrderStatus.RETURNED)


def is_treasury(user) -> bool:
    """A treasury role held at the treasury agency (a role given at another agency opens nothing)."""
    if not (has_role(user, *TREASURY_ROLES) and user.agency_id):
        return False
    return user.agency.slug == treasury_agency_slug()


def is_agency_finance(user) -> bool:
    return has_role(user, *AGENCY_FINANCE_ROLES) and bool(user.agency_id)


def _own_agency(user, agency_id) -> bool:
    return is_agency_finance(user) and user.agency_id == agency_id


def can_use_keuangan(user) -> bool:
    return is_agency_finance(user) or is_treasury(user) or is_regency_wide(user)


def can_view_order(user, order) -> bool:
    if is_regency_wide(user):
        return True
    if is_treasury(user):
        return order.submitted_at is not None
    return _own_agency(user, order.agency_id)


def can_draft_order(user) -> bool:
    return has_role(user, Role.TREASURER) and bool(user.agency_id)


def can_edit_order(user, order) -> bool:
    return has_role(user, Role.TREASURER) and user.agency_id == order.agency_id and order.status in EDITABLE


def can_check_spp(user, order) -> bool:
    return has_role(user, Role.PPK_SKPD) and user.agency_id == order.agency_id


def can_sign_spm(user, order) -> bool:
    return has_role(user, Role.OPD_HEAD) and user.agency_id == order.agency_id


def can_verify(user, order=None) -> bool:
    return is_treasury(user) and user.role == Role.TREASURY_VERIFIER


def needs_bud(order) -> bool:
    """Above the regent's threshold only the BUD signs the SP2D."""
    return order.gross > bud_threshold()


def can_sign_sp2d(user, order) -> bool:
    if not is_treasury(user):
        return False
    if user.role == Role.BUD:
        return True
    return user.role == Role.KUASA_BUD and not needs_bud(order)


def can_work_queue(user) -> bool:
    return is_treasury(user)


def can_view_board(user) -> bool:
    return is_treasury(user) or is_regency_wide(user)


def can_manage_budget(user) -> bool:
    """Import DPAs and issue SPDs: the treasury's signers and the regency administrator."""
    return (is_treasury(user) and user.role in SIGNER_ROLES) or has_role(user, Role.REGENCY_ADMIN)


def can_view_budget(user, agency_id) -> bool:
    return is_regency_wide(user) or is_treasury(user) or _own_agency(user, agency_id)


def can_view_agency_orders(user) -> bool:
    return is_agency_finance(user)

