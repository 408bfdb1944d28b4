"""Messages of the complaint service (registered in AduanConfig.ready) and who receives which.

The reporter is told at the contact they gave even when anonymous: anonymity hides their identity from the OPD and
the public, not from the system that must answer them. Staff messages never carry the reporter's identity."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.akun.roles import Role

STATUS_TEMPLATE = "satupintu_status_update"


def register() -> None:
    from satupintu.notifikasi.registry import register_template

    status_params = ("code", "status")
    register_template(
        event="aduan.received",
        subject=_("Laporan %(code)s sudah kami terima"),
        body=_("Terima kasih. Laporan Anda tercatat dengan kode %(code)s. Simpan tautan ini untuk mengikuti dan "
               "menanggapi laporan Anda: %(url)s"),
        whatsapp_template="satupintu_aduan_diterima", whatsapp_params=("code", "url"),
    )
    register_template(
        event="aduan.verified",
        subject=_("Laporan %(code)s sudah diverifikasi"),
        body=_("Laporan %(code)s sudah diverifikasi dan akan diteruskan ke OPD yang berwenang. Status: %(status)s. "
               "Ikuti di %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.rejected",
        subject=_("Laporan %(code)s tidak dapat diproses"),
        body=_("Laporan %(code)s tidak dapat diproses lebih lanjut. Status: %(status)s. Keterangan: %(reason)s. "
               "Rincian: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.assigned",
        subject=_("Aduan baru untuk %(agency)s: %(code)s"),
        body=_("Aduan %(code)s diteruskan ke %(agency)s. Batas jawaban: %(deadline)s. Buka: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.approval_needed",
        subject=_("Jawaban aduan %(code)s menunggu persetujuan Anda"),
        body=_("Draf jawaban aduan %(code)s menunggu persetujuan kepala OPD. Buka: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.answered",
        subject=_("Laporan %(code)s sudah dijawab"),
        body=_("Laporan %(code)s sudah dijawab oleh %(agency)s. Baca jawabannya, tanggapi, atau nyatakan selesai di "
               "%(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.closed",
        subject=_("Laporan %(code)s selesai"),
        body=_("Laporan %(code)s dinyatakan selesai (%(status)s). Terima kasih telah melapor. Rincian: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.returned",
        subject=_("Aduan %(code)s dikembalikan oleh %(agency)s"),
        body=_("%(agency)s menyatakan aduan %(code)s bukan kewenangannya: %(reason)s. Teruskan ke OPD lain: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.reopened",
        subject=_("Aduan %(code)s dibuka kembali oleh pelapor"),
        body=_("Pelapor membuka kembali aduan %(code)s: %(reason)s. Batas jawaban: %(deadline)s. Buka: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.reply",
        subject=_("Tanggapan pelapor pada aduan %(code)s"),
        body=_("Pelapor menanggapi aduan %(code)s. Baca di %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.instruction",
        subject=_("Instruksi Bupati pada aduan %(code)s"),
        body=_("Bupati memberi instruksi pada aduan %(code)s: %(reason)s. Buka: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.late",
        subject=_("%(count)s aduan melewati batas waktu (%(level)s)"),
        body=_("%(count)s aduan %(agency)s melewati batas waktu dan kini berstatus: %(level)s. Daftar: %(url)s"),
        whatsapp_template="satupintu_aduan_terlambat", whatsapp_params=("count", "agency"),
    )


def _abs(path: str) -> str:
    from .services import base_url

    return base_url() + path


def reporter_recipients(complaint) -> list:
    from satupintu.notifikasi.services import Recipient

    if not (complaint.reporter_phone or complaint.reporter_email or complaint.reporter_user_id):
        return []
    return [Recipient(user=complaint.reporter_user, name=complaint.reporter_name, phone=complaint.reporter_phone,
                      email=complaint.reporter_email)]


def staff_recipients(*, roles: tuple[str, ...], agency_id: int | None = None) -> list:
    from satupintu.akun.models import User
    from satupintu.notifikasi.services import Recipient

    users = User.objects.filter(role__in=roles, is_active=True)
    if agency_id is not None:
        users = users.filter(agency_id=agency_id)
    return [Recipient(user=u) for u in users]


def on_event(*, complaint, event, by) -> None:
    """Raise the notification of one transition (called inside its transaction; notify sends after commit)."""
    from satupintu.notifikasi.services import notify

    action = event.action
    status = complaint.get_status_display()
    follow = _abs(complaint.get_follow_url())
    staff_url = _abs(reverse("aduan:staff_detail", args=[complaint.tracking_code]))
    agency_name = complaint.agency.short_name if complaint.agency_id else ""
    base = {"code": complaint.tracking_code, "status": str(status), "url": follow}
    key = f"aduan:{complaint.pk}:{event.pk}"
    plan: list[tuple[str, list, dict]] = []
    if action == "submit":
        plan.append(("aduan.received", reporter_recipients(complaint), base))
    elif action == "verify":
        plan.append(("aduan.verified", reporter_recipients(complaint), base))
    elif action in {"reject", "mark_duplicate", "convert"}:
        reason = complaint.reject_reason or str(_("lihat rincian pada tautan"))
        plan.append(("aduan.rejected", reporter_recipients(complaint), {**base, "reason": reason}))
    elif action == "assign":
        plan.append(("aduan.assigned", staff_recipients(roles=(Role.OPD_ADMIN,), agency_id=complaint.agency_id),
                     {**base, "url": staff_url, "agency": agency_name, "deadline": complaint.deadline}))
        if complaint.handler_unit_id:
            plan.append(("aduan.assigned", staff_recipients(roles=(Role.OPD_ADMIN,), agency_id=complaint.handler_unit_id),
                         {**base, "url": staff_url, "agency": agency_name, "deadline": complaint.deadline}))
    elif action == "delegate":
        plan.append(("aduan.assigned", staff_recipients(roles=(Role.OPD_ADMIN,), agency_id=complaint.handler_unit_id),
                     {**base, "url": staff_url, "agency": complaint.handler_unit.short_name,
                      "deadline": complaint.deadline}))
    elif action == "submit_answer":
        plan.append(("aduan.approval_needed", staff_recipients(roles=(Role.OPD_HEAD,), agency_id=complaint.agency_id),
                     {**base, "url": staff_url}))
    elif action == "approve_answer":
        plan.append(("aduan.answered", reporter_recipients(complaint), {**base, "agency": agency_name}))
    elif action == "confirm":
        plan.append(("aduan.closed", reporter_recipients(complaint), base))
    elif action == "hand_back":
        plan.append(("aduan.returned", staff_recipients(roles=(Role.REGENCY_ADMIN,)),
                     {**base, "url": staff_url, "agency": event.public_detail or "-", "reason": event.body}))
    elif action == "reopen":
        plan.append(("aduan.reopened", staff_recipients(roles=(Role.OPD_ADMIN,), agency_id=complaint.agency_id),
                     {**base, "url": staff_url, "reason": event.body, "deadline": complaint.deadline}))
    elif action == "reply" and complaint.agency_id:
        plan.append(("aduan.reply", staff_recipients(roles=(Role.OPD_ADMIN,), agency_id=complaint.agency_id),
                     {**base, "url": staff_url}))
    elif action == "instruct" and complaint.agency_id:
        plan.append(("aduan.instruction",
                     staff_recipients(roles=(Role.OPD_ADMIN, Role.OPD_HEAD), agency_id=complaint.agency_id),
                     {**base, "url": staff_url, "reason": event.body[:300]}))
    for name, recipients, context in plan:
        if recipients:
            notify(event=name, recipients=recipients, context=context, key=f"{key}:{name}")


def notify_auto_closed(*, complaint_ids: list[int]) -> int:
    """Tell reporters their answered reports closed on their own (run as a task after the sweep)."""
    from satupintu.notifikasi.services import notify

    from .models import Complaint

    sent = 0
    for complaint in Complaint.objects.filter(pk__in=complaint_ids).select_related("reporter_user"):
        recipients = reporter_recipients(complaint)
        if recipients:
            notify(event="aduan.closed", recipients=recipients,
                   context={"code": complaint.tracking_code, "status": str(complaint.get_status_display()),
                            "url": _abs(complaint.get_follow_url())},
                   key=f"aduan:{complaint.pk}:auto_close")
            sent += 1
    return sent


def notify_late(*, level: int, agency, count: int, today) -> None:
    """One digest per agency and escalation level per day, not one message per late report."""
    from satupintu.notifikasi.services import notify

    from .models import Complaint

    if agency is None:
        roles, agency_id = (Role.REGENCY_ADMIN,), None
    elif level >= Complaint.Escalation.REGENT:
        roles, agency_id = (Role.REGENT,), None
    elif level == Complaint.Escalation.OPD_HEAD:
        roles, agency_id = (Role.OPD_HEAD,), agency.pk
    else:
        roles, agency_id = (Role.OPD_ADMIN,), agency.pk
    recipients = staff_recipients(roles=roles, agency_id=agency_id)
    if not recipients:
        return
    notify(
        event="aduan.late",
        recipients=recipients,
        context={"count": count, "agency": agency.short_name if agency else str(_("kabupaten")),
                 "level": str(Complaint.Escalation(level).label), "url": _abs(reverse("aduan:queue", args=["late"]))},
        key=f"aduan:late:{today.isoformat()}:{agency.pk if agency else 0}:{level}",
    )
