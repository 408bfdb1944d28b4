"""Public reads from a PostgreSQL streaming replica, everything else from the primary.

With `DATABASE_REPLICA_URL` set, settings add a second alias, "replica", and `ReplicaRouter`. A request reads from the
replica only when all of these hold (`ReplicaReadMiddleware` decides, once per request):

- the method is GET or HEAD, and its view is one of `REPLICA_READ_VIEWS` (public lists, statistics, village pages,
  the portal: pages whose readers can live with a second or two of lag);
- the visitor is not signed in (staff work queues and must see their own steps at once);
- the browser has not written anything in the last `REPLICA_STICKY_SECONDS` seconds. Every POST/PUT/PATCH/DELETE answer
  sets a short cookie (`sp_w`); while it lives, that browser reads from the primary: read-your-writes for the session
  that wrote, without asking the replica how far behind it is.

Only the models of `REPLICA_APPS` go to the replica even then: sessions, users, rate-limit counters, tasks and the
outbox are always read on the primary, because the same request may write them. Writes always go to the primary; the
replica is never migrated (streaming replication copies the primary's schema).

Without the setting nothing changes: one alias, no router (tests of this module set the flag by hand).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
WRITE_COOKIE = "sp_w"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_reading_from_replica: ContextVar[bool] = ContextVar("satupintu_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads(enabled: bool = True):
    """Within the block, reads of REPLICA_APPS' models go to the replica (when one is configured)."""
    token = _reading_from_replica.set(enabled)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reading_from_replica() -> bool:
    return _reading_from_replica.get()


class ReplicaRouter:
    """Reads of REPLICA_APPS' models go to "replica" while the request's flag is set; all else to "default"."""

    def db_for_read(self, model, **hints):
        if (_reading_from_replica.get() and model._meta.app_label in settings.REPLICA_APPS
                and replica_configured()):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


def _view_allowed(view_name: str) -> bool:
    """`REPLICA_READ_VIEWS` holds view names ("aduan:list") and whole namespaces ("desa:*")."""
    if not view_name:
        return False
    allowed = settings.REPLICA_READ_VIEWS
    return view_name in allowed or f"{view_name.rsplit(':', 1)[0]}:*" in allowed


def request_may_read_replica(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        replica_configured()
        and request.method in ("GET", "HEAD")
        and WRITE_COOKIE not in request.COOKIES
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
        and match is not None
        and _view_allowed(match.view_name)
    )


class ReplicaReadMiddleware:
    """Sets the replica flag for the view (and its template rendering) of requests that may read from the replica,
    and marks a browser that wrote so that its next reads come from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._replica_token = None
        try:
            response = self.get_response(request)  # TemplateResponses are rendered inside, still under the flag
        finally:
            token = request._replica_token
            if token is not None:
                _reading_from_replica.reset(token)
        if request.method in UNSAFE_METHODS and replica_configured():
            response.set_cookie(WRITE_COOKIE, "1", max_age=settings.REPLICA_STICKY_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request_may_read_replica(request):
            request._replica_token = _reading_from_replica.set(True)
        return None
