"""PPID messages: their texts (registered once in PpidConfig.ready()) and who receives them.

The requester gets the tracking link (it carries the secret follow token: the link is how they follow their own
request). Staff get the back-office link only. Neither message carries the requester's identity number."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.core.links import absolute_url

REQUESTER_EVENTS = {
    "ppid.received": (
        _("Permohonan informasi %(number)s diterima"),
        _("Permohonan informasi Anda tercatat dengan nomor %(number)s dan kode lacak %(code)s. Status: %(status)s. "
          "Jawaban paling lambat %(deadline)s. Ikuti perkembangannya di %(url)s"),
    ),
    "ppid.forwarded": (
        _("Permohonan %(number)s diteruskan"),
        _("Permohonan informasi %(number)s diteruskan ke PPID Pelaksana %(agency)s. Status: %(status)s. Batas waktu "
          "jawaban tetap %(deadline)s. %(url)s"),
    ),
    "ppid.extended": (
        _("Jangka waktu permohonan %(number)s diperpanjang"),
        _("Jangka waktu jawaban permohonan %(number)s diperpanjang sampai %(deadline)s. Status: %(status)s. "
          "Alasannya dapat dibaca di %(url)s"),
    ),
    "ppid.answered": (
        _("Permohonan %(number)s telah dijawab"),
        _("Permohonan informasi %(number)s telah dijawab. Status: %(status)s. Baca pemberitahuan tertulisnya di "
          "%(url)s"),
    ),
    "ppid.late": (
        _("Permohonan %(number)s melewati batas waktu"),
        _("Permohonan informasi %(number)s belum dijawab sampai batas waktu %(deadline)s. Status: %(status)s. Anda "
          "dapat mengajukan keberatan melalui %(url)s"),
    ),
    "ppid.objection_filed": (
        _("Keberatan %(objection)s diterima"),
        _("Keberatan %(objection)s atas permohonan %(number)s diterima. Status: %(status)s. Atasan PPID menanggapi "
          "paling lambat %(deadline)s. %(url)s"),
    ),
    "ppid.objection_answered": (
        _("Keberatan %(objection)s telah ditanggapi"),
        _("Atasan PPID telah menanggapi keberatan %(objection)s atas permohonan %(number)s. Status: %(status)s. "
          "Baca tanggapannya di %(url)s"),
    ),
}

STAFF_EVENTS = {
    "ppid.staff.received": (
        _("Permohonan informasi baru %(number)s"),
        _("Permohonan informasi %(number)s masuk ke PPID Utama. Status: %(status)s. Batas waktu %(deadline)s. "
          "%(url)s"),
    ),
    "ppid.staff.forwarded": (
        _("Permohonan %(number)s diteruskan ke %(agency)s"),
        _("Permohonan informasi %(number)s diteruskan kepada PPID Pelaksana %(agency)s. Status: %(status)s. Batas "
          "waktu %(deadline)s. %(url)s"),
    ),
    "ppid.staff.late": (
        _("Permohonan %(number)s terlambat"),
        _("Permohonan informasi %(number)s melewati batas waktu %(deadline)s tanpa jawaban. Status: %(status)s. "
          "%(url)s"),
    ),
    "ppid.staff.objection_filed": (
        _("Keberatan %(objection)s atas permohonan %(number)s"),
        _("Keberatan %(objection)s diajukan atas permohonan %(number)s. Status: %(status)s. Tanggapan atasan PPID "
          "paling lambat %(deadline)s. %(url)s"),
    ),
}

# Which staff message follows which requester event.
STAFF_FOR = {
    "ppid.received": "ppid.staff.received",
    "ppid.forwarded": "ppid.staff.forwarded",
    "ppid.late": "ppid.staff.late",
    "ppid.objection_filed": "ppid.staff.objection_filed",
}


def register_templates() -> None:
    from satupintu.notifikasi.registry import register_template

    for event, (subject, body) in {**REQUESTER_EVENTS, **STAFF_EVENTS}.items():
        register_template(
            event=event, subject=subject, body=body, whatsapp_template="satupintu_status_update",
            whatsapp_params=("number", "status"),
        )


def _requester(info_request):
    from satupintu.notifikasi.services import Recipient

    return Recipient(
        user=info_request.requester_user, name=info_request.requester_name, phone=info_request.phone,
        email=info_request.email,
    )


def _staff_for(agency_ids: set[int]):
    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.notifikasi.services import Recipient

    officers = User.objects.filter(role=Role.PPID_OFFICER, agency_id__in=agency_ids, is_active=True).order_by("pk")
    return [Recipient(user=u, name=u.get_full_name() or u.username, phone=u.phone, email=u.email) for u in officers]


def _context(info_request, **extra) -> dict:
    return {
        "number": info_request.number,
        "code": info_request.tracking_code,
        "status": str(info_request.get_status_display()),
        "deadline": info_request.due_date,  # a date: the message shows it in the reader's language
        "agency": info_request.agency.name,
        **extra,
    }


def request_event(info_request, event: str, *, suffix: str = "") -> None:
    """Queue the requester's message and, where one exists, the staff message. Called inside the transaction."""
    from satupintu.notifikasi.services import notify

    key = f"{event}:{info_request.pk}" + (f":{suffix}" if suffix else "")
    track = absolute_url(reverse("ppid:track", args=[info_request.follow_token]))
    notify(event=event, recipients=[_requester(info_request)], context=_context(info_request, url=track),
           key=f"{key}:pemohon")
    staff_event = STAFF_FOR.get(event)
    if staff_event:
        from .services import ppid_utama

        agencies = {info_request.agency_id}
        if event == "ppid.late":
            agencies.add(ppid_utama().pk)  # PPID Utama watches every deadline in the regency
        recipients = _staff_for(agencies)
        if recipients:
            url = absolute_url(reverse("ppid:staff_detail", args=[info_request.pk]))
            notify(event=staff_event, recipients=recipients, context=_context(info_request, url=url),
                   key=f"{key}:staf")


def objection_event(objection, event: str) -> None:
    from satupintu.notifikasi.services import notify

    info_request = objection.request
    extra = {"objection": objection.number}
    context = _context(info_request, url=absolute_url(reverse("ppid:track", args=[info_request.follow_token])), **extra)
    context["status"] = str(objection.get_status_display())
    context["deadline"] = objection.due_date
    key = f"{event}:{objection.pk}"
    notify(event=event, recipients=[_requester(info_request)], context=context, key=f"{key}:pemohon")
    staff_event = STAFF_FOR.get(event)
    if staff_event:
        from .services import ppid_utama

        recipients = _staff_for({info_request.agency_id, ppid_utama().pk})
        if recipients:
            context = {**context, "url": absolute_url(reverse("ppid:staff_detail", args=[info_request.pk]))}
            notify(event=staff_event, recipients=recipients, context=context, key=f"{key}:staf")
