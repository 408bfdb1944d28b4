"""PPID messages: their texts (registered once in PpidConfig.ready()), who receives them and what they say.

Which step sends which message is declared on the transitions (`ppid/workflow.py`); this module gives the texts, the
recipient resolvers named there and the contexts. The requester gets the tracking link (it carries the secret follow
token: the link is how they follow their own request). Staff get the back-office link only. Neither message carries
the requester's identity number."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.core.links import absolute_url
from satupintu.notifikasi.services import Recipient

from . import selectors
from .models import InfoRequest, Objection

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

def register_templates() -> None:
    from satupintu.notifikasi.registry import register_template

    for event, (subject, body) in {**REQUESTER_EVENTS, **STAFF_EVENTS}.items():
        register_template(
            event=event, subject=subject, body=body, whatsapp_template="satupintu_status_update",
            whatsapp_params=("number", "status"),
        )


def request_of(obj: InfoRequest | Objection) -> InfoRequest:
    return obj.request if isinstance(obj, Objection) else obj


# --- Recipients (resolvers named by the transitions' notices) ----------------------------------------------------
def requester(obj) -> list[Recipient]:
    r = request_of(obj)
    return [Recipient(user=r.requester_user, name=r.requester_name, phone=r.phone, email=r.email)]


def _officers(agency_ids: set[int]) -> list[Recipient]:
    officers = User.objects.filter(role=Role.PPID_OFFICER, agency_id__in=agency_ids, is_active=True).order_by("pk")
    return [Recipient(user=u, name=u.get_full_name() or u.username, phone=u.phone, email=u.email) for u in officers]


def handling_ppid(obj) -> list[Recipient]:
    """The PPID officers of the agency handling the request."""
    return _officers({request_of(obj).agency_id})


def handling_and_utama(obj) -> list[Recipient]:
    """The handling PPID and the PPID Utama, which watches every deadline and objection in the regency."""
    return _officers({request_of(obj).agency_id, selectors.ppid_utama().pk})


RECIPIENTS = {"requester": requester, "handling_ppid": handling_ppid, "handling_and_utama": handling_and_utama}


# --- Contexts (the engine calls them with the object and its timeline row) ----------------------------------------
def request_context(obj, row=None) -> dict:
    r = request_of(obj)
    return {
        "number": r.number,
        "code": r.tracking_code,
        "status": str(r.get_status_display()),
        "deadline": r.due_date,  # a date: the message shows it in the reader's language
        "agency": r.agency.name,
        "url": absolute_url(reverse("ppid:track", args=[r.follow_token])),
    }


def objection_context(objection: Objection, row=None) -> dict:
    return {
        **request_context(objection),
        "objection": objection.number,
        "status": str(objection.get_status_display()),
        "deadline": objection.due_date,
    }


def staff_link(obj, row=None) -> dict:
    """Staff messages link to the back office, never to the requester's secret tracking link."""
    return {"url": absolute_url(reverse("ppid:staff_detail", args=[request_of(obj).pk]))}
