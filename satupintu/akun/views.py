from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import passwordreset, throttle, twofactor
from .forms import SignInForm, TokenForm
from .permissions import is_authenticated, landing_url


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}" if next_url else reverse(name)


class SignInView(auth_views.LoginView):
    """Sign-in: throttled by django-axes (throttle.py); afterwards each role lands where its work is."""

    form_class = SignInForm

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address has an account, and whether or not the limit stopped the e-mail."""

    def form_valid(self, form):
        if passwordreset.allow(email=form.cleaned_data["email"], request=self.request):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


@never_cache
def two_factor_verify(request):
    """The second step after the password: a code from the app, or a backup code."""
    if not is_authenticated(request.user):
        return redirect("akun:login")
    next_url = _safe_next(request) or landing_url(request.user)
    if request.user.is_verified():
        return redirect(next_url)
    if not twofactor.has_device(request.user):
        return redirect(_with_next("akun:two_factor", next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        lock = throttle.current_lock(request, request.user.get_username())
        if lock is None and form.is_valid():
            if twofactor.verify(request=request, code=form.cleaned_data["code"]):
                return redirect(next_url)
            throttle.record_failure(request, request.user.get_username())
            lock = throttle.current_lock(request, request.user.get_username())
            # django-otp holds the device 1, 2, 4, ... seconds after successive wrong codes: a code typed at once
            # after a wrong one is refused too.
            form.add_error(
                "code", _("Kode salah atau sudah dipakai. Tunggu beberapa detik sebelum mencoba lagi.")
            )
        if lock is not None:
            logout(request)
            return render(
                request,
                "registration/login.html",
                {"form": SignInForm(request), "lock_message": throttle.lock_message(lock), "next": ""},
                status=429,
            )
    return render(request, "akun/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
def two_factor(request):
    """Enrolment (QR code, key to type, confirm with a code) and, once enrolled, the state of the second factor."""
    if not is_authenticated(request.user):
        return redirect("akun:login")
    user = request.user
    next_url = _safe_next(request)
    if twofactor.has_device(user):
        if not user.is_verified():
            return redirect(_with_next("akun:two_factor_verify", next_url))
        return render(
            request, "akun/two_factor.html", {"enrolled": True, "required": twofactor.required_for(user)}
        )
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            return render(
                request, "akun/backup_codes.html", {"codes": codes, "next": next_url or landing_url(user)}
            )
        form.add_error("code", _("Kode tidak cocok. Periksa jam ponsel Anda dan coba kode berikutnya."))
    import segno

    qr = segno.make(twofactor.config_url(device), error="m").svg_inline(scale=4, light="#fff", omitsize=False)
    return render(
        request,
        "akun/two_factor.html",
        {
            "enrolled": False,
            "required": twofactor.required_for(user),
            "qr": qr,
            "manual_key": twofactor.manual_key(device),
            "form": form,
            "next": next_url,
        },
    )


@require_POST
def two_factor_backup_codes(request):
    if not (is_authenticated(request.user) and request.user.is_verified()):
        return redirect("akun:two_factor")
    codes = twofactor.renew_backup_codes(user=request.user)
    return render(request, "akun/backup_codes.html", {"codes": codes, "next": reverse("akun:two_factor")})


@require_POST
def two_factor_remove(request):
    if not (is_authenticated(request.user) and request.user.is_verified()):
        return redirect("akun:two_factor")
    twofactor.remove(user=request.user, by=request.user)
    messages.success(request, _("Verifikasi dua langkah dihapus."))
    return redirect("akun:two_factor")
