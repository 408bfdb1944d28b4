"""The regency administrator's queue of social-media candidates, and the paste form for every staff member. The
URL names stay in the `notifikasi` namespace (/notifikasi/kandidat/...), joined in config/urls.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.notifikasi import permissions, selectors
from satupintu.notifikasi.models import CandidateStatus

from . import social
from .forms import CandidateFilterForm, ConvertForm, DismissForm, LinkForm, ManualCandidateForm


@login_required
def candidate_list(request):
    form = CandidateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {"status": CandidateStatus.NEW}
    if not request.GET:
        filters = {"status": CandidateStatus.NEW}
    qs = selectors.candidate_list(user=request.user, status=filters.get("status", ""), channel=filters.get("channel", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "aduan/channels/candidate_list.html", {"form": form, "page": page})


@login_required
def candidate_new(request):
    require(permissions.can_paste_candidates(request.user))
    form = ManualCandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = social.candidate_create_manual(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Unggahan disimpan sebagai kandidat aduan."))
            if permissions.can_manage_channels(request.user):
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            return redirect("notifikasi:candidate_new")  # the administrator decides; the operator may paste more
    return render(request, "aduan/channels/candidate_new.html", {"form": form})


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
                candidate, complaint = social.candidate_convert(candidate=candidate, by=request.user,
                                                                  **convert_form.cleaned_data)
                messages.success(request, _("Aduan %(code)s dibuat dari kandidat ini.") % {"code": complaint.tracking_code})
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            if action == "link" and link_form.is_valid():
                social.candidate_link(candidate=candidate, by=request.user, **link_form.cleaned_data)
                messages.success(request, _("Kandidat ditautkan ke aduan yang sudah ada."))
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
            if action == "dismiss" and dismiss_form.is_valid():
                social.candidate_dismiss(candidate=candidate, by=request.user, **dismiss_form.cleaned_data)
                messages.success(request, _("Kandidat diabaikan."))
                return redirect("notifikasi:candidates")
            if action == "reopen":
                social.candidate_reopen(candidate=candidate, by=request.user)
                return redirect("notifikasi:candidate_detail", pk=candidate.pk)
        except ValidationError as exc:
            target = {"convert": convert_form, "link": link_form, "dismiss": dismiss_form}.get(action)
            if target is not None:
                _add_errors(target, exc)
            else:
                messages.error(request, " ".join(exc.messages))
    return render(request, "aduan/channels/candidate_detail.html", {
        "candidate": candidate, "convert_form": convert_form, "link_form": link_form, "dismiss_form": dismiss_form,
        "is_new": candidate.status == CandidateStatus.NEW,
    })
