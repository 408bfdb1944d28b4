"""Messages of the complaint service: their texts (registered in AduanConfig.ready), the recipient resolvers and the
context of each notice. Which step raises which message, to whom, is declared in workflow.TRANSITIONS; the engine
(core.workflow) queues them. The late-report digest is not a step of one report and is sent from here.

The reporter is told at the contact they gave even when anonymous: anonymity hides their identity from the OPD and
the public, not from the system that must answer them. Staff messages never carry the reporter's identity."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.akun.roles import Role
from satupintu.core.links import absolute_url

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
        event="aduan.merged",
        subject=_("Laporan %(code)s digabung dengan laporan %(original)s"),
        body=_("Laporan %(code)s membahas masalah yang sama dengan laporan %(original)s, jadi keduanya digabung. "
               "Anda akan menerima kabar setiap perkembangan laporan %(original)s. Ikuti di %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=status_params,
    )
    register_template(
        event="aduan.late",
        subject=_("%(count)s aduan melewati batas waktu (%(level)s)"),
        body=_("%(count)s aduan %(agency)s melewati batas waktu dan kini berstatus: %(level)s. Daftar: %(url)s"),
        whatsapp_template="satupintu_aduan_terlambat", whatsapp_params=("count", "agency"),
    )


def reporter_recipients(complaint) -> list:
    from satupintu.notifikasi.services import Recipient

    if not (complaint.reporter_phone or complaint.reporter_email or complaint.reporter_user_id):
        return []
    return [Recipient(user=complaint.reporter_user, name=complaint.reporter_name, phone=complaint.reporter_phone,
                      email=complaint.reporter_email)]


def co_reporter_recipients(complaint) -> list:
    """The reporters of the reports merged into this one (marked its duplicates): each hears of its progress."""
    from satupintu.notifikasi.services import Recipient

    from .models import Complaint

    merged = (Complaint.objects.filter(duplicate_of=complaint).select_related("reporter_user")
              .only("reporter_user", "reporter_name", "reporter_phone", "reporter_email").order_by("id"))
    return [Recipient(user=c.reporter_user, name=c.reporter_name, phone=c.reporter_phone, email=c.reporter_email)
            for c in merged if c.reporter_phone or c.reporter_email or c.reporter_user_id]


def staff_recipients(*, roles: tuple[str, ...], agency_id: int | None = None) -> list:
    from satupintu.akun.models import User
    from satupintu.notifikasi.services import Recipient

    users = User.objects.filter(role__in=roles, is_active=True)
    if agency_id is not None:
        users = users.filter(agency_id=agency_id)
    return [Recipient(user=u) for u in users]


def _staff_of(attname: str, *roles: str):
    """Staff with `roles` of the agency in `attname` (nobody while the report has none)."""

    def resolve(complaint) -> list:
        agency_id = getattr(complaint, attname)
        return staff_recipients(roles=roles, agency_id=agency_id) if agency_id else []

    return resolve


RECIPIENTS = {
    "reporter": reporter_recipients,
    "co_reporters": co_reporter_recipients,
    "agency_admins": _staff_of("agency_id", Role.OPD_ADMIN),
    "unit_admins": _staff_of("handler_unit_id", Role.OPD_ADMIN),  # the sub-unit the report was passed to
    "agency_head": _staff_of("agency_id", Role.OPD_HEAD),
    "agency_staff": _staff_of("agency_id", Role.OPD_ADMIN, Role.OPD_HEAD),
    "regency_admins": lambda complaint: staff_recipients(roles=(Role.REGENCY_ADMIN,)),
}


# --- Context of the notices: the base one for the reporter, staff messages link to the staff page ---------------
def base_context(complaint, event) -> dict:
    return {"code": complaint.tracking_code, "status": str(complaint.get_status_display()),
            "url": absolute_url(complaint.get_follow_url())}


def public_status_url(complaint) -> str:
    return absolute_url(reverse("aduan:status", args=[complaint.tracking_code]))


def co_reporter_context(builder):
    """The context of a reporter's notice for a co-reporter: the same, with the public status page as the link."""

    def build(complaint, event) -> dict:
        extra = builder(complaint, event) if builder else {}
        return {**extra, "url": public_status_url(complaint)}

    return build


def merged(complaint, event) -> dict:
    """To the reporter of a report merged into another: the first report's code and public page."""
    original = complaint.duplicate_of
    return {"original": original.tracking_code if original else "-",
            "url": public_status_url(original) if original else absolute_url(complaint.get_follow_url())}


def staff_link(complaint, event) -> dict:
    return {"url": absolute_url(reverse("aduan:staff_detail", args=[complaint.tracking_code]))}


def _agency_name(complaint) -> str:
    return complaint.agency.short_name if complaint.agency_id else ""


def assigned(complaint, event) -> dict:
    return {**staff_link(complaint, event), "agency": _agency_name(complaint), "deadline": complaint.deadline}


def delegated(complaint, event) -> dict:
    return {**staff_link(complaint, event), "agency": complaint.handler_unit.short_name,
            "deadline": complaint.deadline}


def refused(complaint, event) -> dict:
    return {"reason": complaint.reject_reason or str(_("lihat rincian pada tautan"))}


def answered(complaint, event) -> dict:
    return {"agency": _agency_name(complaint)}


def handed_back(complaint, event) -> dict:
    return {**staff_link(complaint, event), "agency": event.public_detail or "-", "reason": event.body}


def reopened(complaint, event) -> dict:
    return {**staff_link(complaint, event), "reason": event.body, "deadline": complaint.deadline}


def instructed(complaint, event) -> dict:
    return {**staff_link(complaint, event), "reason": event.body[:300]}


# --- Messages of the sweep ------------------------------------------------------------------------------------
def notify_auto_closed(*, complaint_ids: list[int]) -> int:
    """Tell reporters their answered reports closed on their own (run as a task after the sweep): the notices that
    workflow.TRANSITIONS declares for "auto_close", report by report."""
    from .models import Complaint
    from .workflow import WORKFLOW

    sent = 0
    for complaint in Complaint.objects.filter(pk__in=complaint_ids).select_related("reporter_user"):
        if WORKFLOW.announce("auto_close", complaint, key=f"aduan:{complaint.pk}:auto_close"):
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
                 "level": str(Complaint.Escalation(level).label),
                 "url": absolute_url(reverse("aduan:queue", args=["late"]))},
        key=f"aduan:late:{today.isoformat()}:{agency.pk if agency else 0}:{level}",
    )
