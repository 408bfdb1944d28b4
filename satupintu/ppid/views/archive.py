"""The public archive of answered requests: list and search, an entry, its redacted attachments, the similar
answers shown while a question is typed, the agencies' figures; the requester's verdict; and the officer's redaction
and publishing page.

Public views read `ArchiveEntry` and `ArchiveAttachment` only (published entries, redacted copies), never the
request's own fields or its original attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.permissions import require, staff_required

from .. import permissions, selectors, services
from ..forms import (
    ArchiveAttachmentForm,
    ArchiveFilterForm,
    ArchiveRedactForm,
    ArchiveWithdrawForm,
    VerdictForm,
)
from ..models import AnswerAttachment, ArchiveState, Status, Verdict
from .common import apply_errors, file_response

PAGE = 20


@require_GET
def archive_list(request):
    form = ArchiveFilterForm(
        request.GET or None, agencies=selectors.archive_agencies(), years=selectors.archive_years()
    )
    filters = {}
    text = ""
    if form.is_valid():
        agency = form.cleaned_data.get("agency")
        filters = {
            "agency_id": agency.pk if agency else None,
            "topic": form.cleaned_data.get("topic") or "",
            "year": form.cleaned_data.get("year"),
        }
        text = (form.cleaned_data.get("q") or "").strip()
    qs = selectors.archive_search(text=text, **filters)
    page = Paginator(qs, PAGE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    figures = selectors.verdict_figures(agency_id=filters["agency_id"]) if filters.get("agency_id") else None
    return render(
        request,
        "ppid/archive_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "text": text,
            "figures": figures,
        },
    )


def archive_detail(request, pk: int):
    entry = selectors.archive_entry_public(pk)
    return render(
        request, "ppid/archive_detail.html", {"entry": entry, "attachments": entry.attachments.all()}
    )


def archive_attachment(request, pk: int, att: int):
    entry = selectors.archive_entry_public(pk)
    copy = get_object_or_404(entry.attachments, pk=att)
    return file_response(copy.file, filename=copy.name, content_type=copy.content_type)


@require_GET
def archive_similar(request):
    """HTMX fragment under the request form's question: published answers sharing its words."""
    text = (request.GET.get("information") or "")[:1000]
    return render(request, "ppid/_archive_similar.html", {"entries": selectors.archive_similar(text)})


def archive_figures(request):
    return render(
        request,
        "ppid/archive_figures.html",
        {"rows": selectors.verdict_figures(), "verdicts": Verdict.choices},
    )


@require_POST
def classify(request, token: str):
    info_request = selectors.info_request_get_public(token=token)
    form = VerdictForm(request.POST)
    if form.is_valid():
        try:
            services.info_request_classify(
                info_request=info_request, verdict=form.cleaned_data["verdict"], token=token
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Terima kasih, penilaian Anda tersimpan."))
    else:
        messages.error(request, _("Pilih salah satu penilaian."))
    return redirect("ppid:track", token=token)


# --- Staff: the redaction step and publishing -----------------------------------------------------------------


def _load(request, pk: int):
    info_request, entry = selectors.archive_entry_for_user(request_pk=pk, user=request.user)
    require(permissions.can_publish(request.user, info_request))
    return info_request, entry


@staff_required
def staff_archive(request, pk: int):
    """The redaction page: the words to mask, the public copy as it will be shown, each attachment's public copy,
    and publish/withdraw."""
    info_request, entry = _load(request, pk)
    if info_request.status != Status.ANSWERED:
        raise Http404
    form = ArchiveRedactForm(
        request.POST or None,
        initial={
            "title": entry.title if entry else "",
            "topic": entry.topic if entry else "",
            "mask_terms": "\n".join(entry.mask_terms) if entry else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_redact(
                info_request=info_request,
                by=request.user,
                topic=form.cleaned_data["topic"],
                mask_terms=form.cleaned_data["mask_terms"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Salinan publik tersimpan. Periksa hasilnya, lalu terbitkan."))
            return redirect("ppid:staff_archive", pk=pk)
    copies = {c.source_id: c for c in entry.attachments.all()} if entry else {}
    return render(
        request,
        "ppid/staff/archive.html",
        {
            "r": info_request,
            "entry": entry,
            "form": form,
            "attachments": [(a, copies.get(a.pk)) for a in info_request.attachments.all()],
            "attachment_form": ArchiveAttachmentForm(),
            "withdraw_form": ArchiveWithdrawForm(),
            "can_publish": entry is not None and entry.state == ArchiveState.DRAFT,
        },
    )


@require_POST
@staff_required
def staff_archive_attachment(request, pk: int, att: int):
    info_request, entry = _load(request, pk)
    if entry is None:
        raise Http404
    source = get_object_or_404(AnswerAttachment, pk=att, request=info_request)
    form = ArchiveAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.archive_attachment_redact(
                entry=entry,
                source=source,
                by=request.user,
                areas=form.cleaned_data["areas"],
                replacement=form.cleaned_data["replacement"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Salinan lampiran yang disamarkan tersimpan."))
    return redirect("ppid:staff_archive", pk=pk)


@staff_required
def staff_archive_copy(request, pk: int, copy: int):
    """The officer checks a redacted copy before publishing."""
    info_request, entry = _load(request, pk)
    if entry is None:
        raise Http404
    item = get_object_or_404(entry.attachments, pk=copy)
    return file_response(item.file, filename=item.name, content_type=item.content_type)


@require_POST
@staff_required
def staff_archive_publish(request, pk: int):
    info_request, entry = _load(request, pk)
    if entry is None:
        raise Http404
    try:
        services.archive_publish(entry=entry, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Jawaban diterbitkan di arsip publik."))
    return redirect("ppid:staff_archive", pk=pk)


@require_POST
@staff_required
def staff_archive_withdraw(request, pk: int):
    info_request, entry = _load(request, pk)
    if entry is None:
        raise Http404
    form = ArchiveWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.archive_withdraw(entry=entry, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Jawaban ditarik dari arsip publik."))
    else:
        messages.error(request, _("Tuliskan alasan penarikan."))
    return redirect("ppid:staff_archive", pk=pk)
