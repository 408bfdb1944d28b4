"""Writes of the machine interfaces. Complaints are filed and changed only through aduan's services; this app keeps
its partners (keys, webhooks), the Open311 tokens and the SP4N-LAPOR! links."""

from __future__ import annotations

import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from satupintu.aduan import ratelimit as intake_limits
from satupintu.aduan.models import Category, Channel, Complaint, Kind
from satupintu.aduan.services import complaint_submit
from satupintu.core.audit import audit_record
from satupintu.core.memo import Memo
from satupintu.wilayah.models import Village

from .keys import key_hash, key_new
from .models import ApiClient, Scope, WebhookEvent, WebhookSubscription

# --- partners --------------------------------------------------------------------------------------------------


def api_client_create(*, name: str, scopes: list[str], contact: str = "", user=None, rate_limit: int = 3600,
                      by=None) -> tuple[ApiClient, str]:
    """A new partner key. Returns (client, key): the key is shown once and never stored."""
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        raise ValidationError({"scopes": _("Cakupan tidak dikenal: %(names)s.") % {"names": ", ".join(unknown)}})
    if Scope.STAFF_READ in scopes and user is None:
        raise ValidationError({"user": _("Cakupan aduan:staf memerlukan akun petugas pemilik kunci.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Nama aplikasi mitra wajib diisi.")})
    raw = key_new()
    with transaction.atomic():
        client = ApiClient.objects.create(
            name=name.strip()[:200], contact=contact[:200], scopes=sorted(set(scopes)), user=user,
            rate_limit=rate_limit, key_prefix=raw[:10], key_hash=key_hash(raw),
        )
        audit_record(obj=client, action="api.key_created", actor=by, data={"scopes": client.scopes})
    return client, raw


def api_client_revoke(*, client: ApiClient, by=None) -> ApiClient:
    with transaction.atomic():
        client.is_active = False
        client.save(update_fields=["is_active"])  # a save, so this process forgets the key at once (keys.py)
        audit_record(obj=client, action="api.key_revoked", actor=by)
    return client


def webhook_subscribe(*, client: ApiClient, url: str, events: list[str], by=None) -> WebhookSubscription:
    from django.core.validators import URLValidator

    if not client.has_scope(Scope.WEBHOOK):
        raise ValidationError({"client": _("Kunci API ini tidak memiliki cakupan webhook.")})
    unknown = sorted(set(events) - set(WebhookEvent.values))
    if unknown or not events:
        raise ValidationError({"events": _("Pilih peristiwa yang dikenal: %(names)s.")
                               % {"names": ", ".join(WebhookEvent.values)}})
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise ValidationError({"url": _("URL tujuan tidak valid.")}) from None
    with transaction.atomic():
        sub = WebhookSubscription.objects.create(client=client, url=url, events=sorted(set(events)),
                                                 secret=secrets.token_hex(32))
        audit_record(obj=sub, action="api.webhook_subscribed", actor=by, data={"events": sub.events})
    return sub


# --- Open311 POST requests ------------------------------------------------------------------------------------


def _decimal(value: str, name: str, lo: int, hi: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ValidationError({name: _("Koordinat %(name)s bukan angka.") % {"name": name}}) from None
    if not lo <= number <= hi:
        raise ValidationError({name: _("Koordinat %(name)s di luar jangkauan.") % {"name": name}})
    return number


TRUE = {"1", "true", "ya", "yes", "on"}
# Categories by slug and villages by code, per process (they change a few times a year; apps.py clears this when one
# is saved here). Misses are not kept.
lookups = Memo("api-lookups", seconds=300)


def open311_submit(*, client: ApiClient, data: dict) -> tuple[Complaint, str]:
    """File one report from Open311 fields (GeoReport v2 `POST requests`) through aduan's one intake.

    service_code = a category slug; address_id = the village code (Kemendagri); attribute[jenis] = pengaduan /
    aspirasi / permintaan_informasi; attribute[judul] = title (else the description's first line);
    attribute[anonim] / attribute[rahasia] = true for an anonymous / confidential report. The reporter's phone counts
    against the same per-number limit as the web form and WhatsApp."""
    code = (data.get("service_code") or "").strip()
    category = lookups.get(("category", code), lambda: Category.objects.filter(slug=code, is_active=True).first()) \
        if code else None
    if category is None:
        raise ValidationError({"service_code": _("service_code tidak dikenal; lihat GET services.")})
    attrs = data.get("attributes") or {}
    kind = (attrs.get("jenis") or Kind.PENGADUAN).strip()
    if kind not in Kind.values:
        raise ValidationError({"attribute[jenis]": _("Jenis laporan tidak dikenal.")})
    village = None
    address_id = (data.get("address_id") or "").strip()
    if address_id:
        village = lookups.get(("village", address_id), lambda: Village.objects.filter(pk=address_id).first())
        if village is None:
            raise ValidationError({"address_id": _("address_id harus kode desa/kelurahan Kemendagri yang dikenal.")})
    lat = _decimal(data.get("lat"), "lat", -90, 90)
    lon = _decimal(data.get("long"), "long", -180, 180)
    address = (data.get("address_string") or "").strip()
    if village is None and not address and (lat is None or lon is None):
        raise ValidationError({"lat": _("Sebutkan lokasi: lat dan long, address_string, atau address_id.")})
    description = (data.get("description") or "").strip()
    title = (attrs.get("judul") or "").strip() or (description.splitlines()[0] if description else "")[:100]
    phone = (data.get("phone") or "").strip()
    if phone and not intake_limits.phone_submission(phone).allowed:
        raise ValidationError({"phone": _("Terlalu banyak laporan dari nomor ini dalam satu jam.")})
    name = " ".join(p for p in ((data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()) if p)
    # aduan's one intake in its own transaction (report, timeline, audit, outbox): nothing of ours to add to it,
    # the token below is computed, not stored.
    complaint = complaint_submit(
        kind=kind, title=title, description=description, channel=Channel.API, category=category,
        village=village, address=address, latitude=lat, longitude=lon, reporter_name=name,
        reporter_phone=phone, reporter_email=(data.get("email") or "").strip(),
        is_anonymous=(attrs.get("anonim") or "").lower() in TRUE,
        is_confidential=(attrs.get("rahasia") or "").lower() in TRUE,
    )
    return complaint, open311_token(complaint.pk)


# --- Open311 tokens ----------------------------------------------------------------------------------------------
# GET tokens/{token} answers a token's service_request_id. The token is the report's id with an HMAC of it under
# SECRET_KEY (`<id>-<20 hex>`): computed on POST and checked on GET, so filing a report writes no extra row and needs
# no savepoint around aduan's intake (a stored random token cost three statements per POST). It cannot be guessed
# or forged from an id, and it reveals nothing the answer to POST did not already give its client.
TOKEN_SALT = "satupintu.api.open311-token"


def open311_token(complaint_id: int) -> str:
    from django.utils.crypto import salted_hmac

    return f"{complaint_id}-{salted_hmac(TOKEN_SALT, str(complaint_id), algorithm='sha256').hexdigest()[:20]}"


def open311_token_complaint_id(token: str) -> int | None:
    """The report id a token was made for, or None for anything not made by open311_token."""
    from django.utils.crypto import constant_time_compare

    head, _sep, _mac = (token or "").partition("-")
    if not head.isdigit() or len(head) > 10 or not 0 < int(head) < 2**31:
        return None
    return int(head) if constant_time_compare(open311_token(int(head)), token) else None
