"""Two-factor sign-in: a TOTP authenticator app (django-otp) with one-time backup codes (django-otp's static plugin).

Who must use it: with TWO_FACTOR_REQUIRED on, every user whose role is in TWO_FACTOR_REQUIRED_ROLES (default: every
staff role — each opens complaint reporters' identities, the village roles the NIK register too) and every user of the
Django admin. Such a user without a device is sent to enrolment before any page; with one, to the code after the
password. A user who enrolled of their own accord is asked for a code too. Every enrolment, removal, renewal of
backup codes and code check is audited."""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.core.audit import audit_record

# Session key: "pending" from sign-in until the code is given, when the user owes a second factor.
SESSION_KEY = "akun_2fa"
PENDING = "pending"
BACKUP_CODES = 10
DEVICE_NAME = "aplikasi"


def required_for(user) -> bool:
    """Whether the deployment requires a second factor of this user (no query)."""
    if not (settings.TWO_FACTOR_REQUIRED and getattr(user, "is_authenticated", False)):
        return False
    return user.role in set(settings.TWO_FACTOR_REQUIRED_ROLES) or user.is_staff or user.is_superuser


def has_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def owes_at_sign_in(user) -> bool:
    return required_for(user) or has_device(user)


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: one unconfirmed TOTP device per user, its key kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def config_url(device: TOTPDevice) -> str:
    return device.config_url


def manual_key(device: TOTPDevice) -> str:
    """The key as the apps ask for it when typed: base32 in groups of four."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="kode cadangan", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def confirm_enrolment(*, request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new backup codes (shown once), or None if wrong."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    django_otp.login(request, device)
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()
    audit_record(obj=user, action="akun.2fa_enrolled", actor=user, data={"backup_codes": len(codes)})
    return codes


@transaction.atomic
def renew_backup_codes(*, user) -> list[str]:
    codes = _new_backup_codes(user)
    audit_record(
        obj=user, action="akun.2fa_backup_codes_renewed", actor=user, data={"backup_codes": len(codes)}
    )
    return codes


@transaction.atomic
def remove(*, user, by) -> None:
    """Remove every device of `user` (a lost phone); with the requirement on, the next page asks to enrol again."""
    removed = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    audit_record(obj=user, action="akun.2fa_removed", actor=by, data={"devices": removed})


def verify(*, request, code: str) -> str | None:
    """Check the code of the signed-in user: six digits against the app, anything else against the backup codes.
    On success the session is verified; returns "totp" or "backup", or None."""
    user = request.user
    code = "".join(code.split()).lower()
    model, method = (TOTPDevice, "totp") if code.isdigit() and len(code) == 6 else (StaticDevice, "backup")
    with transaction.atomic():
        device = next(
            (
                d
                for d in model.objects.devices_for_user(user, confirmed=True).select_for_update()
                if d.verify_token(code)
            ),
            None,
        )
        if device is None:
            audit_record(obj=user, action="akun.2fa_failed", actor=user, data={"method": method})
            return None
        django_otp.login(request, device)
        request.session.pop(SESSION_KEY, None)
        audit_record(obj=user, action="akun.2fa_verified", actor=user, data={"method": method})
    request.session.cycle_key()
    return method
