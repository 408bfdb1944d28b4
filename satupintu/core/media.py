"""Public uploads (MEDIA_ROOT: village photos, product pictures, public downloads) served by the app itself.

The reverse proxy should serve `/media/` straight from MEDIA_ROOT (README, "Production"); this view is the fallback
that makes a plain `gunicorn` deployment work, on with SERVE_MEDIA (default) and off behind nginx.

Safe by construction:
- only MEDIA_ROOT: Django's `static.serve` joins the path with `safe_join` (no `..`, no absolute paths, no symlink
  out of the root) and never lists a directory; a resolved path inside PRIVATE_MEDIA_ROOT is refused as well, in
  case someone points both roots at one folder; hidden files (a part starting with ".") are never served;
- the content type is guessed from the name; only images and PDF are shown inline, anything else is a download
  (`Content-Disposition: attachment`); every response carries `X-Content-Type-Options: nosniff` and a
  `Content-Security-Policy: default-src 'none'; sandbox` so that an uploaded HTML or SVG file can run nothing;
- cached by browsers and proxies for a day (uploads live in random folders: a new file gets a new URL), with
  Last-Modified / If-Modified-Since answered by 304.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.static import serve

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif", "application/pdf"})
CACHE_SECONDS = 24 * 3600


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


@require_safe
def public_media(request, path: str):
    if not getattr(settings, "SERVE_MEDIA", True):
        raise Http404
    if any(part.startswith(".") for part in Path(path).parts):
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if not _inside(target, root) or _inside(target, private) or target.is_dir():
        raise Http404
    response = serve(request, path, document_root=str(root), show_indexes=False)
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if response.status_code == 200 and content_type not in INLINE_TYPES:
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=target.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
