"""Who may see and do what with complaints, over `akun`'s roles and scopes.

- Seeing a report as staff: the regency-wide roles all, an OPD (and its sub-units) the reports assigned or passed to
  it, a village's staff the reports located in the village (`selectors.complaints_for_staff` is the query form).
- Acting on a report: the table of `aduan.workflow` says which actor kinds may take each step; `can_take_action`
  asks it. The workflow checks it again when the step is applied, so a view that forgets cannot write.
- The reporter's name and contact: staff who can see the report, unless the report is anonymous.
"""

from __future__ import annotations

from satupintu.akun.permissions import agency_ids_in_scope, has_role, is_regency_wide, is_staff_member
from satupintu.akun.roles import AGENCY_ROLES, VILLAGE_ROLES, Role

from . import workflow

# Every queue, in the order of the tabs, and which roles see which.
_REGENCY_QUEUES = ["verify", "assign", "answer", "approve", "late", "all"]
_AGENCY_QUEUES = ["answer", "approve", "late", "all"]
_WATCHER_QUEUES = ["late", "all"]


def can_see_complaint(user, complaint) -> bool:
    """The rule `selectors.complaints_for_staff` applies as a query, for one report in hand."""
    if is_regency_wide(user):
        return True
    if not is_staff_member(user):
        return False
    if user.role in AGENCY_ROLES:
        scope = agency_ids_in_scope(user)
        return complaint.agency_id in scope or complaint.handler_unit_id in scope
    return user.role in VILLAGE_ROLES and bool(user.village_id) and complaint.village_id == user.village_id


def can_see_reporter(user, complaint) -> bool:
    """Anonymity hides the reporter from every page; otherwise staff in scope see who to call back."""
    return not complaint.is_anonymous and is_staff_member(user)


def queues_for(user) -> list[str]:
    """The staff queues `user` works from: verifying and routing for the regency, answering for the OPDs; village
    staff only watch (late and all)."""
    if has_role(user, Role.REGENCY_ADMIN, Role.REGENT):
        return list(_REGENCY_QUEUES)
    if has_role(user, Role.OPD_ADMIN, Role.OPD_HEAD):
        return list(_AGENCY_QUEUES)
    if has_role(user, *VILLAGE_ROLES, *AGENCY_ROLES):
        return list(_WATCHER_QUEUES)
    return []


def can_see_late_dashboard(user) -> bool:
    return has_role(user, Role.REGENT, Role.REGENCY_ADMIN)


def can_see_similar(user) -> bool:
    """Similar reports help the administrator spot duplicates while verifying."""
    return has_role(user, Role.REGENCY_ADMIN)


def allowed_actions(user, complaint) -> list[str]:
    """The steps `user` may take on `complaint` now, by the workflow's table (its actors and source states)."""
    return workflow.allowed_actions(user, complaint)


def can_take_action(user, complaint, action: str) -> bool:
    return action in allowed_actions(user, complaint)
