"""Area alerts: anyone may follow the public reports of a village or a district (optionally one category there) by
e-mail or WhatsApp, at once or as a daily digest.

1. `alert_subscribe` records the request and sends a confirmation message with the link; nothing else is sent to
   the address until it is confirmed (`alert_confirm`), so no one can sign up another person's address.
2. When a report in the area becomes public (verified) or is answered, `alerts_on_event` queues a message to every
   confirmed immediate alert there; the daily ones get `alerts_send_digests` (periodic job, apps.py) with what
   happened since their last digest.
3. Every message carries the one-tap unsubscribe link (`alert_unsubscribe`).
Everything goes through the outbox (notifikasi), which drops a message to an opted-out address when it is sent
(WhatsApp STOP, notifikasi.ChannelOptOut). Nothing of a reporter is ever in these messages: code, title, place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core import ratelimit
from satupintu.core.links import absolute_url
from satupintu.core.phones import normalize_phone

from .models import AreaAlert, Complaint

SUBSCRIBE_LIMIT = (5, 3600)  # confirmation messages per address per hour
DIGEST_EVERY = timedelta(days=1)
DIGEST_ITEMS = 20


def _recipient(alert: AreaAlert):
    from satupintu.notifikasi.services import Recipient

    if alert.via == AreaAlert.Via.EMAIL:
        return Recipient(email=alert.address)
    return Recipient(phone=alert.address)


def _links(alert: AreaAlert) -> dict:
    return {
        "area": alert.area_label(),
        "confirm_url": absolute_url(reverse("aduan:alert_confirm", args=[alert.token])),
        "unsubscribe_url": absolute_url(reverse("aduan:alert_unsubscribe", args=[alert.token])),
    }


def normalize_address(via: str, address: str) -> str:
    address = (address or "").strip()
    if via == AreaAlert.Via.EMAIL:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"address": _("Alamat email tidak valid.")}) from None
        return address.lower()
    if via == AreaAlert.Via.WHATSAPP:
        phone = normalize_phone(address)
        if not phone:
            raise ValidationError({"address": _("Nomor WhatsApp tidak valid, contoh: 0812 3456 7890.")})
        return phone
    raise ValidationError({"via": _("Pilih email atau WhatsApp.")})


def alert_subscribe(*, via: str, address: str, village=None, district=None, category=None,
                    frequency: str = AreaAlert.Frequency.IMMEDIATE) -> AreaAlert:
    """Record a request to follow an area and send its confirmation. Asking again for the same area resends the
    confirmation (or, when already confirmed, changes nothing but the frequency)."""
    address = normalize_address(via, address)
    if village is None and district is None:
        raise ValidationError({"village": _("Pilih desa/kelurahan atau kecamatan yang ingin diikuti.")})
    if village is not None:
        district = None  # a village names its district already
    if frequency not in AreaAlert.Frequency.values:
        raise ValidationError({"frequency": _("Pilih frekuensi kabar.")})
    if not ratelimit.consume("aduan.alert", f"{via}:{address}", limit=SUBSCRIBE_LIMIT[0],
                             window=SUBSCRIBE_LIMIT[1]).allowed:
        raise ValidationError(_("Terlalu banyak permintaan untuk alamat ini. Silakan coba lagi dalam satu jam."))
    from satupintu.notifikasi.services import notify

    with transaction.atomic():
        alert = AreaAlert.objects.filter(via=via, address=address, village=village, district=district,
                                         category=category, unsubscribed_at__isnull=True).first()
        if alert is None:
            alert = AreaAlert.objects.create(via=via, address=address, village=village, district=district,
                                             category=category, frequency=frequency)
        elif alert.frequency != frequency:
            alert.frequency = frequency
            alert.save(update_fields=["frequency"])
        if alert.confirmed_at is None:
            # one key per request: asking again resends (within the rate limit above)
            notify(event="aduan.alert_confirm", recipients=[_recipient(alert)], context=_links(alert),
                   key=f"aduan:alert:{alert.pk}:confirm:{timezone.now().timestamp()}")
    return alert


def alert_by_token(token: str) -> AreaAlert | None:
    if not token or len(token) > 64:
        return None
    return AreaAlert.objects.select_related("village", "district", "category").filter(token=token).first()


def alert_confirm(*, alert: AreaAlert) -> AreaAlert:
    if alert.unsubscribed_at is not None:
        raise ValidationError(_("Langganan ini sudah dihentikan. Silakan mendaftar lagi bila ingin mengikuti."))
    if alert.confirmed_at is None:
        now = timezone.now()
        AreaAlert.objects.filter(pk=alert.pk, confirmed_at__isnull=True).update(confirmed_at=now, digest_since=now)
        alert.refresh_from_db()
    return alert


def alert_unsubscribe(*, alert: AreaAlert) -> AreaAlert:
    if alert.unsubscribed_at is None:
        AreaAlert.objects.filter(pk=alert.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())
        alert.refresh_from_db()
    return alert


def _active() -> Q:
    return Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


def alerts_matching(complaint: Complaint):
    """Active alerts whose area (and category, if any) covers this report."""
    area = Q(pk__in=[])
    if complaint.village_id:
        area |= Q(village_id=complaint.village_id)
    if complaint.district_id:
        area |= Q(district_id=complaint.district_id, village__isnull=True)
    categories = {pk for pk in (complaint.category_id, complaint.topic_id) if pk}
    return AreaAlert.objects.filter(_active(), area).filter(
        Q(category__isnull=True) | Q(category_id__in=categories)
    ).select_related("village", "district", "category")


EVENTS = {"new": "aduan.alert_new", "answered": "aduan.alert_answered"}


def alerts_on_event(complaint: Complaint, what: str) -> int:
    """Queue the message about a report that just became public ("new") or was answered ("answered") to every
    immediate alert covering it. Inside the caller's transaction; nothing for a report that is not public."""
    if not complaint.is_public:
        return 0
    from satupintu.notifikasi.services import notify

    count = 0
    for alert in alerts_matching(complaint).filter(frequency=AreaAlert.Frequency.IMMEDIATE):
        notify(event=EVENTS[what], recipients=[_recipient(alert)],
               context={**_links(alert), "code": complaint.tracking_code, "title": complaint.title[:120],
                        "url": absolute_url(complaint.get_absolute_url())},
               key=f"aduan:alert:{alert.pk}:{complaint.pk}:{what}")
        count += 1
    return count


def _digest_reports(alert: AreaAlert, since: datetime, until: datetime):
    qs = Complaint.objects.filter(is_public=True).filter(
        Q(verified_at__gt=since, verified_at__lte=until) | Q(answered_at__gt=since, answered_at__lte=until))
    if alert.village_id:
        qs = qs.filter(village_id=alert.village_id)
    else:
        qs = qs.filter(district_id=alert.district_id)
    if alert.category_id:
        qs = qs.filter(Q(category_id=alert.category_id) | Q(topic_id=alert.category_id))
    return qs.order_by("-created_at")


def alerts_send_digests(*, now: datetime | None = None) -> int:
    """Send each daily alert due (its last digest a day ago or more) what happened in its area since; an alert with
    nothing new gets no message. Returns the number of digests queued."""
    from satupintu.notifikasi.services import notify

    now = now or timezone.now()
    sent = 0
    due = AreaAlert.objects.filter(_active(), frequency=AreaAlert.Frequency.DAILY,
                                   digest_since__lte=now - DIGEST_EVERY).select_related("village", "district",
                                                                                        "category")
    for alert in due.iterator(chunk_size=200):
        with transaction.atomic():
            locked = AreaAlert.objects.select_for_update().filter(pk=alert.pk, digest_since=alert.digest_since).first()
            if locked is None:
                continue  # another run took it
            reports = list(_digest_reports(alert, alert.digest_since, now)[: DIGEST_ITEMS + 1])
            if reports:
                lines = [f"- {c.tracking_code} {c.title[:80]} ({c.get_status_display()}): "
                         f"{absolute_url(c.get_absolute_url())}" for c in reports[:DIGEST_ITEMS]]
                if len(reports) > DIGEST_ITEMS:
                    lines.append(_("… dan laporan lain; lihat peta."))
                notify(event="aduan.alert_digest", recipients=[_recipient(alert)],
                       context={**_links(alert), "count": len(reports), "items": "\n".join(lines),
                                "map_url": absolute_url(reverse("aduan:map") + _area_query(alert))},
                       key=f"aduan:alert:{alert.pk}:digest:{now.isoformat()}")
                sent += 1
            AreaAlert.objects.filter(pk=alert.pk).update(digest_since=now)
    return sent


def _area_query(alert: AreaAlert) -> str:
    from urllib.parse import urlencode

    params = {"village": alert.village_id} if alert.village_id else {"district": alert.district_id}
    if alert.category_id:
        params["category"] = alert.category_id
    return "?" + urlencode(params)


def register_templates() -> None:
    from django.utils.translation import gettext_lazy as _l

    from satupintu.notifikasi.registry import register_template

    register_template(
        event="aduan.alert_confirm",
        subject=_l("Konfirmasi: ikuti laporan warga di %(area)s"),
        body=_l("Seseorang (semoga Anda) meminta kabar laporan warga di %(area)s dikirim ke alamat ini. "
                "Konfirmasi di %(confirm_url)s . Bila bukan Anda, abaikan pesan ini. Berhenti: %(unsubscribe_url)s"),
        whatsapp_template="satupintu_kabar_wilayah_konfirmasi", whatsapp_params=("area", "confirm_url"),
    )
    register_template(
        event="aduan.alert_new",
        subject=_l("Laporan baru di %(area)s: %(code)s"),
        body=_l("Laporan baru di %(area)s: %(title)s (%(code)s). Lihat: %(url)s . "
                "Berhenti mengikuti: %(unsubscribe_url)s"),
        whatsapp_template="satupintu_kabar_wilayah", whatsapp_params=("area", "code", "url"),
    )
    register_template(
        event="aduan.alert_answered",
        subject=_l("Laporan %(code)s di %(area)s sudah dijawab"),
        body=_l("Laporan %(code)s di %(area)s (%(title)s) sudah dijawab. Baca: %(url)s . "
                "Berhenti mengikuti: %(unsubscribe_url)s"),
        whatsapp_template="satupintu_kabar_wilayah", whatsapp_params=("area", "code", "url"),
    )
    register_template(
        event="aduan.alert_digest",
        subject=_l("Ringkasan harian laporan warga di %(area)s"),
        body=_l("%(count)s kabar laporan warga di %(area)s sejak ringkasan terakhir:\n%(items)s\n\n"
                "Peta: %(map_url)s\nBerhenti mengikuti: %(unsubscribe_url)s"),
        whatsapp_template="satupintu_kabar_wilayah_ringkasan", whatsapp_params=("area", "count", "map_url"),
    )
