"""Layanan mandiri: residents sign in with their NIK and a 6-digit PIN to request letters from home.

Rules:
- The PIN is issued at the village counter (shown once, never stored in clear: Django's password hashers) or chosen by
  the resident after registering by NIK + KK number + birth date matched against the register.
- `MAX_FAILED_ATTEMPTS` wrong PINs for one NIK within `LOCK_MINUTES` minutes lock it until `LOCK_MINUTES` after the
  first of them (core.ratelimit's sliding window, to a tenth of it); the page then says so and until when. The
  failures are counted per NIK typed, whether or not it exists, so an unknown NIK locks after the same number of
  tries with the same message: the lock reveals nothing either. Issuing a new PIN at the counter lifts the lock.
- Every other failure gives the same message and costs the same work (a hash check runs even for an unknown NIK), so
  the sign-in page reveals nothing about whether a NIK exists or is registered.
- Attempts are also limited per IP address (`IP_MAX_ATTEMPTS` per `IP_WINDOW_SECONDS`), so one client cannot walk
  through many NIKs with one guess each.
- Both limits are counted by core.ratelimit in one place for every web process (Redis or the database).
- A resident's session is separate from staff sign-in (Django auth): a few keys in the session, tied to the PIN hash
  so that issuing a new PIN ends every other session, like Django's session auth hash.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from satupintu.akun.permissions import require
from satupintu.core import ratelimit
from satupintu.core.audit import audit_record

from .models import Resident, ResidentCredential, ResidentStatus
from .nik import normalize_nik
from .permissions import can_manage_residents

MAX_FAILED_ATTEMPTS = int(getattr(settings, "PENDUDUK_MANDIRI_MAX_FAILED_ATTEMPTS", 5))
LOCK_MINUTES = int(getattr(settings, "PENDUDUK_MANDIRI_LOCK_MINUTES", 15))
IP_MAX_ATTEMPTS = int(getattr(settings, "PENDUDUK_MANDIRI_IP_MAX_ATTEMPTS", 30))
IP_WINDOW_SECONDS = int(getattr(settings, "PENDUDUK_MANDIRI_IP_WINDOW_SECONDS", 15 * 60))
REGISTRATION_WINDOW = dt.timedelta(minutes=15)
NIK_SCOPE = "penduduk.mandiri.nik"
IP_SCOPE = "penduduk.mandiri.ip"

SIGN_IN_FAILED = _(
    "NIK atau PIN tidak cocok, atau akses Anda sedang dikunci sementara. Periksa kembali dan coba lagi beberapa saat "
    "lagi; jika lupa PIN, minta PIN baru di kantor desa dengan membawa KTP."
)
REGISTER_FAILED = _(
    "Data tidak dapat dicocokkan. Periksa NIK, nomor KK dan tanggal lahir sesuai KK Anda. Jika Anda sudah pernah "
    "mendaftar atau data Anda belum tercatat, silakan datang ke kantor desa."
)
LOCKED = _(
    "Akses layanan mandiri untuk NIK ini dikunci sementara karena PIN salah terlalu sering. Silakan coba lagi "
    "setelah %(until)s. Jika lupa PIN, minta PIN baru di kantor desa dengan membawa KTP."
)
TOO_MANY_ATTEMPTS = _("Terlalu banyak percobaan dari jaringan Anda. Silakan coba lagi setelah %(until)s.")

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
    ratelimit.reset(NIK_SCOPE, resident.nik)  # a new PIN lifts the lock
    return credential


@transaction.atomic
def resident_pin_issue(*, resident: Resident, by) -> str:
    """Issue a new random PIN at the village counter and return it (shown once to the resident, never again).
    Replaces any earlier PIN, clears a lock-out and ends the resident's other sessions."""
    require(can_manage_residents(by, resident.village_id))
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


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the resident, or nobody; `locked_until` when the NIK typed is locked (known or not)."""

    resident: Resident | None = None
    locked_until: dt.datetime | None = None


def _lock_seconds() -> int:
    return LOCK_MINUTES * 60


def resident_sign_in(*, nik: str, pin: str) -> SignIn:
    """Sign in with NIK and PIN (see the module docs for the lock and what the answer may reveal)."""
    nik = normalize_nik(nik)
    pin = (pin or "").strip()
    if not (len(nik) == 16 and nik.isdigit()):
        check_password(pin, _dummy_hash())
        return SignIn()
    lock = ratelimit.peek(NIK_SCOPE, nik, limit=MAX_FAILED_ATTEMPTS, window=_lock_seconds())
    if not lock.allowed:
        check_password(pin, _dummy_hash())  # the same work as any other answer
        return SignIn(locked_until=lock.reset_at)
    with transaction.atomic():
        credential = (
            ResidentCredential.objects.select_for_update()
            .select_related("resident")
            .filter(resident__nik=nik, resident__status=ResidentStatus.ACTIVE)
            .first()
        )
        pin_ok = check_password(pin, credential.pin_hash if credential else _dummy_hash()) and credential is not None
        now = timezone.now()
        if pin_ok:
            ratelimit.reset(NIK_SCOPE, nik)
            credential.failed_attempts = 0
            credential.locked_until = None
            credential.last_login_at = now
            credential.save(update_fields=["failed_attempts", "locked_until", "last_login_at"])
            audit_record(obj=credential.resident, action="mandiri_login", note=str(_("Masuk layanan mandiri.")))
            return SignIn(resident=credential.resident)
        # Counted for any NIK typed, existing or not (see the module docs).
        failure = ratelimit.consume(NIK_SCOPE, nik, limit=MAX_FAILED_ATTEMPTS, window=_lock_seconds())
        locked_until = failure.reset_at if failure.remaining == 0 else None
        if credential is not None:
            # A copy for staff (the admin's list); the lock itself is the limiter's.
            credential.failed_attempts = failure.count
            credential.locked_until = locked_until
            credential.save(update_fields=["failed_attempts", "locked_until"])
            if locked_until:
                audit_record(
                    obj=credential.resident, action="mandiri_locked", to_state="locked",
                    note=str(_("Akses mandiri dikunci %(minutes)s menit setelah %(count)s kali PIN salah."))
                    % {"minutes": LOCK_MINUTES, "count": MAX_FAILED_ATTEMPTS},
                    data={"locked_until": locked_until.isoformat()},
                )
            else:
                audit_record(obj=credential.resident, action="mandiri_login_failed",
                             data={"failed_attempts": failure.count})
        return SignIn(locked_until=locked_until)


def resident_authenticate(*, nik: str, pin: str) -> Resident | None:
    """The resident if `nik` and `pin` match an active resident's unlocked credential, else None."""
    return resident_sign_in(nik=nik, pin=pin).resident


def locked_message(until: dt.datetime) -> str:
    return str(LOCKED % {"until": ratelimit.until_text(until)})


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


def ip_attempt(ip: str | None) -> str | None:
    """Count one sign-in or registration attempt from `ip`; the "too many attempts" message once they are used up."""
    decision = ratelimit.consume(IP_SCOPE, ip or "unknown", limit=IP_MAX_ATTEMPTS, window=IP_WINDOW_SECONDS)
    if decision.allowed:
        return None
    return str(TOO_MANY_ATTEMPTS % {"until": ratelimit.until_text(decision.reset_at)})


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
