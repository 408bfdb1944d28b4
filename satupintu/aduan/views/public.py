from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from satupintu.core.files import private_file_response
from satupintu.core.request_context import client_ip

from .. import permissions, ratelimit, selectors, services
from ..filters import ComplaintFilter
from ..forms import ComplaintForm, ConfirmForm, MessageForm, RateForm, ReasonForm, TrackForm
from ..models import Attachment, Channel, Complaint, Status, choice_label
from ..workflow import ReporterAccess, allowed_actions
from . import charts
from .paging import paginate


def _form_errors_to(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc)


def _map_context() -> dict:
    """The tile server and where the intake and status maps open (aduan/maps.py)."""
    from django.conf import settings

    from ..maps import map_centre

    return {"tiles": settings.SATUPINTU_MAP_TILES, "centre": map_centre()}


def submit(request):
    """The web intake. A bound form is re-rendered on any error, so nothing the citizen typed is lost."""
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = ComplaintForm(request.POST, request.FILES, user=user)
        if form.is_bot:
            # Tell a bot nothing useful; a person never sees the field.
            return render(request, "aduan/thanks_generic.html", status=200)
        if form.is_valid():
            data = form.cleaned_data
            phone = data["reporter_phone"] or (getattr(user, "phone", "") if user else "")
            if not ratelimit.allow_submission(ip=client_ip(request), phone=phone):
                form.add_error(None, _("Terlalu banyak laporan dari perangkat atau nomor ini dalam satu jam. "
                                       "Silakan coba lagi nanti; isian Anda tetap tersimpan di halaman ini."))
                return render(request, "aduan/submit.html", {"form": form, **_map_context()}, status=429)
            try:
                complaint = services.complaint_submit(
                    kind=data["kind"], title=data["title"], description=data["description"],
                    category=data["category"], village=data["village"], address=data["address"],
                    latitude=data["latitude"], longitude=data["longitude"],
                    reporter_name=data["reporter_name"], reporter_phone=data["reporter_phone"],
                    reporter_email=data["reporter_email"], reporter_user=user,
                    is_anonymous=data["is_anonymous"], is_confidential=data["is_confidential"],
                    attachments=data["attachments"],
                )
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                return redirect("aduan:thanks", token=complaint.follow_token)
        if form.errors.get("attachments"):
            form.add_error(None, _("Lampiran belum diterima. Isian lain tetap tersimpan; pilih ulang berkas yang "
                                   "benar lalu kirim lagi."))
        return render(request, "aduan/submit.html", {"form": form, **_map_context()}, status=400)
    return render(request, "aduan/submit.html", {"form": ComplaintForm(user=user), **_map_context()})


@never_cache
def thanks(request, token: str):
    complaint = get_object_or_404(Complaint, follow_token=token)
    return render(request, "aduan/thanks.html",
                  {"complaint": complaint, "updates": selectors.reporter_update_addresses(complaint)})


@require_GET
def complaint_list(request):
    filterset = ComplaintFilter(request.GET or None, queryset=selectors.complaints_public())
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.complaints_public()
    page = paginate(qs if filterset.searching else qs.order_by("-created_at", "-id"), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "aduan/list.html", {"filter": filterset, "page": page, "query": query.urlencode()})


@require_GET
def track(request):
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        complaint = selectors.complaint_get_by_code(tracking_code=form.cleaned_data["kode"])
        if complaint is not None:
            return redirect("aduan:status", code=complaint.tracking_code)
        form.add_error("kode", _("Kode lacak tidak ditemukan. Periksa lagi, contoh: ADU-7KQ4-M9XZ."))
    return render(request, "aduan/track.html", {"form": form}, status=404 if form.errors else 200)


@require_GET
def status(request, code: str):
    complaint = selectors.complaint_get_by_code(tracking_code=code)
    if complaint is None:
        raise Http404
    if complaint.tracking_code != code:
        return redirect("aduan:status", code=complaint.tracking_code)
    info = selectors.complaint_public_status(tracking_code=complaint.tracking_code)
    from django.conf import settings

    from ..maps import complaint_place

    return render(request, "aduan/status.html",
                  {"complaint": complaint, "info": info, "timeline": selectors.public_timeline(complaint),
                   "place": complaint_place(complaint), "tiles": settings.SATUPINTU_MAP_TILES})


@require_GET
def api_status(request, code: str):
    info = selectors.complaint_public_status(tracking_code=code)
    if info is None:
        return JsonResponse({"error": _("Kode lacak tidak ditemukan.")}, status=404)
    return JsonResponse(info)


FOLLOW_FORMS = {"reply": MessageForm, "confirm": ConfirmForm, "rate": RateForm, "reopen": ReasonForm}


@never_cache
def follow(request, token: str):
    """The reporter's own page, opened by the secret link: full timeline, the answer, and what they can do."""
    complaint = get_object_or_404(Complaint.objects.select_related("agency", "category", "village"), follow_token=token)
    actor = ReporterAccess(complaint_id=complaint.pk)
    actions = [a for a in allowed_actions(actor, complaint) if a in FOLLOW_FORMS]
    if complaint.reopen_count >= 1 and "reopen" in actions:
        actions.remove("reopen")
    if complaint.rating and "rate" in actions:
        actions.remove("rate")
    forms = {name: FOLLOW_FORMS[name](prefix=name) for name in actions}
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in actions:
            messages.error(request, _("Tindakan ini tidak tersedia untuk laporan ini sekarang."))
            return redirect("aduan:follow", token=token)
        form = forms[action] = FOLLOW_FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if action == "reply":
                    services.complaint_reply(complaint=complaint, by=actor, message=d["message"])
                elif action == "confirm":
                    services.complaint_confirm(complaint=complaint, by=actor, rating=d.get("rating"))
                elif action == "rate":
                    services.complaint_rate(complaint=complaint, by=actor, rating=d["rating"])
                elif action == "reopen":
                    services.complaint_reopen(complaint=complaint, by=actor, reason=d["reason"])
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                messages.success(request, _("Terima kasih, tanggapan Anda sudah tercatat."))
                return redirect("aduan:follow", token=token)
        status_code = 400
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        "complaint": complaint,
        "timeline": selectors.reporter_timeline(complaint),
        "answer": selectors.approved_answer(complaint),
        "attachments": complaint.attachments.all(),
        "forms": forms,
        "token": token,
    }
    return render(request, "aduan/follow.html", context, status=status_code)


def attachment(request, pk: int):
    """Attachments are never public: staff in scope, or the reporter through the follow token. Anyone else is told
    the file does not exist (404), as for a report outside their scope."""
    att = get_object_or_404(Attachment.objects.select_related("complaint"), pk=pk)
    token = request.GET.get("t", "")
    allowed = bool(token) and constant_time_compare(token, att.complaint.follow_token)
    if not (allowed or permissions.can_see_complaint(request.user, att.complaint)):
        raise Http404
    # Photos show in the page; PDFs and anything else download, sandboxed either way (core.files).
    return private_file_response(att.file, filename=att.original_name or f"lampiran-{att.pk}",
                                 content_type=att.content_type, inline=True)


@require_GET
def statistics(request):
    try:
        year = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    rows = selectors.statistics_by_agency(year=year)
    # The cached rows hold channel codes; their labels are translated here, in the visitor's language.
    rows = [{**r, "channel_labels": [(choice_label(Channel, code), n) for code, n in r["channels"].items()]}
            for r in rows]
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "rows": rows,
        "chart_received": charts.bar_chart(
            [(str(r["agency"]), r["received"], r["answered"]) for r in rows[:15]],
            legend=(_("Diterima"), _("Dijawab")),
        ),
        "chart_on_time": charts.bar_chart(
            [(str(r["agency"]), round((r["on_time_share"] or 0) * 100), None) for r in rows[:15]],
            legend=(_("% tepat waktu"), ""), max_value=100,
        ),
    }
    return render(request, "aduan/statistics.html", context)


@login_required
def mine(request):
    return render(request, "aduan/mine.html", {"complaints": selectors.my_complaints(request.user)[:200],
                                               "Status": Status})
