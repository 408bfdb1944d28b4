"""Gzip for the pages of anonymous visitors: a page such as `/desa/` is 64 KB of HTML that compresses to 5.5 KB, which
matters on a village's mobile connection.

BREACH: an attacker who can make a victim's browser send requests, and can see the size of the (encrypted)
compressed responses, can guess a secret in the page byte by byte when the page also reflects text the attacker
chose (a search term, a query parameter). The policy:

- Pages for a visitor WITHOUT a session (the public pages: portal, village sites, lists, forms) are compressed.
  Their one secret is the CSRF token of a form, which Django masks afresh on every response (the compressed length
  cannot converge on it), and Django's GZipMiddleware adds random-length padding to the gzip header ("Heal the
  Breach") on top. Everything else in such a page is public anyway.
- Pages for a visitor WITH a session (staff and citizens signed in, a resident in self-service) are NOT compressed:
  they show personal data (names, NIK, phone numbers) next to reflected search input (`?q=` in the register, the
  queues), which is exactly what BREACH extracts; masking protects only the CSRF token, not that data.
- Only text is compressed (HTML, JSON, CSS/JS, XML, CSV, SVG): images and PDFs are compressed already.
- Static files are compressed ahead of time by WhiteNoise and never reach this middleware.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "application/rss+xml",
                "application/atom+xml", "image/svg+xml")


def has_session(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty()


class PublicGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSIBLE) or has_session(request):
            return response
        return super().process_response(request, response)
