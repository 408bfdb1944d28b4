"""Thin views: webhooks (WhatsApp, Facebook/Instagram, inbound email), the outbox and channel preferences. An inbound
message goes to the handler the app above registered (inbound.py); the candidates queue is aduan/channels/views.py."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.core import request_context

from . import conf, payloads, selectors, services
from .forms import ChannelPreferenceForm, OutboxFilterForm
from .inbound import NoInboundHandler, inbound_handler
from .models import ChannelPreference, OutboxStatus
from .signatures import signature_valid

logger = logging.getLogger(__name__)


# --- webhooks -----------------------------------------------------------------------------------------------


def _verify_challenge(request, verify_token: str) -> HttpResponse:
    mode = request.GET.get("hub.mode")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    if mode == "subscribe" and verify_token and constant_time_compare(token, verify_token):
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponseForbidden("verification failed", content_type="text/plain")


# Meta documents webhook payloads of up to 3 MB; anything larger is refused before it is read.
META_WEBHOOK_MAX_BYTES = 3 * 1024 * 1024


def _too_large(request, limit: int) -> HttpResponse | None:
    """413 for a body announced larger than `limit`, before Django reads it into memory."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        logger.warning("Refused a webhook body of %d bytes from %s", length, request_context.client_ip(request))
        return HttpResponse("payload too large", status=413, content_type="text/plain")
    return None


def _signed_json(request, secret: str, fit):
    """The parsed body of a correctly signed POST fitted to its declared shape (payloads.py), or an error
    response. The signature covers the raw bytes. A signed body of the wrong shape is answered 200 with what
    could be used (Meta resends non-200 deliveries for days), and what was dropped is logged."""
    error = _too_large(request, META_WEBHOOK_MAX_BYTES)
    if error:
        return None, error
    body = request.body
    if not signature_valid(body=body, header=request.headers.get("X-Hub-Signature-256", ""), secret=secret):
        logger.warning("Rejected webhook with a bad signature from %s", request_context.client_ip(request))
        return None, HttpResponseForbidden("invalid signature", content_type="text/plain")
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None, HttpResponseBadRequest("invalid JSON", content_type="text/plain")
    if not isinstance(payload, dict):
        return None, HttpResponseBadRequest("invalid payload", content_type="text/plain")
    payload, problems = fit(payload)
    if problems:
        logger.warning("Signed webhook %s: ignored %d value(s) of an unexpected shape, e.g. %s",
                       request.path, len(problems), ", ".join(problems[:5])[:500])
    return payload, None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":
        return _verify_challenge(request, conf.whatsapp_verify_token())
    payload, error = _signed_json(request, conf.whatsapp_app_secret(), payloads.whatsapp)
    if error:
        return error
    with request_context.using(ip_address=request_context.client_ip(request), channel="whatsapp"):
        counts = services.whatsapp_webhook_process(payload=payload)
    return JsonResponse({"status": "ok", **counts})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def social_webhook(request):
    if request.method == "GET":
        return _verify_challenge(request, conf.social_verify_token())
    payload, error = _signed_json(request, conf.social_app_secret(), payloads.social)
    if error:
        return error
    try:
        handle = inbound_handler("social")
    except NoInboundHandler:  # answered 200 all the same: Meta resends refused deliveries for days
        logger.warning("Social-media webhook dropped: no app handles inbound social-media posts")
        return JsonResponse({"status": "ok", "created": 0, "seen": 0})
    with request_context.using(ip_address=request_context.client_ip(request), channel="media_sosial"):
        counts = handle(payload=payload)
    return JsonResponse({"status": "ok", **counts})


@csrf_exempt
@require_POST
def inbound_email_webhook(request):
    """POST the raw RFC 822 message; shared secret in X-Inbound-Token or Authorization: Bearer."""
    expected = conf.inbound_email_token()
    given = request.headers.get("X-Inbound-Token", "")
    auth = request.headers.get("Authorization", "")
    if not given and auth.startswith("Bearer "):
        given = auth[7:]
    if not expected or not constant_time_compare(given.strip(), expected):
        return HttpResponseForbidden("invalid token", content_type="text/plain")
    # The message plus a little for a multipart wrapper of a "forward raw MIME" route.
    error = _too_large(request, services.INBOUND_EMAIL_MAX_BYTES + 64 * 1024)
    if error:
        return error
    raw = request.body
    if request.content_type == "multipart/form-data" and "body-mime" in request.POST:
        raw = request.POST["body-mime"].encode("utf-8", "replace")  # "forward raw MIME" routes of mail providers
    try:
        handle = inbound_handler("email")
    except NoInboundHandler:  # the mail route retries later
        return HttpResponse("no handler for inbound e-mail", status=503, content_type="text/plain")
    with request_context.using(ip_address=request_context.client_ip(request), channel="email"):
        try:
            record, created = handle(raw=raw)
        except services.InboundEmailError as exc:
            return HttpResponseBadRequest(f"unreadable message: {exc}", content_type="text/plain")
    return JsonResponse({"status": "created" if created else "duplicate",
                         "tracking_code": record.complaint_tracking_code}, status=201 if created else 200)


# --- the administrator's outbox -----------------------------------------------------------------------------


@login_required
def outbox_list(request):
    form = OutboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.outbox_list(user=request.user, status=filters.get("status", ""), channel=filters.get("channel", ""))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = selectors.outbox_counts(user=request.user)
    status_counts = [(value, label, counts.get(value, 0)) for value, label in OutboxStatus.choices]
    return render(request, "notifikasi/outbox_list.html", {"form": form, "page": page, "status_counts": status_counts})


@login_required
@require_POST
def outbox_retry(request, pk: int):
    message = selectors.outbox_get(pk=pk, user=request.user)
    try:
        services.outbox_retry(message=message, by=request.user)
    except services.OutboxTransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Pesan #%(id)d diantrekan untuk dikirim ulang.") % {"id": message.pk})
    return redirect("notifikasi:outbox")


@login_required
def preferences(request):
    """Every signed-in user chooses the channels they are told on (no row: both on)."""
    current = ChannelPreference.objects.filter(user=request.user).first()
    initial = {"whatsapp_enabled": current.whatsapp_enabled if current else True,
               "email_enabled": current.email_enabled if current else True}
    form = ChannelPreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.channel_preference_set(user=request.user, **form.cleaned_data)
        messages.success(request, _("Pilihan kanal pemberitahuan disimpan."))
        return redirect("notifikasi:preferences")
    return render(request, "notifikasi/preferences.html", {"form": form, "user_phone": request.user.phone,
                                                            "user_email": request.user.email})
