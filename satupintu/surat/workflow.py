"""The letter's state machine as a table for the engine (`satupintu.core.workflow`).

Each step names where it may start, where it leads, who may take it and, for signing, the message it sends. The
services check what the state alone does not tell (attachments present, a note given, the signature made) and call
`LETTERS.apply()`: state, audit record ("surat.<step>") and message in one transaction. Letters keep no timeline
of their own: the audit trail is their history. Revoking a signed letter changes no state (the letter stays
ready or picked up; the public page says revoked), so it is audited by its service, not a step here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from satupintu.core.workflow import Notice, Workflow, branch, step
from satupintu.notifikasi.services import Recipient

from . import permissions
from .models import LetterRequest, LetterStatus

S = LetterStatus


@dataclass(frozen=True)
class ResidentActor:
    """The resident signed in to self-service (no user account), acting on their own letters."""

    resident_id: int
    # Not an account: the permission layer treats it like an anonymous visitor; only this module knows better.
    is_authenticated = False
    is_active = False


# Who may act, resolved per letter by `actor_kinds`.
RESIDENT = "resident"  # the applicant, through self-service
STAFF = "staff"  # the village operator or head of the letter's village
HEAD = "head"  # the village head: signs

_BEFORE_SIGNING = {S.INCOMPLETE, S.CHECKING, S.AWAITING_SIGNATURE}

TRANSITIONS = {
    # At the counter a letter goes straight to checking (the operator sees the documents); from self-service it
    # starts incomplete until the attachments are uploaded.
    "created": branch({"": {S.INCOMPLETE, S.CHECKING}}, {STAFF, RESIDENT}, _("Permohonan dicatat")),
    "submitted": step({S.INCOMPLETE}, S.CHECKING, {STAFF, RESIDENT}, _("Permohonan lengkap, dikirim untuk diperiksa")),
    "verified": step({S.CHECKING}, S.AWAITING_SIGNATURE, {STAFF}, _("Diperiksa, diteruskan untuk ditandatangani")),
    # Back one step: from checking to the applicant, from signing to checking.
    "returned": branch({S.CHECKING: {S.INCOMPLETE}, S.AWAITING_SIGNATURE: {S.CHECKING}}, {STAFF}, _("Dikembalikan")),
    "cancelled": step(_BEFORE_SIGNING, S.CANCELLED, {STAFF, RESIDENT}, _("Dibatalkan")),
    # The only step that numbers the letter.
    "signed": step({S.AWAITING_SIGNATURE}, S.READY, {HEAD}, _("Ditandatangani dan diberi nomor"),
                   notify=[Notice("surat.ready", to=("applicant",))]),
    "picked_up": step({S.READY}, S.PICKED_UP, {STAFF}, _("Surat diambil")),
}


def actor_kinds(by, letter: LetterRequest) -> set[str]:
    if isinstance(by, ResidentActor):
        return {RESIDENT} if by.resident_id == letter.resident_id else set()
    kinds: set[str] = set()
    if permissions.can_handle_letter(by, letter):
        kinds.add(STAFF)
        if permissions.can_sign_letter(by, letter):
            kinds.add(HEAD)
    return kinds


def applicant(letter: LetterRequest) -> list[Recipient]:
    """The phone the applicant left with the request; no phone, no message."""
    if not letter.contact_phone:
        return []
    return [Recipient(phone=letter.contact_phone, name=letter.resident_data.get("nama", ""))]


def context(letter: LetterRequest, row=None) -> dict:
    with translation.override("id"):  # the WhatsApp template is Indonesian: its status parameter is too
        status = str(letter.get_status_display())
    return {"number": letter.number, "type": letter.letter_type.name, "village": str(letter.village), "status": status}


LETTERS = Workflow(
    model=LetterRequest, transitions=TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="surat",
    recipients={"applicant": applicant}, base_context=context,
    wrong_state_message=_("Surat berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)
