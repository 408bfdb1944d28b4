import sys

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import outage


@require_GET
@never_cache
def healthz(request):
    """Liveness and readiness: the database answers a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means "not ready"
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error(request, template: str, status: int):
    return render(request, template, status=status)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return _error(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def server_error(request):
    """An unavailable database (also when it failed in middleware, before or after the view) answers 503."""
    exc = sys.exc_info()[1]
    if outage.database_unavailable(exc):
        return outage.outage_response(request, exc)
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """An expired form (e.g. a page left open overnight) gets an Indonesian explanation, not Django's page."""
    return render(request, "errors/403_csrf.html", status=403)
