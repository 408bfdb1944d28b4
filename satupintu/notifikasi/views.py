"""Thin views: webhooks (WhatsApp, Facebook/Instagram, inbound email) and the administrator's queues."""

from __future__ import annotations

import json
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.permissions import require
from satupintu.core import request_context

from . import conf, payloads, selectors, services
from .forms import (
    CandidateFilterForm,
    ChannelPreferenceForm,
    ConvertForm,
    DismissForm,
    LinkForm,
    ManualCandidateForm,
    OutboxFilterForm,
)
from .models import CandidateStatus, ChannelPreference, OutboxStatus
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
    with request_context.using(ip_address=request_context.client_ip(request), channel="media_sosial"):
        counts = services.social_webhook_process(payload=payload)
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
    with request_context.using(ip_address=request_context.client_ip(request), channel="email"):
        try:
            record, created = services.inbound_email_receive(raw=raw)
        except services.InboundEmailError as exc:
            return HttpResponseBadRequest(f"unreadable message: {exc}", content_type="text/plain")
    return JsonResponse({"status": "created" if created else "duplicate",
                         "tracking_code": record.complaint_tracking_code}, status=201 if created else 200)


# --- the administrator's queues -----------------------------------------------------------------------------


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
def candidate_list(request):
    form = CandidateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"status": CandidateStatus.NEW}
    if not request.GET:
        filters = {"status": CandidateStatus.NEW}
    qs = selectors.candidate_list(user=request.user, status=filters.get("status", ""), channel=filters.get("channel", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "notifikasi/candidate_list.html", {"form": form, "page": page})


@login_required
def candidate_new(request):
    require(selectors.can_paste_candidates(request.user))
    form = ManualCandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create_manual(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Unggahan disimpan sebagai kandidat aduan."))
            if selectors.can_manage_channels(request.user):
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            return redirect("notifikasi:candidate_new")  # the administrator decides; the operator may paste more
    return render(request, "notifikasi/candidate_new.html", {"form": form})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def candidate_detail(request, pk: int):
    candidate = selectors.candidate_get(pk=pk, user=request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    initial_title = candidate.text.splitlines()[0][:80] if candidate.text else ""
    convert_form = ConvertForm(request.POST if action == "convert" else None,
                               initial={"kind": "pengaduan", "title": initial_title, "description": candidate.text})
    link_form = LinkForm(request.POST if action == "link" else None)
    dismiss_form = DismissForm(request.POST if action == "dismiss" else None)
    if action:
        try:
            if action == "convert" and convert_form.is_valid():
                candidate, complaint = services.candidate_convert(candidate=candidate, by=request.user,
                                                                  **convert_form.cleaned_data)
                messages.success(request, _("Aduan %(code)s dibuat dari kandidat ini.") % {"code": complaint.tracking_code})
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            if action == "link" and link_form.is_valid():
                services.candidate_link(candidate=candidate, by=request.user, **link_form.cleaned_data)
                messages.success(request, _("Kandidat ditautkan ke aduan yang sudah ada."))
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            if action == "dismiss" and dismiss_form.is_valid():
                services.candidate_dismiss(candidate=candidate, by=request.user, **dismiss_form.cleaned_data)
                messages.success(request, _("Kandidat diabaikan."))
                return redirect("notifikasi:candidates")
            if action == "reopen":
                services.candidate_reopen(candidate=candidate, by=request.user)
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
        except ValidationError as exc:
            target = {"convert": convert_form, "link": link_form, "dismiss": dismiss_form}.get(action)
            if target is not None:
                _add_errors(target, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    return render(request, "notifikasi/candidate_detail.html", {
        "candidate": candidate, "convert_form": convert_form, "link_form": link_form, "dismiss_form": dismiss_form,
        "is_new": candidate.status == CandidateStatus.NEW,
    })


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
