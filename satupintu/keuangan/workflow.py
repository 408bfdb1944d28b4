"""The payment order's state machine as one table for the engine (`satupintu.core.workflow`).

SPP drafted by the treasurer -> checked by the PPK-SKPD (the SPM is drafted) -> SPM signed by the head (PA/KPA) and sent
to the treasury (the clock starts) -> returned with a reason (the clock stops) and resubmitted by the head (it runs
again) -> verified (the DPA lines are committed) -> SP2D signed by the Kuasa BUD, or the BUD above the threshold (the
clock stops for good) -> sent to the bank. Every step is audited as "keuangan.<step>"; the agency hears of a return
and of the SP2D through the outbox. Services check what the state alone does not tell (ceilings, documents) and call
`ORDERS.apply()`; "edited" changes no state and audits line and attachment changes of a draft or returned SPM.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from satupintu.akun.permissions import has_role
from satupintu.akun.roles import Role
from satupintu.core.workflow import Notice, Workflow, branch, step
from satupintu.notifikasi.services import Recipient

from . import permissions
from .models import OrderStatus, PaymentOrder

S = OrderStatus

TREASURER = "treasurer"
PPK = "ppk"
HEAD = "head"
VERIFIER = "verifier"
SIGNER = "signer"

_AGENCY_SIDE = {S.DRAFT, S.SPP_SUBMITTED, S.SPM_DRAFT, S.RETURNED}

TRANSITIONS = {
    "created": step({""}, S.DRAFT, {TREASURER}, _("SPP dibuat")),
    "edited": step({S.DRAFT, S.RETURNED}, None, {TREASURER}, _("SPP diubah"), is_public=False),
    "submit_spp": step({S.DRAFT}, S.SPP_SUBMITTED, {TREASURER}, _("SPP diajukan ke PPK-SKPD")),
    "check_spp": step({S.SPP_SUBMITTED}, S.SPM_DRAFT, {PPK}, _("SPP diperiksa PPK-SKPD, SPM disiapkan")),
    "reject_spp": branch({S.SPP_SUBMITTED: {S.DRAFT}, S.SPM_DRAFT: {S.DRAFT}}, {PPK, HEAD},
                         _("Dikembalikan ke bendahara")),
    "sign_spm": step({S.SPM_DRAFT}, S.AT_TREASURY, {HEAD}, _("SPM ditandatangani PA/KPA dan dikirim ke BUD")),
    "return": branch({S.AT_TREASURY: {S.RETURNED}, S.VERIFIED: {S.RETURNED}}, {VERIFIER, SIGNER},
                     _("SPM dikembalikan ke OPD"),
                     notify=[Notice("keuangan.returned", to=("agency_finance",))]),
    "resubmit": step({S.RETURNED}, S.AT_TREASURY, {HEAD}, _("SPM diperbaiki dan dikirim ulang ke BUD")),
    "verify": step({S.AT_TREASURY}, S.VERIFIED, {VERIFIER}, _("SPM terverifikasi, pagu dicadangkan")),
    "sign_sp2d": step({S.VERIFIED}, S.ISSUED, {SIGNER}, _("SP2D ditandatangani dan terbit"),
                      notify=[Notice("keuangan.issued", to=("agency_finance",))]),
    "send_to_bank": step({S.ISSUED}, S.SENT, {VERIFIER, SIGNER}, _("SP2D dikirim ke bank")),
    "cancel": step(_AGENCY_SIDE, S.CANCELLED, {TREASURER, HEAD}, _("Dibatalkan")),
}


def actor_kinds(by, order: PaymentOrder) -> set[str]:
    kinds: set[str] = set()
    if has_role(by, Role.TREASURER) and by.agency_id == order.agency_id:
        kinds.add(TREASURER)
    if permissions.can_check_spp(by, order):
        kinds.add(PPK)
    if permissions.can_sign_spm(by, order):
        kinds.add(HEAD)
    if permissions.can_verify(by, order):
        kinds.add(VERIFIER)
    if permissions.can_sign_sp2d(by, order):
        kinds.add(SIGNER)
    return kinds


def agency_finance(order: PaymentOrder) -> list[Recipient]:
    """The agency's treasurer(s), PPK-SKPD and head: they follow their SPMs."""
    from satupintu.akun.models import User

    users = User.objects.filter(agency_id=order.agency_id, role__in=permissions.AGENCY_FINANCE_ROLES, is_active=True)
    return [Recipient(user=u) for u in users.order_by("pk")]


def context(order: PaymentOrder, row=None) -> dict:
    from lokal import format_rupiah

    from satupintu.core.links import absolute_url

    with translation.override("id"):
        status = str(order.get_status_display())
    last_return = order.returns.order_by("-returned_at").first() if order.status == S.RETURNED else None
    return {
        "number": order.number, "spm_number": order.spm_number, "sp2d_number": order.sp2d_number,
        "agency": str(order.agency), "amount": format_rupiah(order.net), "status": status,
        "reason": (f"{last_return.get_reason_display()}: {last_return.note}" if last_return else ""),
        "minutes": order.clock_seconds // 60,
        "link": absolute_url(f"/keuangan/spm/{order.pk}/"),
    }


ORDERS = Workflow(
    model=PaymentOrder, transitions=TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="keuangan",
    recipients={"agency_finance": agency_finance}, base_context=context,
    wrong_state_message=_("SPP/SPM berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)
