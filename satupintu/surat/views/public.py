"""The public verification of a letter: by its QR token, or by its printed number. Only a masked summary is shown."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from satupintu.core import ratelimit
from satupintu.core.request_context import client_ip

from .. import selectors
from ..forms import VerifyLookupForm

# Printed numbers are sequential: without a limit, anyone could walk every letter of a village and collect the
# masked names and letter types. 30 look-ups by number an hour per address is plenty for a person checking letters.
NUMBER_SCOPE = "surat.verify.number"
DEFAULT_NUMBER_LIMIT = (30, 3600)


@require_GET
def verify(request, token: str):
    try:
        letter = selectors.letter_get_by_token(token)
    except Http404:
        return render(request, "surat/verify_not_found.html", status=404)
    return render(request, "surat/verify.html", {"letter": letter, "today": timezone.localdate()})


def verify_lookup(request):
    """By the printed number (its slashes stay in the query string), by the code, or by the QR address."""
    form = VerifyLookupForm(request.GET or None)
    if not (request.GET and form.is_valid()):
        return render(request, "surat/verify_lookup.html", {"form": form})
    token, number = form.cleaned_data["token"], form.cleaned_data["number"]
    if token and not number:  # a pasted QR address: its own page says whether it is registered
        return redirect("surat:verify", token=token)
    if token:
        try:
            return redirect("surat:verify", token=selectors.letter_get_by_token(token).verification_token)
        except Http404:
            pass
    maximum, window = getattr(settings, "SURAT_VERIFY_NUMBER_LIMIT", DEFAULT_NUMBER_LIMIT)
    decision = ratelimit.consume(NUMBER_SCOPE, client_ip(request) or "unknown", limit=maximum, window=window)
    if not decision.allowed:
        form.add_error("code", _(
            "Terlalu banyak pencarian nomor surat dari jaringan Anda. Coba lagi setelah %(until)s, atau pindai kode "
            "QR pada surat."
        ) % {"until": ratelimit.until_text(decision.reset_at)})
        return render(request, "surat/verify_lookup.html", {"form": form}, status=429)
    found = selectors.letter_lookup_by_number(number, village_code=form.cleaned_data["desa"])
    if found.letter is not None:
        return render(request, "surat/verify.html", {"letter": found.letter, "today": timezone.localdate()})
    if found.villages:
        return render(request, "surat/verify_lookup.html", {
            "form": VerifyLookupForm(initial={"code": number}), "number": number, "villages": found.villages,
        })
    form.add_error("code", _(
        "Tidak ada surat terdaftar dengan nomor atau kode ini. Periksa kembali penulisannya (huruf, angka dan garis "
        "miring persis seperti tercetak di surat). Bila sudah sesuai namun tetap tidak ditemukan, hubungi kantor "
        "desa/kelurahan yang disebut di surat."
    ))
    return render(request, "surat/verify_lookup.html", {"form": form})


