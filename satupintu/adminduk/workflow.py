"""The state machines of birth and death registration as tables for the engine (`satupintu.core.workflow`).

OpenCRVS's declare -> validate -> register -> certify -> issue, closed into the register: the facility (or the village,
from its letter) declares; Disdukcapil's verifier checks and returns or passes it on; the registrar registers (number,
NIK, KK version, signed documents in one transaction); the facility hands the documents over at the bed. Both tables
have the same steps; each is one `Workflow`. The services check what the state alone does not tell (the checklist,
the reasons of a return, the family in the register) and call `apply()`: state, audit record ("adminduk.<step>" /
"adminduk_death.<step>") and the family's messages in one transaction. The audit trail is the registration's history.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from satupintu.core.links import absolute_url
from satupintu.core.workflow import Notice, Workflow, step
from satupintu.notifikasi.services import Recipient

from . import permissions
from .models import BirthRegistration, DeathRegistration, RegistrationStatus

S = RegistrationStatus

DECLARANT = "declarant"  # the facility's officer, or the village operator of a home birth/death
VERIFIER = "verifier"  # Disdukcapil's verifier (and registrar)
REGISTRAR = "registrar"  # the pejabat pencatatan sipil

EVENT_DECLARED = "adminduk.declared"
EVENT_RETURNED = "adminduk.returned"
EVENT_REGISTERED = "adminduk.registered"
EVENT_HANDED_OVER = "adminduk.handed_over"


def _table() -> dict:
    family = ("family",)
    return {
        "declared": step({""}, S.DECLARED, {DECLARANT}, _("Dilaporkan"),
                         notify=[Notice(EVENT_DECLARED, to=family)]),
        "corrected": step({S.RETURNED}, S.DECLARED, {DECLARANT}, _("Diperbaiki dan dilaporkan kembali")),
        "returned": step({S.DECLARED, S.VERIFIED}, S.RETURNED, {VERIFIER, REGISTRAR}, _("Dikembalikan untuk diperbaiki"),
                         notify=[Notice(EVENT_RETURNED, to=family)]),
        "verified": step({S.DECLARED}, S.VERIFIED, {VERIFIER, REGISTRAR}, _("Diverifikasi")),
        "registered": step({S.VERIFIED}, S.REGISTERED, {REGISTRAR}, _("Dicatat, dokumen ditandatangani"),
                           notify=[Notice(EVENT_REGISTERED, to=family)]),
        "handed_over": step({S.REGISTERED}, S.HANDED_OVER, {DECLARANT, VERIFIER}, _("Dokumen diserahkan kepada keluarga"),
                            notify=[Notice(EVENT_HANDED_OVER, to=family)]),
    }


BIRTH_TRANSITIONS = _table()
DEATH_TRANSITIONS = _table()


def actor_kinds(by, registration) -> set[str]:
    kinds: set[str] = set()
    if permissions.is_declarant_of(by, registration):
        kinds.add(DECLARANT)
    if permissions.can_verify(by, registration):
        kinds.add(VERIFIER)
    if permissions.can_register(by, registration):
        kinds.add(REGISTRAR)
    return kinds


def family(registration) -> list[Recipient]:
    """The family's WhatsApp number and/or e-mail left with the declaration; none, no message."""
    if not (registration.contact_phone or registration.contact_email):
        return []
    name = getattr(registration, "mother_name", "") or getattr(registration, "reporter_name", "")
    return [Recipient(name=name, phone=registration.contact_phone, email=registration.contact_email)]


def follow_url(registration) -> str:
    name = "adminduk:birth_follow" if isinstance(registration, BirthRegistration) else "adminduk:death_follow"
    return absolute_url(reverse(name, args=[registration.follow_token]))


def context(registration, row=None) -> dict:
    with translation.override("id"):  # the WhatsApp template is Indonesian: its status parameter is too
        status = str(registration.get_status_display())
        kind = str(_("akta kelahiran") if isinstance(registration, BirthRegistration) else _("akta kematian"))
    return {"code": registration.tracking_code, "url": follow_url(registration), "status": status, "kind": kind,
            "reason": registration.return_reason}


def _stamp(registration) -> None:
    registration.status_changed_at = timezone.now()


BIRTHS = Workflow(
    model=BirthRegistration, transitions=BIRTH_TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="adminduk",
    recipients={"family": family}, base_context=context, before_save=_stamp,
    wrong_state_message=_("Pencatatan kelahiran berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)
DEATHS = Workflow(
    model=DeathRegistration, transitions=DEATH_TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="adminduk_death",
    recipients={"family": family}, base_context=context, before_save=_stamp,
    wrong_state_message=_("Pencatatan kematian berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)


def workflow_for(registration) -> Workflow:
    return BIRTHS if isinstance(registration, BirthRegistration) else DEATHS
