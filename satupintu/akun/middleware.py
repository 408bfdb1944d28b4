from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from . import twofactor

# What a user who still owes the second factor may open: the steps themselves, signing out, the language switch.
OPEN_VIEWS = frozenset(
    {"akun:two_factor", "akun:two_factor_verify", "akun:logout", "set_language", "core:healthz"}
)


class TwoFactorMiddleware:
    """A signed-in user who owes a second factor (required by TWO_FACTOR_REQUIRED for their role, or a device of
    their own found at sign-in) is sent to the code, or to enrolment if they have no device, before any page —
    the Django admin included.

    Costs nothing for everyone else: the sign-in marks the session; without that mark the user is only looked at
    when the requirement is on (a session older than the setting is caught too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._owes(request) and not self._open(request):
            target = "akun:two_factor_verify" if twofactor.has_device(request.user) else "akun:two_factor"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _owes(request) -> bool:
        pending = request.session.get(twofactor.SESSION_KEY) == twofactor.PENDING
        if not (pending or settings.TWO_FACTOR_REQUIRED):
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        return pending or twofactor.required_for(user)

    @staticmethod
    def _open(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return True  # a 404 shows nothing
        return match.view_name in OPEN_VIEWS
