"""The whole chain through the services: SPP -> SPM -> SP2D, audit, outbox, numbers and the PDF."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.core.audit import audit_trail
from satupintu.core.workflow import TransitionError

from .. import services
from ..models import BudgetLine, OrderStatus, PaymentOrder, TaxClass
from ..workflow import ORDERS, TRANSITIONS
from .factories import ALL_TICKED, draft, order_to, walk_to

pytestmark = pytest.mark.django_db


def test_the_chain_from_spp_to_bank(finance, line, django_capture_on_commit_callbacks):
    from satupintu.notifikasi.models.outbox import OutboxMessage

    order = draft(line, 3_330_000, tax_class=TaxClass.GOODS)
    assert (order.gross, order.ppn, order.pph22) == (3_330_000, 330_000, 45_000)
    assert order.net == 3_330_000 - 330_000 - 45_000
    order = walk_to(order, "at_treasury")
    assert order.status == OrderStatus.AT_TREASURY
    assert order.spp_number.startswith("00001/SPP-LS.BARANG/DINAS.PUPR/")
    assert order.spm_number.startswith("00001/SPM-LS.BARANG/DINAS.PUPR/")
    assert order.clock_started_at is not None and order.submitted_at is not None
    order = walk_to(order, "issued")
    assert order.sp2d_number.startswith("00001/SP2D/BPKAD/")
    assert order.clock_started_at is None
    assert order.pdf.read().startswith(b"%PDF")
    assert BudgetLine.objects.get(pk=line.pk).committed == 3_330_000
    events = OutboxMessage.objects.filter(event="keuangan.issued")
    assert events.exists()
    assert {m.address for m in events} >= {finance["treasurer"].email.lower()}
    order = walk_to(order, "sent")
    assert order.sent_at is not None
    actions = list(audit_trail(order).values_list("action", flat=True))
    assert actions[:1] == ["keuangan.created"]
    for step in ("submit_spp", "check_spp", "sign_spm", "verify", "sign_sp2d", "send_to_bank"):
        assert f"keuangan.{step}" in actions


def test_every_illegal_transition_is_refused(finance, line):
    """From each state, every step the table does not allow from there is refused and changes nothing."""
    for state in ("draft", "spp_submitted", "spm_draft", "at_treasury", "verified", "issued", "sent"):
        order = order_to(state, line=line, amount=10_000)
        for action, t in TRANSITIONS.items():
            if order.status in t.sources:
                continue
            with pytest.raises(TransitionError):
                ORDERS.check(action, obj=order, by=finance["verifier"])
        assert PaymentOrder.objects.get(pk=order.pk).status == order.status


def test_the_wrong_people_cannot_take_a_step(finance, line):
    order = order_to("spp_submitted", line=line)
    with pytest.raises(PermissionDenied):
        services.spp_check(order=order, by=finance["treasurer"])  # the treasurer cannot check their own SPP
    with pytest.raises(PermissionDenied):
        services.spp_check(order=order, by=finance["ppk_b"])  # another agency's PPK
    order = walk_to(order, "spm_draft")
    with pytest.raises(PermissionDenied):
        services.spm_sign(order=order, by=finance["head_b"])
    order = walk_to(order, "at_treasury")
    with pytest.raises(PermissionDenied):
        services.spm_verify(order=order, by=finance["kuasa_bud"], checklist=ALL_TICKED)
    assert PaymentOrder.objects.get(pk=order.pk).status == OrderStatus.AT_TREASURY


def test_above_the_threshold_only_the_bud_signs(finance, agencies, settings):
    from .factories import budget_line

    settings.KEUANGAN_BUD_THRESHOLD = 1_000_000
    big = budget_line(agencies["pupr"], 5_000_000, code="5.1.02.01.01.0025")
    order = order_to("verified", line=big, amount=2_000_000)
    with pytest.raises(PermissionDenied, match="BUD"):
        services.sp2d_sign(order=order, by=finance["kuasa_bud"])
    assert PaymentOrder.objects.get(pk=order.pk).sp2d_number == ""
    services.sp2d_sign(order=order, by=finance["bud"])
    assert PaymentOrder.objects.get(pk=order.pk).status == OrderStatus.ISSUED


def test_verification_needs_the_checklist_and_the_documents(finance, line):
    order = order_to("at_treasury", line=line, attachments=False)
    with pytest.raises(ValidationError) as err:
        services.spm_verify(order=order, by=finance["verifier"], checklist={"documents": True})
    text = " ".join(err.value.messages)
    assert "Dalam sisa pagu baris DPA" in text and "Kuitansi" in text
    assert PaymentOrder.objects.get(pk=order.pk).status == OrderStatus.AT_TREASURY
    assert BudgetLine.objects.get(pk=line.pk).committed == 0


def test_a_return_from_verified_gives_the_commitment_back(finance, line, django_capture_on_commit_callbacks):
    from satupintu.notifikasi.models.outbox import OutboxMessage

    order = order_to("verified", line=line, amount=4_000_000)
    assert BudgetLine.objects.get(pk=line.pk).committed == 4_000_000
    services.spm_return(order=order, by=finance["kuasa_bud"], reason="account", note="Nama rekening berbeda")
    order.refresh_from_db()
    assert order.status == OrderStatus.RETURNED and order.return_count == 1
    assert BudgetLine.objects.get(pk=line.pk).committed == 0
    assert OutboxMessage.objects.filter(event="keuangan.returned").exists()
    services.spm_resubmit(order=order, by=finance["head"])
    order.refresh_from_db()
    assert order.status == OrderStatus.AT_TREASURY and order.clock_started_at is not None


def test_numbers_have_no_gaps_even_when_a_step_fails(finance, line, monkeypatch):
    a = order_to("spm_draft", line=line, amount=1000)
    b = order_to("spm_draft", line=line, amount=1000)
    services.spm_sign(order=a, by=finance["head"])

    def boom(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("satupintu.core.workflow.audit_record", boom)
    with pytest.raises(RuntimeError):
        services.spm_sign(order=b, by=finance["head"])
    monkeypatch.undo()
    c = order_to("spm_draft", line=line, amount=1000)
    services.spm_sign(order=c, by=finance["head"])
    services.spm_sign(order=b, by=finance["head"])
    numbers = [PaymentOrder.objects.get(pk=o.pk).spm_number[:5] for o in (a, c, b)]
    assert numbers == ["00001", "00002", "00003"]
    # Per agency: Dinkes starts at 1.
    from .factories import budget_line

    other = budget_line(finance["treasurer_b"].agency, 1_000_000)
    d = order_to("at_treasury", line=other, amount=1000)
    assert d.spm_number.startswith("00001/SPM-LS.BARANG/DINKES/")
