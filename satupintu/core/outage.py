"""A database that cannot be reached answers 503 "try again in a minute", never 500, and keeps what the citizen typed.

Two hooks, both needed:

* `DatabaseOutageMiddleware.process_exception` turns a failure in a view (the commonest: the intake form's page
  comes from memory, its submission needs the database) into the 503 page.
* `server_error` (Django's handler500, wired in core/views.py) does the same for a failure that happens in
  middleware before or after the view (a session read or write, the signed-in user's row, a village's host name):
  Django turns those into a response at that middleware's layer, so no other middleware can see the exception.
  With DEBUG on Django shows its technical page there instead, as it does for every error.

What counts as "the database is unavailable" (`database_unavailable`):
* PostgreSQL: every OperationalError and InterfaceError (refused or lost connection, server shutting down, too many
  connections, statement timeout, lock or deadlock give-up) — transient by nature, worth a retry.
* SQLite: only "unable to open database file", "disk I/O error" and "database is locked" (the 20 s busy timeout
  ran out: the server is overloaded and a retry in a minute is the right advice). SQLite also raises
  OperationalError for a missing table or a syntax error; those are bugs and stay 500s, so they are noticed.

The page is rendered without the database: a standalone template, no context processors (they read the session and
the user), no session write. It carries the fields of a failed POST back (escaped, secrets left out, and only when
the POST passed the CSRF check) in a form that posts them again with a fresh CSRF token; files cannot be carried and
the page says so. The response is logged as a warning, at most once per LOG_EVERY seconds per process with the
number of others, never as an error with a traceback (no error mail per request during an outage).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger("satupintu.outage")

RETRY_AFTER_SECONDS = 60
LOG_EVERY = 10.0  # seconds between two warnings of one process; the ones in between are counted
TEMPLATE = "errors/503.html"
SQLITE_TRANSIENT = ("unable to open database file", "disk i/o error", "database is locked")
# Field names never echoed back: passwords, PINs, the TTE passphrase, one-time codes, tokens, the CSRF token.
SECRET_FIELD = re.compile(r"(?:^|[_-])(?:pass\w*|pin\w*|secret\w*|token\w*|otp\w*|totp\w*|code|csrf\w*)$", re.I)

try:  # the driver's own classes, for an error raised outside Django's wrapper (a pool, a raw connection)
    import psycopg

    DRIVER_ERRORS: tuple[type[BaseException], ...] = (psycopg.OperationalError, psycopg.InterfaceError)
except ImportError:  # pragma: no cover - psycopg is a dependency; SQLite-only installs work without it
    DRIVER_ERRORS = ()


def database_unavailable(exc: BaseException | None) -> bool:
    """True when `exc` means the database cannot be reached or cannot answer now (see the module docstring)."""
    if exc is None:
        return False
    if not isinstance(exc, (OperationalError, InterfaceError, *DRIVER_ERRORS)):
        return False
    cause = exc.__cause__ if isinstance(exc.__cause__, BaseException) else exc
    if isinstance(cause, sqlite3.Error) or isinstance(exc, sqlite3.Error):
        message = str(exc).lower()
        return any(text in message for text in SQLITE_TRANSIENT)
    return True


class _Throttled:
    """Warn at most once per LOG_EVERY seconds (per process), saying how many answers were not logged since."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._skipped = 0

    def warn(self, request, exc: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < LOG_EVERY:
                self._skipped += 1
                return
            skipped, self._skipped, self._last = self._skipped, 0, now
        logger.warning(
            "Database unavailable, answered 503: %s %s (%s: %s); %d more 503 since the last warning",
            request.method, request.path, type(exc).__name__, str(exc).strip().splitlines()[0][:200] if str(exc) else "",
            skipped,
        )


_log = _Throttled()


def _csrf_passed(request) -> bool:
    """Whether the POST carried the visitor's own CSRF token. A failure in middleware comes before Django's check:
    without this, another site could post fields of its choosing and have our page offer them to the visitor, with a
    valid token, behind a "Kirim ulang" button. (Django has no public call for the check alone; its failure view
    would render with the database.)"""
    if getattr(request, "csrf_processing_done", False):
        return True  # the view was reached: CsrfViewMiddleware accepted the request
    try:
        CsrfViewMiddleware(lambda r: None)._check_token(request)  # noqa: SLF001
    except Exception:  # noqa: BLE001 - RejectRequest, or an unreadable body: keep nothing
        return False
    return True


def _kept_fields(request) -> tuple[list[tuple[str, str]], bool]:
    """The text fields of a failed POST to post again, secrets left out, and whether files were sent (lost).
    Nothing is kept from a POST that did not pass the CSRF check."""
    if request.method != "POST":
        return [], False
    try:
        data, files = request.POST, request.FILES
    except Exception:  # noqa: BLE001 - an unreadable body (too big, broken multipart): nothing to keep
        return [], False
    if not _csrf_passed(request):
        return [], False
    fields = [
        (name, value)
        for name in data
        if not SECRET_FIELD.search(name)
        for value in data.getlist(name)
    ]
    return fields, bool(files)


def _csrf_token(request) -> str:
    """A token the re-post will pass with, also when the failure came before CsrfViewMiddleware read the cookie."""
    if "CSRF_COOKIE" not in request.META:
        CsrfViewMiddleware(lambda r: None).process_request(request)
    return get_token(request)


def outage_response(request, exc: BaseException) -> HttpResponse:
    """The 503 page for `request`; never touches the database."""
    _log.warn(request, exc)
    fields, had_files = _kept_fields(request)
    context = {
        "fields": fields,
        "shown_fields": [(name, value) for name, value in fields if value.strip() and name != "website"],
        "had_files": had_files,
        "action": request.get_full_path(),
        "retry_after": RETRY_AFTER_SECONDS,
    }
    try:
        if fields:
            context["csrf_token"] = _csrf_token(request)
        body = loader.get_template(TEMPLATE).render(context)  # no request: no context processor runs
    except Exception:  # noqa: BLE001 - the page of last resort must not fail in turn
        logger.exception("The 503 page could not be rendered")
        body = _("Layanan sedang gangguan, coba lagi dalam satu menit.")
        response = HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)  # what the citizen typed must not be kept by a cache
    if fields and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        CsrfViewMiddleware(lambda r: None).process_response(request, response)  # the cookie the token belongs to
    response._has_been_logged = True  # Django's request logger would log it again as an error  # noqa: SLF001
    return response


class DatabaseOutageMiddleware:
    """A view that fails because the database is unavailable answers the 503 page (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return outage_response(request, exception)
        return None
