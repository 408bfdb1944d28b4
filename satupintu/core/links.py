"""The one builder of absolute URLs."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str, *, request=None) -> str:
    """`path` as a full URL. With a request, on the host it came in on (a village's own domain stays its own: Open
    Graph links, receipts); without one (messages, PDFs, tasks), on SATUPINTU_BASE_URL. "" stays "" (no image).
    A path that is already absolute is returned as it is (e.g. media on another host)."""
    if not path:
        return ""
    if "://" in path:
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return str(settings.SATUPINTU_BASE_URL or "").rstrip("/") + path
