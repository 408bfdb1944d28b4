"""WhatsApp messages to the regency's number: opt-out, status queries and the report conversation. notifikasi
receives the webhook (signature, replay-safe statuses) and hands each message to `whatsapp_message_handle`,
registered in AduanConfig.ready() (notifikasi/inbound.py).

The conversation (one WhatsAppConversation row per phone number):

    idle --text--> awaiting_description --description--> awaiting_village --village--> awaiting_extras
    awaiting_extras --photo/location--> awaiting_extras --KIRIM/LEWATI--> report filed, back to idle

A first message long enough to be a description skips the first question. BATAL resets, STOP/BERHENTI opts the
number out of every message, MULAI opts it back in, and a tracking code (ADU-XXXX-XXXX) asks for a report's status
at any step. Replies go through the outbox like every other message."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core import request_context
from satupintu.core.images import image_reencode
from satupintu.core.phones import normalize_phone
from satupintu.core.ratelimit import until_text
from satupintu.core.storage import private_storage
from satupintu.notifikasi.models import (
    Channel,
    ConversationState,
    OutboxMessage,
    ProcessedWebhookMessage,
    WhatsAppContact,
    WhatsAppConversation,
)
from satupintu.notifikasi.providers.whatsapp import download_media
from satupintu.notifikasi.selectors import village_match
from satupintu.notifikasi.services import channel_opt_in, channel_opt_out, is_opted_out, whatsapp_reply_queue

from ..models import normalize_tracking_code
from ..ratelimit import phone_submission
from ..selectors import complaint_public_status
from ..services import complaint_submit

logger = logging.getLogger(__name__)

STOP_WORDS = {"STOP", "BERHENTI", "UNSUBSCRIBE"}
START_WORDS = {"MULAI", "START"}
CANCEL_WORDS = {"BATAL"}
SUBMIT_WORDS = {"KIRIM", "LEWATI", "SELESAI", "SKIP"}
TRACKING_CODE = re.compile(r"^ADU[\s-]*[0-9A-Z]{4}[\s-]*[0-9A-Z]{4}$")
MIN_DESCRIPTION = 15
MAX_PHOTOS = 3


def _site() -> str:
    return getattr(settings, "SATUPINTU_SITE_NAME", "Satu Pintu")


def _message_time(message: dict) -> datetime:
    try:
        return datetime.fromtimestamp(int(message.get("timestamp")), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return timezone.now()


def _download_photo(*, phone: str, media_id: str) -> str:
    """Fetch an inbound photo now (outside any transaction) and keep it until the report is filed."""
    content, _mime = download_media(media_id)
    # Refused above the pixel budget from the header, shrunk and stripped of EXIF (GPS) otherwise (core.images).
    photo, mime = image_reencode(ContentFile(content, name="foto"))
    extension = {"image/png": "png", "image/webp": "webp"}.get(mime, "jpg")
    safe_id = re.sub(r"[^\w.-]", "", media_id)[:80]
    return private_storage().save(f"whatsapp-masuk/{timezone.now():%Y/%m}/{safe_id}.{extension}", photo)


def whatsapp_message_handle(*, message: dict, profile_name: str = "") -> str:
    """One inbound message. Returns "duplicate" for a replay, else the conversation step taken."""
    wamid = str(message.get("id") or "")
    phone = normalize_phone(str(message.get("from") or ""))
    if not wamid or not phone:
        return "ignored"
    if ProcessedWebhookMessage.objects.filter(source="whatsapp", external_id=wamid).exists():
        return "duplicate"
    photo_name = photo_refused = ""
    if message.get("type") == "image" and (message.get("image") or {}).get("id"):
        try:
            photo_name = _download_photo(phone=phone, media_id=message["image"]["id"])
        except ValidationError as exc:  # not an image, or above the pixel budget: the citizen is told why
            photo_refused = " ".join(exc.messages)
        except Exception:  # noqa: BLE001 - a photo we cannot fetch must not lose the conversation
            logger.exception("Could not download WhatsApp media %s", message["image"].get("id"))
    with request_context.using(channel="whatsapp"):
        try:
            with transaction.atomic():
                # The unique row first: a concurrent or replayed delivery of the same wamid fails here and rolls
                # back everything below.
                ProcessedWebhookMessage.objects.create(source="whatsapp", external_id=wamid)
                return _converse(message=message, wamid=wamid, phone=phone, profile_name=profile_name,
                                 photo_name=photo_name, photo_refused=photo_refused)
        except IntegrityError:
            if ProcessedWebhookMessage.objects.filter(source="whatsapp", external_id=wamid).exists():
                if photo_name:
                    private_storage().delete(photo_name)
                return "duplicate"
            raise


def _converse(*, message: dict, wamid: str, phone: str, profile_name: str, photo_name: str,
              photo_refused: str = "") -> str:
    sent_at = _message_time(message)
    contact, _created = WhatsAppContact.objects.get_or_create(phone=phone)
    contact.profile_name = profile_name[:200] or contact.profile_name
    if contact.last_inbound_at is None or sent_at > contact.last_inbound_at:
        contact.last_inbound_at = min(sent_at, timezone.now())
    contact.save()
    conv, _created = WhatsAppConversation.objects.select_for_update().get_or_create(phone=phone)
    conv = WhatsAppConversation.objects.select_for_update().get(pk=conv.pk)
    conv.reporter_name = conv.reporter_name or profile_name[:200]

    kind = message.get("type")
    text = ""
    if kind == "text":
        text = ((message.get("text") or {}).get("body") or "").strip()
    elif kind == "image":
        text = ((message.get("image") or {}).get("caption") or "").strip()
    elif kind == "button":
        text = ((message.get("button") or {}).get("text") or "").strip()
    command = text.upper().strip(" .!")
    replies: list[str] = []

    def reply(body: str) -> None:
        replies.append(body)

    step = "reply"
    if command in STOP_WORDS:
        channel_opt_out(channel=Channel.WHATSAPP, address=phone, reason=command)
        whatsapp_reply_queue(
            phone=phone, key=f"wa:{wamid}:0", respect_opt_out=False,
            text=_("Anda tidak akan menerima pesan lagi dari %(site)s. Kirim MULAI untuk berlangganan kembali.")
            % {"site": _site()},
        )
        conv.save()
        return "opt_out"
    if is_opted_out(channel=Channel.WHATSAPP, address=phone):
        if command in START_WORDS:
            channel_opt_in(channel=Channel.WHATSAPP, address=phone)
            reply(_("Selamat datang kembali. Anda akan menerima kabar aduan lewat WhatsApp lagi."))
            step = "opt_in"
        else:
            conv.save()
            return "opted_out"  # we may not write to this number; the message is recorded only
    elif command in CANCEL_WORDS:
        _reset(conv)
        reply(_("Baik, laporan dibatalkan. Kirim pesan kapan saja untuk membuat laporan baru."))
        step = "cancel"
    elif TRACKING_CODE.match(command):
        reply(_status_text(command))
        step = "status"
    elif kind == "location":
        loc = message.get("location") or {}
        try:
            conv.latitude = Decimal(str(loc.get("latitude"))).quantize(Decimal("0.000001"))
            conv.longitude = Decimal(str(loc.get("longitude"))).quantize(Decimal("0.000001"))
        except (InvalidOperation, TypeError, ValueError):
            reply(_("Lokasi tidak dapat dibaca. Coba kirim ulang lewat tombol Lampirkan > Lokasi."))
        else:
            conv.address = " ".join(p for p in (loc.get("name", ""), loc.get("address", "")) if p)[:300]
            if conv.state == ConversationState.IDLE:
                conv.state = ConversationState.AWAITING_DESCRIPTION
            reply(_("Lokasi diterima."))
            replies.extend(_next_question(conv))
        step = "location"
    else:
        if photo_name:
            if len(conv.photo_media_ids) < MAX_PHOTOS:
                conv.photo_media_ids = [*conv.photo_media_ids, photo_name]
                reply(_("Foto diterima."))
            else:
                reply(_("Foto sudah %(n)d; foto berikutnya tidak kami lampirkan.") % {"n": MAX_PHOTOS})
        elif kind == "image":
            reply(photo_refused or _("Maaf, foto tidak dapat kami ambil. Silakan kirim ulang."))
        elif kind not in {"text", "image", "button"}:
            reply(_("Maaf, jenis pesan ini belum dapat kami proses. Kirim teks, foto atau lokasi."))
        result = _advance(conv, text=text, command=command, wamid=wamid, phone=phone)
        if result == "submitted":
            conv.save()
            return "submitted"
        replies.extend(_next_question(conv) if result == "ask" else result)
        step = conv.state
    conv.save()
    if replies:
        # One message per inbound message: parallel workers could deliver separate ones out of order.
        whatsapp_reply_queue(phone=phone, text="\n\n".join(replies), key=f"wa:{wamid}:0")
    return step


def _reset(conv: WhatsAppConversation) -> None:
    for name in conv.photo_media_ids:
        transaction.on_commit(lambda name=name: private_storage().delete(name))
    conv.state = ConversationState.IDLE
    conv.description = ""
    conv.village = None
    conv.photo_media_ids = []
    conv.latitude = conv.longitude = None
    conv.address = ""


def _next_question(conv: WhatsAppConversation) -> list[str]:
    if conv.state == ConversationState.AWAITING_DESCRIPTION:
        return [_("Ceritakan masalah yang ingin Anda laporkan: apa yang terjadi, di mana, dan sejak kapan.")]
    if conv.state == ConversationState.AWAITING_VILLAGE:
        return [_("Di desa atau kelurahan mana kejadiannya? Tulis namanya, misalnya: Sialtong.")]
    if conv.state == ConversationState.AWAITING_EXTRAS:
        return [_("Jika ada, kirim foto atau lokasi (Lampirkan > Lokasi). Ketik KIRIM untuk mengirim laporan, "
                  "atau BATAL untuk membatalkan.")]
    return []


def _advance(conv: WhatsAppConversation, *, text: str, command: str, wamid: str, phone: str):
    """Move the conversation on. Returns "ask" (ask the next question), "submitted", or a list of replies."""
    state = conv.state
    if state == ConversationState.IDLE:
        if len(text) >= MIN_DESCRIPTION:
            conv.description = text
            conv.state = ConversationState.AWAITING_VILLAGE
            return [" ".join([_("Terima kasih, laporan Anda kami catat."), _next_question(conv)[0]])]
        conv.state = ConversationState.AWAITING_DESCRIPTION
        greeting = _("Selamat datang di layanan aduan %(site)s.") % {"site": _site()}
        return [f"{greeting} {_next_question(conv)[0]} {_('Untuk menanyakan status, kirim kode lacak Anda.')}"]
    if state == ConversationState.AWAITING_DESCRIPTION:
        if len(text) < MIN_DESCRIPTION:
            if not text:
                return "ask" if not conv.photo_media_ids else []
            return [_("Uraian terlalu singkat. Ceritakan lebih lengkap: apa yang terjadi, di mana, dan sejak kapan.")]
        conv.description = text
        conv.state = ConversationState.AWAITING_VILLAGE
        return "ask"
    if state == ConversationState.AWAITING_VILLAGE:
        if not text:
            return "ask" if not conv.photo_media_ids else []
        match = village_match(text)
        if match.village is None:
            if match.candidates:
                options = "; ".join(f"{v.name}, {v.district.name}" for v in match.candidates)
                return [_("Maksud Anda salah satu dari ini: %(options)s? Balas dengan nama desa dan kecamatan, "
                          "misalnya \"%(example)s\".") % {"options": options,
                                                          "example": f"{match.candidates[0].name}, {match.candidates[0].district.name}"}]
            return [_("Desa \"%(text)s\" tidak kami temukan di kabupaten ini. Periksa ejaannya dan kirim ulang nama "
                      "desa atau kelurahan.") % {"text": text[:60]}]
        conv.village = match.village
        conv.state = ConversationState.AWAITING_EXTRAS
        return [f"{_('Desa %(village)s, Kecamatan %(district)s.') % {'village': match.village.name, 'district': match.village.district.name}} {_next_question(conv)[0]}"]
    if state == ConversationState.AWAITING_EXTRAS:
        if command in SUBMIT_WORDS:
            return _submit(conv, wamid=wamid, phone=phone)
        if text:
            # More detail after the questions: it belongs to the report.
            conv.description = f"{conv.description}\n{text}".strip()
            return [_("Keterangan ditambahkan. Ketik KIRIM untuk mengirim laporan, atau BATAL untuk membatalkan.")]
        return []
    return "ask"


def _submit(conv: WhatsAppConversation, *, wamid: str, phone: str):
    # The web's per-phone intake limit, shared with it. The draft stays, so KIRIM later files it.
    limited = phone_submission(phone)
    if not limited.allowed:
        return [_("Maaf, nomor ini sudah mencapai batas %(limit)s laporan untuk sementara. Laporan Anda belum "
                  "terkirim, tetapi tetap kami simpan: ketik KIRIM lagi setelah %(until)s, atau BATAL untuk "
                  "membatalkan.") % {"limit": limited.limit, "until": until_text(limited.reset_at)}]

    files = []
    for name in conv.photo_media_ids:
        try:
            files.append(private_storage().open(name, "rb"))
        except OSError:
            logger.warning("WhatsApp photo %s is gone; filing without it", name)
    started = timezone.now()
    description = conv.description
    title = description.splitlines()[0][:80].rstrip(" ,.;:") or _("Laporan lewat WhatsApp")
    try:
        complaint = complaint_submit(
            kind="pengaduan",
            title=title,
            description=description,
            channel="whatsapp",
            village=conv.village,
            address=conv.address,
            latitude=conv.latitude,
            longitude=conv.longitude,
            reporter_name=conv.reporter_name,
            reporter_phone=phone,
            attachments=files,
            external_ref=wamid,
        )
    except ValidationError as exc:
        messages = "; ".join(str(m) for m in exc.messages)
        return [_("Laporan belum dapat dikirim: %(errors)s") % {"errors": messages}]
    finally:
        for f in files:
            f.close()
    code = complaint.tracking_code
    # The complaint service tells the reporter the code itself (event aduan.received). Only if it did not (no
    # notification configured for intake) do we answer here, so the citizen gets the code exactly once.
    told = OutboxMessage.objects.filter(
        channel=Channel.WHATSAPP, address=phone, created_at__gte=started, context__code=code
    ).exists()
    if not told:
        whatsapp_reply_queue(
            phone=phone, key=f"wa:{wamid}:code",
            text=_("Laporan Anda tercatat dengan kode lacak %(code)s. Kirim kode ini kapan saja untuk menanyakan "
                   "statusnya.") % {"code": code},
        )
    for name in conv.photo_media_ids:
        transaction.on_commit(lambda name=name: private_storage().delete(name))
    _reset(conv)
    conv.photo_media_ids = []
    conv.last_tracking_code = code
    return "submitted"


def _status_text(code_text: str) -> str:
    code = normalize_tracking_code(code_text)
    info = complaint_public_status(tracking_code=code) if code else None
    if not info:
        return _("Kode lacak %(code)s tidak kami temukan. Periksa kembali kodenya.") % {"code": code_text}
    text = _("Status laporan %(code)s: %(status)s.") % {
        "code": info.get("code", code), "status": info.get("status_label") or info.get("status") or "-"
    }
    if info.get("agency"):
        text += " " + _("Ditangani oleh %(agency)s.") % {"agency": info["agency"]}
    timeline = info.get("timeline") or []
    if timeline:
        last = timeline[-1]
        text += " " + _("Perkembangan terakhir (%(date)s): %(label)s.") % {"date": last.get("date", ""),
                                                                       "label": last.get("label", "")}
    if info.get("answer"):
        text += " " + _("Jawaban: %(answer)s") % {"answer": info["answer"][:1000]}
    return text
