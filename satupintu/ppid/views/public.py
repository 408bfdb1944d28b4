"""Public pages: the request form and receipt, tracking by number + follow token, objections, and the DIP.

None of these pages shows the requester's ID number, phone or email."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from satupintu.core.links import absolute_url

from .. import selectors, services
from ..forms import DipFilterForm, InfoRequestForm, ObjectionForm, TrackForm
from .common import apply_errors, file_response


def index(request):
    return render(request, "ppid/index.html", {"track_form": TrackForm()})


@require_http_methods(["GET", "POST"])
def request_create(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"requester_name": request.user.get_full_name(), "email": request.user.email,
                   "phone": request.user.phone}
    dip_item = selectors.dip_public_item(request.GET.get("dip"))
    if dip_item is not None:  # "Ajukan permohonan" from a DIP entry: the information is named for the requester
        initial["information"] = _("%(title)s (Daftar Informasi Publik %(agency)s)") % {
            "title": dip_item.title, "agency": dip_item.agency.name}
    form = InfoRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.RequestInput(**{k: (v or "") for k, v in form.cleaned_data.items()})
        try:
            info_request = services.info_request_submit(data=data, user=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("ppid:receipt", token=info_request.follow_token)
    return render(request, "ppid/request_form.html", {"form": form})


def receipt(request, token: str):
    info_request = selectors.info_request_get_public(token=token)
    return render(request, "ppid/receipt.html", {"r": info_request,
                                                 "track_url": absolute_url(info_request_track_url(info_request), request=request)})


def info_request_track_url(info_request) -> str:
    from django.urls import reverse

    return reverse("ppid:track", args=[info_request.follow_token])


def track_lookup(request):
    """By the short code of the receipt: the status page, without the documents (those stay behind the private
    link). A long code of an older receipt is that link's secret: it opens the full page as before."""
    form = TrackForm(request.GET or None)
    if request.GET and form.is_valid():
        found, private = selectors.info_request_find_public(
            number=form.cleaned_data["number"], token=form.cleaned_data["token"]
        )
        if found is not None and private:
            return redirect("ppid:track", token=found.follow_token)
        if found is not None:
            return _track_page(request, found, private=False)
        form.add_error(None, _("Nomor registrasi dan kode lacak tidak cocok. Periksa kembali tanda terima Anda."))
    return render(request, "ppid/track_lookup.html", {"form": form})


def track(request, token: str):
    return _track_page(request, selectors.info_request_get_public(token=token), private=True)


def _track_page(request, info_request, *, private: bool):
    objection = info_request.objections.first()
    window = services.objection_window(info_request)
    return render(request, "ppid/track.html", {
        "r": info_request,
        "private": private,
        "events": info_request.events.filter(public=True),
        "attachments": info_request.attachments.all() if private else [],
        "attachment_count": info_request.attachments.count(),
        "objection": objection,
        "can_object": private and services.objection_can_be_filed(info_request),
        "window_end": window[1] if window else None,
        "dispute_deadline": services.dispute_deadline(objection) if objection else None,
        "today": timezone.localdate(),
        "verdict_form": _verdict_form(info_request) if private else None,
    })


def _verdict_form(info_request):
    from ..forms import VerdictForm

    allowed = services.verdicts_allowed(info_request)
    if not allowed:
        return None
    form = VerdictForm(initial={"verdict": info_request.requester_verdict})
    form.fields["verdict"].choices = [c for c in form.fields["verdict"].choices if c[0] in allowed]
    return form


def attachment_download(request, token: str, pk: int):
    info_request = selectors.info_request_get_public(token=token)
    attachment = get_object_or_404(info_request.attachments, pk=pk)
    return file_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@require_http_methods(["GET", "POST"])
def objection_create(request, token: str):
    info_request = selectors.info_request_get_public(token=token)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_file(info_request=info_request, grounds=form.cleaned_data["grounds"],
                                    case=form.cleaned_data["case"], by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Keberatan Anda telah diterima dan diteruskan kepada atasan PPID."))
            return redirect("ppid:track", token=token)
    # Say why up front rather than after the requester has written their case.
    blocked = services.objection_block_reason(info_request)
    return render(request, "ppid/objection_form.html", {"r": info_request, "form": form, "blocked": blocked})


# --- DIP -------------------------------------------------------------------------------------------------------


def dip_list(request):
    form = DipFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        agency = form.cleaned_data.get("agency")
        filters = {"agency_id": agency.pk if agency else None, "category": form.cleaned_data.get("category") or "",
                   "text": (form.cleaned_data.get("q") or "").strip()}
    page = Paginator(selectors.dip_public(**filters), 25).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(request, "ppid/dip_list.html", {"form": form, "page": page, "query": query.urlencode()})


def dip_detail(request, pk: int):
    item = get_object_or_404(selectors.dip_public(), pk=pk)
    return render(request, "ppid/dip_detail.html", {
        "item": item,
        # A public document is one click away; anything else can be asked for, with the form already naming it.
        "downloadable": bool(item.document) and not item.is_exempt,
    })


def dip_document(request, pk: int):
    item = get_object_or_404(selectors.dip_public(), pk=pk)
    if item.is_exempt or not item.document:
        raise Http404
    return file_response(item.document, filename=item.document.name.rsplit("/", 1)[-1])

