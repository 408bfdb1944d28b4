"""Layanan mandiri pages: sign in with NIK + PIN, register by NIK + KK + birth date, see one's own data."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from satupintu.core.request_context import client_ip

from .. import mandiri
from ..forms import MandiriLoginForm, MandiriPinForm, MandiriRegisterForm
from ..selectors import family_members


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


def _limited(request) -> str | None:
    """Counts this attempt; the "too many attempts" message if this client has used up its attempts."""
    return mandiri.ip_attempt(client_ip(request))


@never_cache
@sensitive_post_parameters("pin")
def login(request):
    if mandiri.current_resident(request) is not None:
        return redirect(_next_url(request) or "penduduk:mandiri_home")
    form = MandiriLoginForm()
    error = None
    if request.method == "POST":
        error = _limited(request)
        if error is None:
            posted = MandiriLoginForm(request.POST)
            if posted.is_valid():
                sign_in = mandiri.resident_sign_in(nik=posted.cleaned_data["nik"], pin=posted.cleaned_data["pin"])
                if sign_in.resident is not None:
                    mandiri.login_resident(request, sign_in.resident)
                    return redirect(_next_url(request) or "penduduk:mandiri_home")
                if sign_in.locked_until is not None:  # the same for a NIK that does not exist
                    error = mandiri.locked_message(sign_in.locked_until)
            # Otherwise one message for every failure, whatever the reason (see the mandiri module's docs).
            error = error or mandiri.SIGN_IN_FAILED
        form = MandiriLoginForm(initial={"nik": request.POST.get("nik", "")[:24]})
    return render(request, "penduduk/mandiri/login.html", {"form": form, "error": error, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("nik", "kk_number", "birth_date")
def register(request):
    if mandiri.current_resident(request) is not None:
        return redirect("penduduk:mandiri_home")
    form = MandiriRegisterForm(request.POST or None)
    error = None
    if request.method == "POST":
        error = _limited(request)
        if error is None:
            resident = None
            if form.is_valid():
                resident = mandiri.resident_register(
                    nik=form.cleaned_data["nik"], kk_number=form.cleaned_data["kk_number"],
                    birth_date=form.cleaned_data["birth_date"],
                )
            if resident is not None:
                mandiri.registration_start(request, resident)
                return redirect("penduduk:mandiri_set_pin")
            error = mandiri.REGISTER_FAILED
    return render(request, "penduduk/mandiri/register.html", {"form": form, "error": error})


@never_cache
@sensitive_post_parameters("pin", "pin_again")
def set_pin(request):
    resident = mandiri.registration_pending(request)
    if resident is None:
        messages.error(request, _("Sesi pendaftaran sudah berakhir. Silakan ulangi pendaftaran."))
        return redirect("penduduk:mandiri_register")
    form = MandiriPinForm(request.POST or None, resident=resident)
    if request.method == "POST" and form.is_valid():
        mandiri.resident_pin_set(resident=resident, pin=form.cleaned_data["pin"])
        mandiri.login_resident(request, resident)
        messages.success(request, _("PIN tersimpan. Anda sudah masuk ke layanan mandiri."))
        return redirect("penduduk:mandiri_home")
    return render(request, "penduduk/mandiri/set_pin.html", {"form": form})


@require_POST
def logout(request):
    mandiri.logout_resident(request)
    messages.success(request, _("Anda sudah keluar dari layanan mandiri."))
    return redirect("penduduk:mandiri_login")


@never_cache
@mandiri.resident_required
def home(request):
    """The resident's own data as the register holds it. NIK and KK masked: the page may be open on a shared phone."""
    resident = mandiri.current_resident(request)
    # The resident's own family card, which they hold: names in full, identity numbers never shown.
    members = family_members(resident.family).exclude(pk=resident.pk) if resident.family_id else []
    return render(request, "penduduk/mandiri/home.html", {"resident": resident, "members": members})
