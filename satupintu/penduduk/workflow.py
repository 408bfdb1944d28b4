"""The resident's register state as a table for the engine (`satupintu.core.workflow`): active, moved away,
deceased. A deceased resident is final; a resident who moved away may come back.

The audit keeps penduduk's bare action codes ("status_changed", like "created" and "updated"), which the staff
history names in words (`selectors.HISTORY_LABELS`). No timeline of its own and no messages: the audit trail is the
resident's history."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.core.workflow import Workflow, branch, step

from .models import Resident, ResidentStatus
from .permissions import can_manage_register, can_manage_residents, can_register_civil_events

S = ResidentStatus
REGISTRAR = "registrar"  # staff who keep the register of the resident's village
CIVIL_REGISTRY = "civil_registry"  # Disdukcapil's registrar: a registered death (adminduk's akta kematian)
# Staff of any village's register, for a resident who moved away and is received by their (new) village: the
# service holds them to the receiving village's scope.
RECEIVING_REGISTRAR = "receiving_registrar"

TRANSITIONS = {
    "status_changed": branch({S.ACTIVE: {S.MOVED, S.DECEASED}, S.MOVED: {S.ACTIVE, S.DECEASED}}, {REGISTRAR},
                             _("Status kependudukan diubah")),
    "death_registered": step({S.ACTIVE, S.MOVED}, S.DECEASED, {CIVIL_REGISTRY}, _("Kematian dicatat (akta kematian)")),
    # Population events (mutasi penduduk) recorded by the village, each with its `PopulationEvent` row.
    "death_recorded": step({S.ACTIVE}, S.DECEASED, {REGISTRAR}, _("Mutasi: meninggal")),
    "moved_out": step({S.ACTIVE}, S.MOVED, {REGISTRAR}, _("Mutasi: pindah keluar")),
    "moved_in": step({S.MOVED}, S.ACTIVE, {REGISTRAR, RECEIVING_REGISTRAR}, _("Mutasi: pindah datang")),
}


def actor_kinds(by, resident: Resident) -> set[str]:
    kinds = {REGISTRAR} if can_manage_residents(by, resident.village_id) else set()
    if can_register_civil_events(by):
        kinds.add(CIVIL_REGISTRY)
    if can_manage_register(by):
        kinds.add(RECEIVING_REGISTRAR)
    return kinds


def allowed_statuses(resident: Resident) -> frozenset[str]:
    """The states a resident may be moved to from where they are now (the choices of the staff form)."""
    return dict(TRANSITIONS["status_changed"].moves).get(resident.status, frozenset())


RESIDENTS = Workflow(model=Resident, transitions=TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="")
