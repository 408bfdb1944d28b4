"""The SP4N-LAPOR! flow.

Out: a report is forwarded by hand (the regency administrator) or automatically when its category has a LaporRule.
The forward is an outbox call (notifikasi, channel "system", event "api.lapor.forward") written in the transaction
of the decision: claimed by one worker, retried with backoff through 429/5xx/network errors, re-sent after an
unanswered call under the same Idempotency-Key (the national side de-duplicates on it), so the report is created
there exactly once. Each public step here afterwards is sent the same way ("api.lapor.status").
In: `lapor_sync` (periodic) reads what changed there: the status and answer of our forwarded reports are stored on
their LaporLink; a report filed at the national channel for this regency enters the queue through aduan's one intake
(channel "lapor", its id as external_ref, so a second sync files nothing new)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.aduan.models import Category, Channel, Complaint, Kind
from satupintu.aduan.services import complaint_submit
from satupintu.akun import permissions
from satupintu.akun.roles import Role
from satupintu.core.audit import audit_record
from satupintu.core.memo import Memo
from satupintu.notifikasi.services import DeliveryResult, TemporaryDeliveryError, outbox_call
from satupintu.wilayah.models import Village

from ..models import LaporLink, LaporRule, LaporSync
from .adapter import is_configured, lapor_adapter

logger = logging.getLogger(__name__)

FORWARD_EVENT = "api.lapor.forward"
STATUS_EVENT = "api.lapor.status"
ADDRESS = "sp4n-lapor"

rules_memo = Memo("api-lapor-rules", seconds=60)


def auto_forward_category_ids() -> frozenset[int]:
    return rules_memo.get("ids", lambda: frozenset(
        LaporRule.objects.filter(forward_automatically=True).values_list("category_id", flat=True)))


def can_forward(user) -> bool:
    """The regency administrator, who verifies and routes reports, decides what goes to the national channel."""
    return permissions.has_role(user, Role.REGENCY_ADMIN)


def lapor_forward(*, complaint: Complaint, by=None) -> LaporLink:
    """Queue the forward of `complaint` (by=None: the automatic rule). Forwarding twice changes nothing."""
    if by is not None and not can_forward(by):
        raise PermissionDenied(_("Hanya admin kabupaten yang dapat meneruskan aduan ke SP4N-LAPOR!."))
    if not is_configured():
        raise ValidationError(_("SP4N-LAPOR! belum dikonfigurasi (LAPOR_API_BASE)."))
    with transaction.atomic():
        link, created = LaporLink.objects.get_or_create(complaint=complaint,
                                                        defaults={"direction": LaporLink.Direction.OUT})
        if not created:
            return link
        outbox_call(event=FORWARD_EVENT, address=ADDRESS, context={"complaint": complaint.pk},
                    key=f"lapor:forward:{complaint.pk}", name="SP4N-LAPOR!")
        audit_record(obj=complaint, action="aduan.lapor_forward", actor=by if by is not None else None,
                     data={"automatic": by is None})
    return link


def on_complaint_event(event) -> None:
    """A timeline row was written (signal, in the transaction of the step): forward automatically when filed in a
    category with a rule, and send each public step of a linked report on."""
    complaint = event.complaint
    if event.action == "submit":
        if complaint.channel != Channel.LAPOR and complaint.category_id in auto_forward_category_ids() \
                and is_configured():
            lapor_forward(complaint=complaint)
        return
    if not event.is_public or not is_configured():
        return
    if LaporLink.objects.filter(complaint_id=complaint.pk).exists():
        outbox_call(event=STATUS_EVENT, address=ADDRESS, context={"complaint": complaint.pk, "event": event.pk},
                    key=f"lapor:status:{event.pk}", name="SP4N-LAPOR!")


def _payload(complaint: Complaint) -> dict:
    """What the national channel receives: the report, never the reporter's phone or e-mail; no name when anonymous."""
    return {
        "ref_instansi": complaint.tracking_code, "judul": complaint.title, "isi": complaint.description,
        "jenis": complaint.kind, "kategori": complaint.category.name if complaint.category_id else "",
        "kode_desa": complaint.village_id or "", "lokasi": complaint.address,
        "anonim": complaint.is_anonymous, "rahasia": complaint.is_confidential,
        "nama_pelapor": "" if complaint.is_anonymous else complaint.reporter_name,
        "diterima": complaint.created_at.isoformat(),
    }


def deliver_forward(message) -> DeliveryResult:
    complaint = Complaint.objects.select_related("category").get(pk=message.context["complaint"])
    lapor_id = lapor_adapter().submit(payload=_payload(complaint), idempotency_key=message.idempotency_key)
    LaporLink.objects.filter(complaint_id=complaint.pk).update(lapor_id=lapor_id[:64], forwarded_at=timezone.now())
    return DeliveryResult(provider_message_id=lapor_id)


def deliver_status(message) -> DeliveryResult:
    from satupintu.aduan.models import ComplaintEvent
    from satupintu.aduan.selectors import approved_answer

    link = LaporLink.objects.select_related("complaint").get(complaint_id=message.context["complaint"])
    if not link.lapor_id:
        # The forward has not gone through yet: wait for it (retried with backoff; order is kept that way).
        raise TemporaryDeliveryError("Menunggu ID SP4N-LAPOR! dari penerusan laporan.")
    event = ComplaintEvent.objects.get(pk=message.context["event"])
    answer = approved_answer(link.complaint) if event.to_status == "answered" else None
    payload = {"status": event.to_status, "keterangan": event.get_label(),
               "tindak_lanjut": answer.body if answer else "", "waktu": event.created_at.isoformat()}
    lapor_adapter().update_status(lapor_id=link.lapor_id, payload=payload, idempotency_key=message.idempotency_key)
    return DeliveryResult(provider_message_id=f"{link.lapor_id}:{event.pk}")


def lapor_sync() -> dict[str, int]:
    """Read what changed at the national channel since the last run (periodic job). Returns counts."""
    if not is_configured():
        return {"skipped": 1}
    state, _created = LaporSync.objects.get_or_create(pk=1)
    counts = {"updated": 0, "filed": 0}
    try:
        items, cursor = lapor_adapter().changes(since=state.cursor)
    except Exception as exc:  # noqa: BLE001 - the next run tries again from the same cursor
        LaporSync.objects.filter(pk=1).update(last_run_at=timezone.now(), last_error=str(exc)[:2000])
        logger.warning("SP4N-LAPOR! sync failed: %s", exc)
        return {"error": 1}
    for item in items:
        link = LaporLink.objects.filter(lapor_id=item.lapor_id).first()
        if link is None and item.source_ref:
            link = LaporLink.objects.filter(complaint__tracking_code=item.source_ref).first()
        if link is not None:
            LaporLink.objects.filter(pk=link.pk).update(lapor_status=item.status[:64], lapor_answer=item.answer,
                                                        synced_at=timezone.now())
            counts["updated"] += 1
            continue
        if item.source_ref:
            continue  # one of ours whose link is gone: nothing to file
        try:
            _file_inbound(item)
        except ValidationError as exc:  # e.g. a text too short for the intake: logged, the sync goes on
            logger.warning("SP4N-LAPOR! report %s not filed: %s", item.lapor_id, exc.messages)
            counts["refused"] = counts.get("refused", 0) + 1
            continue
        counts["filed"] += 1
    LaporSync.objects.filter(pk=1).update(cursor=cursor[:200], last_run_at=timezone.now(), last_error="")
    return counts


def _file_inbound(item) -> Complaint:
    """A report filed at SP4N-LAPOR! enters the queue like any other channel (aduan's one intake)."""
    category = Category.objects.filter(name__iexact=item.category, is_active=True).first() if item.category else None
    village = Village.objects.filter(pk=item.village_code).first() if item.village_code else None
    with transaction.atomic():
        complaint = complaint_submit(
            kind=Kind.PENGADUAN, title=item.title or str(_("Laporan dari SP4N-LAPOR!")),
            description=item.description, channel=Channel.LAPOR, category=category, village=village,
            reporter_name="", is_anonymous=item.is_anonymous, is_confidential=item.is_confidential,
            external_ref=item.lapor_id,
        )
        LaporLink.objects.get_or_create(complaint=complaint, defaults={
            "direction": LaporLink.Direction.IN, "lapor_id": item.lapor_id[:64], "lapor_status": item.status[:64],
            "synced_at": timezone.now()})
    return complaint
