"""The one staff page of this app: SP4N-LAPOR! forwarding by hand and the state of every linked report."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from satupintu.aduan.selectors import complaint_get_for_staff
from satupintu.akun.decorators import rule_required

from .lapor.adapter import is_configured
from .lapor.services import can_forward, lapor_forward
from .models import LaporLink, LaporSync


class ForwardForm(forms.Form):
    kode = forms.CharField(label=gettext_lazy("Kode lacak aduan"), max_length=20,
                           widget=forms.TextInput(attrs={"placeholder": "ADU-XXXX-XXXX", "autocomplete": "off"}))


@rule_required(can_forward)
def lapor_desk(request):
    form = ForwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_get_for_staff(tracking_code=form.cleaned_data["kode"], user=request.user)
        except Exception:  # noqa: BLE001 - Http404: a code outside the user's scope reads as unknown
            form.add_error("kode", _("Kode lacak tidak ditemukan."))
        else:
            try:
                lapor_forward(complaint=complaint, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Aduan %(code)s diantrekan untuk diteruskan ke SP4N-LAPOR!.")
                                 % {"code": complaint.tracking_code})
                return redirect("api:lapor")
    links = LaporLink.objects.select_related("complaint").order_by("-created_at")[:50]
    return render(request, "api/lapor.html", {
        "form": form, "links": links, "configured": is_configured(), "sync": LaporSync.objects.filter(pk=1).first(),
    }, status=400 if form.errors else 200)
