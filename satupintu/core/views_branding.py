"""The site icon at the address browsers ask for without being told (/favicon.ico)."""

from django.http import FileResponse, Http404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .branding import STATIC_DIR

FAVICON = STATIC_DIR / "img" / "favicon.ico"


@require_GET
@cache_control(public=True, max_age=86400)
def favicon(request):
    if not FAVICON.is_file():
        raise Http404
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
