"""Area alerts: follow a village or district, confirm by the link sent, unsubscribe in one tap (alerts.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import alerts
from ..forms import AreaAlertForm
from .public import _form_errors_to


def alert_new(request):
    if request.method == "POST":
        form = AreaAlertForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                alert = alerts.alert_subscribe(via=d["via"], address=d["address"], village=d["village"],
                                               district=d["district"], category=d["category"],
                                               frequency=d["frequency"])
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                return render(request, "aduan/alert_sent.html", {"alert": alert})
        return render(request, "aduan/alert_new.html", {"form": form}, status=400)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    initial = {k: request.GET[k] for k in ("village", "district", "category") if request.GET.get(k)}
    return render(request, "aduan/alert_new.html", {"form": AreaAlertForm(initial=initial)})


def _alert(token: str):
    alert = alerts.alert_by_token(token)
    if alert is None:
        raise Http404
    return alert


@never_cache
def alert_confirm(request, token: str):
    """The link in the confirmation message: one button (a link scanner's GET confirms nothing)."""
    alert = _alert(token)
    error = ""
    if request.method == "POST":
        try:
            alert = alerts.alert_confirm(alert=alert)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "aduan/alert_confirm.html", {"alert": alert, "token": token, "error": error},
                  status=400 if error else 200)


@never_cache
def alert_unsubscribe(request, token: str):
    """One tap: opening the link stops the alert (and a POST does too: mail clients' one-click unsubscribe)."""
    alert = _alert(token)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    alert = alerts.alert_unsubscribe(alert=alert)
    return render(request, "aduan/alert_unsubscribed.html", {"alert": alert})
