"""Content-Security-Policy on every response (django-csp 4; the policy is CONTENT_SECURITY_POLICY in settings).

The platform's pages run no inline script and no inline style: scripts and styles come from /static/ only; the one
inline <style> (the regency's colours, base.html) carries the request's nonce. Django's admin writes a few style=""
attributes of its own, so under /admin/ styles may be inline; its scripts are still only its own files."""

from __future__ import annotations

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin_prefix = getattr(settings, "SATUPINTU_ADMIN_PREFIX", "/admin/")
        if not report_only and request.path_info.startswith(admin_prefix):
            # style-src with a nonce ignores 'unsafe-inline'; the admin's pages get inline styles and no nonce.
            parts.replace = {**(parts.replace or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts
