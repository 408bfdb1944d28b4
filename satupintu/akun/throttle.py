"""Sign-in throttle: django-axes with its database handler (one count for every web process), two limits, and a
lock-out that says until when.

Failures are counted twice: per account name typed (from any address; a name that does not exist is counted too, so
the answer does not reveal which accounts exist) and per client address (any account name). SIGNIN_FAILURES_PER_ACCOUNT
failures of one account, or SIGNIN_FAILURES_PER_ADDRESS from one address, lock that account or address for
SIGNIN_LOCKOUT_MINUTES; axes's count lapses once that long passes without a failure. While locked, the right password
does not sign in either, and further tries do not extend the lock (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off).

Every failure, refusal and lock-out is audited here (core.audit), after axes has counted it; sign-ins and sign-outs in
`signals.py`. Passwords are never stored: axes masks them in what it keeps, and the audit keeps the name only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core import request_context
from satupintu.core.audit import audit_record
from satupintu.core.ratelimit import until_text


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the same address the audit trail records (TRUSTED_PROXY_COUNT applies)."""
    return request_context.client_ip(request)


def _limits() -> tuple[int, int]:
    return int(settings.SIGNIN_FAILURES_PER_ACCOUNT), int(settings.SIGNIN_FAILURES_PER_ADDRESS)


def _lock_end(rows: list[tuple[datetime, int]], limit: int, cool_off) -> datetime | None:
    """When a lock over these (last failure, failures) rows ends: rows lapse oldest first, `cool_off` after their last
    failure; the lock lasts while the rows not yet lapsed still hold `limit` failures. None if not locked now."""
    total = sum(n for _, n in rows)
    end = None
    for at, n in sorted(rows):
        if total < limit:
            break
        end = at + cool_off
        total -= n
    return end


@dataclass(frozen=True)
class Lock:
    until: datetime
    by_account: bool  # else by address


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes's database handler with one limit per account and another per address (axes itself has one for all)."""

    def _rows(self, request, credentials) -> tuple[list, list]:
        by_account, by_address = self.get_user_attempts(request, credentials)  # AXES_LOCKOUT_PARAMETERS order
        return (
            list(by_account.values_list("attempt_time", "failures_since_start")),
            list(by_address.values_list("attempt_time", "failures_since_start")),
        )

    def get_failures(self, request, credentials=None) -> int:
        """Axes compares this with AXES_FAILURE_LIMIT, the account limit. The address count is put on that scale, so
        either limit locks: floor(n * account_limit / address_limit) reaches account_limit exactly when n reaches
        address_limit."""
        per_account, per_address = _limits()
        account_rows, address_rows = self._rows(request, credentials)
        account = sum(n for _, n in account_rows)
        address = sum(n for _, n in address_rows)
        return max(account, address * per_account // per_address)

    def lock(self, request, credentials=None) -> Lock | None:
        """The lock that applies to this request and account name now, the later one if both do."""
        self.update_request(request)
        per_account, per_address = _limits()
        cool_off = get_cool_off(request)
        account_rows, address_rows = self._rows(request, credentials)
        ends = [
            Lock(until=end, by_account=by_account)
            for rows, limit, by_account in (
                (account_rows, per_account, True),
                (address_rows, per_address, False),
            )
            if (end := _lock_end(rows, limit, cool_off)) and end > timezone.now()
        ]
        return max(ends, key=lambda lock: lock.until) if ends else None

    @staticmethod
    def update_request(request) -> None:
        from axes.handlers.proxy import AxesProxyHandler

        AxesProxyHandler.update_request(request)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a sign-in: clear the account's own count, not the address's (or anyone could clear their address's
        count by signing in to an account of their own between guesses at others)."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        refused = bool(
            getattr(request, "axes_locked_out", False)
        )  # set by the backend: locked before this try
        super().user_login_failed(sender, credentials, request, **kwargs)
        username = (get_client_username(request, credentials) or "")[:150]
        user = get_user_model().objects.filter(username=username).first() if username else None
        if refused:
            action = "akun.sign_in_refused"
        elif getattr(request, "axes_locked_out", False):
            action = "akun.locked_out"
        else:
            action = "akun.sign_in_failed"
        data = {"username": username, "path": request.path[:200]}
        lock = self.lock(request, credentials) if action != "akun.sign_in_failed" else None
        if lock:
            data.update(
                locked_until=lock.until.isoformat(), locked_by="account" if lock.by_account else "address"
            )
        if action == "akun.sign_in_failed":
            data["failures"] = getattr(request, "axes_failures_since_start", None)
        target = user or _attempt_row(request, username)
        if target is not None:
            audit_record(obj=target, action=action, data=data, channel="web")


def _attempt_row(request, username: str):
    """An account name that does not exist has no user to audit against: the axes row that counts it stands in."""
    return (
        AccessAttempt.objects.filter(username=username, ip_address=getattr(request, "axes_ip_address", None))
        .order_by("-attempt_time")
        .first()
    )


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuses every sign-in of a locked account or address before the password is checked.

    authenticate() without a request (the management shell, the test client's login()) has no client to count: it
    passes through to the next backend. Every sign-in page (ours, the admin's) passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def handler() -> SignInThrottleHandler:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.get_implementation()


def current_lock(request, username: str | None) -> Lock | None:
    return handler().lock(request, {"username": username})


def lock_message(lock: Lock) -> str:
    when = until_text(lock.until)
    if lock.by_account:
        return _("Terlalu banyak percobaan masuk yang gagal. Akun dikunci sampai %(when)s.") % {"when": when}
    return _("Terlalu banyak percobaan masuk yang gagal dari alamat Anda. Coba lagi setelah %(when)s.") % {
        "when": when
    }


def record_failure(request, username: str) -> None:
    """A wrong second-factor code counts as a failed sign-in of the account (the same lock stops guessing codes)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again (429), saying until when."""
    from .forms import SignInForm

    username = get_client_username(request, credentials) or ""
    lock = current_lock(request, username)
    message = lock_message(lock) if lock else _("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.")
    form = SignInForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "lock_message": message, "next": request.POST.get("next", "")},
        status=429,
    )
