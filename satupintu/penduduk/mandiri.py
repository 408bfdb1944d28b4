"""Layanan mandiri: residents sign in with their NIK and a 6-digit PIN to request letters from home.

Rules:
- The PIN is issued at the village counter (shown once, never stored in clear: Django's password hashers) or chosen by
  the resident after registering by NIK + KK number + birth date matched against the register.
- After `MAX_FAILED_ATTEMPTS` wrong PINs the access is locked for `LOCK_MINUTES` minutes.
- Every failure gives the same message and costs the same work (a hash check runs even for an unknown NIK), so the
  sign-in page reveals nothing about whether a NIK exists, is registered or is locked.
- Attempts are also limited per IP address (`IP_MAX_ATTEMPTS` per `IP_WINDOW_SECONDS`), so one client cannot walk
  through many NIKs with one guess each.
- A resident's session is separate from staff sign-in (Django auth): a few keys in the session, tied to the PIN hash
  so that issuing a new PIN ends every other session, like Django's session auth hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from satupintu.akun.permissions import can_access_village, require
from satupintu.core.audit import audit_record

from .models import Resident, ResidentCredential, ResidentStatus
from .nik import normalize_nik

MAX_FAILED_ATTEMPTS = int(getattr(settings, "PENDUDUK_MANDIRI_MAX_FAILED_ATTEMPTS", 5))
LOCK_MINUTES = int(getattr(settings, "PENDUDUK_MANDIRI_LOCK_MINUTES", 15))
IP_MAX_ATTEMPTS = int(getattr(settings, "PENDUDUK_MANDIRI_IP_MAX_ATTEMPTS", 30))
IP_WINDOW_SECONDS = int(getattr(settings, "PENDUDUK_MANDIRI_IP_WINDOW_SECONDS", 15 * 60))
REGISTRATION_WINDOW = dt.timedelta(minutes=15)

SIGN_IN_FAILED = _(
    "NIK atau PIN tidak cocok, atau akses Anda sedang dikunci sementara. Periksa kembali dan coba lagi beberapa saat "
    "lagi; jika lupa PIN, minta PIN baru di kantor desa dengan membawa KTP."
)
REGISTER_FAILED = _(
    "Data tidak dapat dicocokkan. Periksa NIK, nomor KK dan tanggal lahir sesuai KK Anda. Jika Anda sudah pernah "
    "mendaftar atau data Anda belum tercatat, silakan datang ke kantor desa."
)
TOO_MANY_ATTEMPTS = _("Terlalu banyak percobaan dari jaringan Anda. Silakan coba lagi dalam %(minutes)s menit.")

SESSION_RESIDENT = "penduduk_mandiri_resident"
SESSION_HASH = "penduduk_mandiri_hash"
SESSION_PENDING = "penduduk_mandiri_pending"

# A hash of a random PIN, checked when the NIK is unknown so that both paths cost one hash computation.
_DUMMY_HASH: str | None = None


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password(f"{secrets.randbelow(10**6):06d}")
    return _DUMMY_HASH


# --- PINs -----------------------------------------------------------------------------------------------------


def pin_problem(pin: str, *, resident: Resident | None = None) -> str | None:
    """Why `pin` is not acceptable, or None. Easy guesses are refused: one digit repeated, a straight run
    (123456, 987654) and the resident's own birth date (DDMMYY), the first things a stranger would try."""
    if not (len(pin) == 6 and pin.isdigit()):
        return str(_("PIN harus 6 digit angka."))
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if len(set(pin)) == 1 or steps in ({1}, {-1}):
        return str(_("PIN terlalu mudah ditebak (angka sama atau berurutan). Pilih PIN lain."))
    if resident is not None and pin in {resident.birth_date.strftime("%d%m%y"), resident.birth_date.strftime("%y%m%d")}:
        return str(_("PIN tidak boleh sama dengan tanggal lahir. Pilih PIN lain."))
    return None


def _random_pin(resident: Resident) -> str:
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        if pin_problem(pin, resident=resident) is None:
            return pin


def _store_pin(*, resident: Resident, pin: str, by=None) -> ResidentCredential:
    now = timezone.now()
    credential, _created = ResidentCredential.objects.select_for_update().get_or_create(
        resident=resident, defaults={"pin_hash": make_password(pin), "issued_at": now, "issued_by": by}
    )
    if not _created:
        credential.pin_hash = make_password(pin)
        credential.failed_attempts = 0
        credential.locked_until = None
        credential.issued_at = now
        credential.issued_by = by
        credential.save(update_fields=["pin_hash", "failed_attempts", "locked_until", "issued_at", "issued_by"])
    return credential


@transaction.atomic
def resident_pin_issue(*, resident: Resident, by) -> str:
    """Issue a new random PIN at the village counter and return it (shown once to the resident, never again).
    Replaces any earlier PIN, clears a lock-out and ends the resident's other sessions."""
    require(can_access_village(by, resident.village_id))
    if resident.status == ResidentStatus.DECEASED:
        raise ValidationError(_("Penduduk yang sudah meninggal tidak dapat diberi PIN layanan mandiri."))
    pin = _random_pin(resident)
    _store_pin(resident=resident, pin=pin, by=by)
    audit_record(obj=resident, action="mandiri_pin_issued", actor=by, note=str(_("PIN layanan mandiri diterbitkan.")))
    return pin


@transaction.atomic
def resident_pin_set(*, resident: Resident, pin: str) -> ResidentCredential:
    """The resident chooses a PIN right after registering (see `resident_register`)."""
    problem = pin_problem(pin, resident=resident)
    if problem:
        raise ValidationError(problem, code="pin")
    credential = _store_pin(resident=resident, pin=pin)
    audit_record(obj=resident, action="mandiri_pin_set", note=str(_("Penduduk mendaftar dan memilih PIN sendiri.")))
    return credential


# --- Sign-in and registration ---------------------------------------------------------------------------------


def resident_authenticate(*, nik: str, pin: str) -> Resident | None:
    """The resident if `nik` and `pin` match an active resident's unlocked credential, else None (see module docs)."""
    nik = normalize_nik(nik)
    pin = (pin or "").strip()
    if not (len(nik) == 16 and nik.isdigit()):
        check_password(pin, _dummy_hash())
        return None
    with transaction.atomic():
        credential = (
            ResidentCredential.objects.select_for_update()
            .select_related("resident")
            .filter(resident__nik=nik, resident__status=ResidentStatus.ACTIVE)
            .first()
        )
        if credential is None:
            check_password(pin, _dummy_hash())
            return None
        now = timezone.now()
        pin_ok = check_password(pin, credential.pin_hash)
        if credential.is_locked(now):
            return None
        resident = credential.resident
        if pin_ok:
            credential.failed_attempts = 0
            credential.locked_until = None
            credential.last_login_at = now
            credential.save(update_fields=["failed_attempts", "locked_until", "last_login_at"])
            audit_record(obj=resident, action="mandiri_login", note=str(_("Masuk layanan mandiri.")))
            return resident
        credential.failed_attempts += 1
        if credential.failed_attempts >= MAX_FAILED_ATTEMPTS:
            credential.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            credential.failed_attempts = 0
            audit_record(
                obj=resident, action="mandiri_locked", to_state="locked",
                note=str(_("Akses mandiri dikunci %(minutes)s menit setelah %(count)s kali PIN salah."))
                % {"minutes": LOCK_MINUTES, "count": MAX_FAILED_ATTEMPTS},
            )
        else:
            audit_record(obj=resident, action="mandiri_login_failed", data={"failed_attempts": credential.failed_attempts})
        credential.save(update_fields=["failed_attempts", "locked_until"])
        return None


def resident_register(*, nik: str, kk_number: str, birth_date: dt.date) -> Resident | None:
    """The resident if NIK, KK number and birth date match an active resident of the register who has no self-service
    access yet, else None. An existing PIN is not replaced this way: anyone holding a copy of the KK knows these three
    facts, so a forgotten PIN is re-issued only at the counter."""
    nik = normalize_nik(nik)
    kk_number = normalize_nik(kk_number)
    if not (len(nik) == 16 and nik.isdigit() and len(kk_number) == 16 and kk_number.isdigit() and birth_date):
        return None
    return (
        Resident.objects.filter(
            nik=nik, family__kk_number=kk_number, birth_date=birth_date, status=ResidentStatus.ACTIVE,
            credential__isnull=True,
        )
        .select_related("village")
        .first()
    )


# --- Rate limit per IP ----------------------------------------------------------------------------------------


def _ip_key(ip: str | None) -> str:
    return f"penduduk:mandiri:ip:{ip or 'unknown'}"


def ip_attempts_exceeded(ip: str | None) -> bool:
    return int(cache.get(_ip_key(ip), 0)) >= IP_MAX_ATTEMPTS


def ip_attempt_record(ip: str | None) -> None:
    """Count one sign-in or registration attempt from `ip` in a fixed window."""
    key = _ip_key(ip)
    if cache.add(key, 1, IP_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, IP_WINDOW_SECONDS)


def too_many_attempts_message() -> str:
    return str(TOO_MANY_ATTEMPTS % {"minutes": max(1, IP_WINDOW_SECONDS // 60)})


# --- Session --------------------------------------------------------------------------------------------------


def _session_hash(credential: ResidentCredential) -> str:
    return salted_hmac("satupintu.penduduk.mandiri", credential.pin_hash, algorithm="sha256").hexdigest()


def login_resident(request, resident: Resident) -> None:
    """Start a resident session. A new session key prevents session fixation; staff sign-in keys are left alone."""
    credential = ResidentCredential.objects.get(resident=resident)
    request.session.cycle_key()
    request.session.pop(SESSION_PENDING, None)
    request.session[SESSION_RESIDENT] = resident.pk
    request.session[SESSION_HASH] = _session_hash(credential)
    request._penduduk_resident = resident


def logout_resident(request) -> None:
    for key in (SESSION_RESIDENT, SESSION_HASH, SESSION_PENDING):
        request.session.pop(key, None)
    request.session.cycle_key()
    request._penduduk_resident = None


def current_resident(request) -> Resident | None:
    """The signed-in resident, or None (no session, a new PIN was issued since, or no longer an active resident)."""
    if hasattr(request, "_penduduk_resident"):
        return request._penduduk_resident
    resident = None
    pk = request.session.get(SESSION_RESIDENT)
    if pk:
        credential = (
            ResidentCredential.objects.select_related("resident", "resident__village", "resident__family")
            .filter(resident_id=pk, resident__status=ResidentStatus.ACTIVE)
            .first()
        )
        if credential and constant_time_compare(request.session.get(SESSION_HASH, ""), _session_hash(credential)):
            resident = credential.resident
        else:
            for key in (SESSION_RESIDENT, SESSION_HASH):
                request.session.pop(key, None)
    request._penduduk_resident = resident
    return resident


def registration_start(request, resident: Resident) -> None:
    """Remember, for a short while, which resident matched the registration form (next step: choose a PIN)."""
    request.session[SESSION_PENDING] = {"resident": resident.pk, "at": timezone.now().isoformat()}


def registration_pending(request) -> Resident | None:
    pending = request.session.get(SESSION_PENDING)
    if not pending:
        return None
    try:
        started = dt.datetime.fromisoformat(pending["at"])
    except (KeyError, TypeError, ValueError):
        started = None
    if started is None or timezone.now() - started > REGISTRATION_WINDOW:
        request.session.pop(SESSION_PENDING, None)
        return None
    return Resident.objects.filter(
        pk=pending.get("resident"), status=ResidentStatus.ACTIVE, credential__isnull=True
    ).first()


def resident_required(view):
    """View decorator: a signed-in resident is required; otherwise go to the self-service sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if current_resident(request) is None:
            url = reverse("penduduk:mandiri_login")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    return wrapper
