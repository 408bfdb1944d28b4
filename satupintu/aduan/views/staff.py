from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import require, staff_required
from satupintu.core.exports import csv_writer

from .. import permissions, selectors, services
from ..filters import StaffComplaintFilter
from ..forms import (
    AgencyForm,
    AnswerForm,
    DuplicateForm,
    EmptyForm,
    NoteForm,
    OpenReportsFilterForm,
    ReasonForm,
    UnitForm,
    VerifyForm,
)
from ..models import Answer
from .paging import paginate
from .public import _form_errors_to


def _queue_qs(request, name: str):
    if name not in permissions.queues_for(request.user):
        raise Http404
    base = selectors.complaints_for_staff(request.user).filter(selectors.queue_condition(name))
    filterset = StaffComplaintFilter(request.GET or None, queryset=base)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    if filterset.searching:
        return filterset, qs  # ranked (search.py)
    order = ("deadline", "created_at") if name != "all" else ("-created_at",)
    return filterset, qs.order_by(*order, "id")


@staff_required
def queue_home(request):
    names = permissions.queues_for(request.user)
    if not names:
        raise PermissionDenied
    counts = selectors.queue_counts(request.user)
    first = next((n for n in names if counts.get(n)), names[-1])
    return redirect("aduan:queue", name=first)


@staff_required
def queue(request, name: str):
    filterset, qs = _queue_qs(request, name)
    counts = selectors.queue_counts(request.user)
    tabs = [{"name": n, "label": selectors.queue_label(n), "count": counts.get(n, 0)}
            for n in permissions.queues_for(request.user)]
    page = paginate(qs.defer("reporter_name", "reporter_phone", "reporter_email", "description"), request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "aduan/staff/queue.html", {
        "tabs": tabs, "current": name, "filter": filterset, "page": page, "query": query.urlencode(),
        "today": timezone.localdate(),
    })


@staff_required
def export_csv(request, name: str):
    """The queue as CSV for reports and meetings. Anonymous reporters are 'Anonim' here as everywhere."""
    _filterset, qs = _queue_qs(request, name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aduan-{name}-{timezone.localdate():%Y%m%d}.csv"'
    writer = csv_writer(response)
    writer.writerow([_("Kode"), _("Diterima"), _("Jenis"), _("Judul"), _("Kategori"), _("Desa"), pgettext("OPD penanggung jawab aduan", "OPD"),
                     _("Status"), _("Batas waktu"), _("Terlambat"), _("Pelapor"), _("Kanal")])
    for c in qs[:20_000]:
        writer.writerow([
            c.tracking_code, timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"), c.get_kind_display(),
            c.title, str(c.category or ""), str(c.village or ""), str(c.agency or ""), c.get_status_display(),
            c.deadline or "", _("ya") if c.is_late else _("tidak"),
            c.reporter_name if permissions.can_see_reporter(request.user, c) else c.public_reporter_label(),
            c.get_channel_display(),
        ])
    return response


@dataclass(frozen=True)
class StaffAction:
    """One step staff may take on a report: its button label, its form, and `run(complaint, by, data)` calling the
    service. Who may take it is the workflow's table (`permissions.allowed_actions`); the service checks it again."""

    label: str
    form: type[Form]
    run: Callable[..., object]


def _mark_duplicate(complaint, by, d):
    original = selectors.complaint_get_by_code(tracking_code=d["original"])
    if original is None:
        raise ValidationError({"original": _("Kode lacak laporan asli tidak ditemukan.")})
    return services.complaint_mark_duplicate(complaint=complaint, by=by, original=original)


# gettext_lazy by its own name: makemessages extracts gettext_lazy(...) but not an alias such as _l(...).
ACTIONS: dict[str, StaffAction] = {
    "verify": StaffAction(
        gettext_lazy("Verifikasi"), VerifyForm,
        lambda c, by, d: services.complaint_verify(complaint=c, by=by, agency=d.get("agency"))),
    "reject": StaffAction(
        gettext_lazy("Tolak"), ReasonForm,
        lambda c, by, d: services.complaint_reject(complaint=c, by=by, reason=d["reason"])),
    "mark_duplicate": StaffAction(gettext_lazy("Tandai duplikat"), DuplicateForm, _mark_duplicate),
    "convert": StaffAction(
        gettext_lazy("Alihkan ke PPID sebagai permohonan informasi"), EmptyForm,
        lambda c, by, d: services.complaint_convert_to_info_request(complaint=c, by=by)),
    "assign": StaffAction(
        gettext_lazy("Teruskan ke OPD"), AgencyForm,
        lambda c, by, d: services.complaint_assign(complaint=c, by=by, agency=d["agency"])),
    "hand_back": StaffAction(
        gettext_lazy("Kembalikan: bukan kewenangan kami"), ReasonForm,
        lambda c, by, d: services.complaint_hand_back(complaint=c, by=by, reason=d["reason"])),
    "accept": StaffAction(
        gettext_lazy("Terima dan tindak lanjuti"), EmptyForm,
        lambda c, by, d: services.complaint_accept(complaint=c, by=by)),
    "delegate": StaffAction(
        gettext_lazy("Disposisikan ke sub-unit"), UnitForm,
        lambda c, by, d: services.complaint_delegate(complaint=c, by=by, unit=d["unit"])),
    "submit_answer": StaffAction(
        gettext_lazy("Kirim jawaban untuk disetujui"), AnswerForm,
        lambda c, by, d: services.answer_submit(complaint=c, by=by, body=d["body"])),
    "approve_answer": StaffAction(
        gettext_lazy("Setujui dan kirim jawaban ke pelapor"), EmptyForm,
        lambda c, by, d: services.answer_approve(complaint=c, by=by)),
    "return_answer": StaffAction(
        gettext_lazy("Kembalikan jawaban untuk diperbaiki"), ReasonForm,
        lambda c, by, d: services.answer_return(complaint=c, by=by, note=d["reason"])),
    "instruct": StaffAction(
        gettext_lazy("Beri instruksi"), NoteForm,
        lambda c, by, d: services.complaint_instruct(complaint=c, by=by, instruction=d["text"])),
    "note": StaffAction(
        gettext_lazy("Tambah catatan internal"), NoteForm,
        lambda c, by, d: services.complaint_note(complaint=c, by=by, text=d["text"])),
}


def _make_form(action: str, complaint, data=None):
    cls = ACTIONS[action].form
    kwargs = {"prefix": action}
    if cls is UnitForm:
        kwargs["agency"] = complaint.agency
    if action == "verify" or action == "assign":
        suggested = selectors.suggested_agency(complaint)
        if suggested is not None and data is None:
            kwargs["initial"] = {"agency": suggested.pk}
    return cls(data, **kwargs) if data is not None else cls(**kwargs)


def _complaint(user, code):
    return selectors.complaint_get_for_staff(tracking_code=code, user=user)


@staff_required
@object_view(_complaint, url_kwarg="code")
def staff_detail(request, complaint):
    """A report in the user's scope (404 outside it) and the forms of the steps they may take; a POSTed step the
    user may not take on this report is refused (403)."""
    actions = [a for a in permissions.allowed_actions(request.user, complaint) if a in ACTIONS]
    forms = {a: _make_form(a, complaint) for a in actions}
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        require(action in actions)
        form = forms[action] = _make_form(action, complaint, request.POST)
        if form.is_valid():
            try:
                ACTIONS[action].run(complaint, request.user, form.cleaned_data)
            except ValidationError as exc:
                _form_errors_to(form, exc)
            else:
                messages.success(request, _("Aduan %(code)s diperbarui.") % {"code": complaint.tracking_code})
                if selectors.complaints_for_staff(request.user).filter(pk=complaint.pk).exists():
                    return redirect("aduan:staff_detail", code=complaint.tracking_code)
                return redirect("aduan:queue_home")
        status_code = 400
    context = {
        "complaint": complaint,
        "show_reporter": permissions.can_see_reporter(request.user, complaint),
        "timeline": selectors.staff_timeline(complaint),
        "answers": complaint.answers.select_related("author", "approved_by"),
        "pending_answer": complaint.answers.filter(state=Answer.State.SUBMITTED).last(),
        "attachments": complaint.attachments.all(),
        "forms": [(a, ACTIONS[a].label, forms[a]) for a in actions],
        "suggested": selectors.suggested_agency(complaint),
        "similar": selectors.similar_complaints(complaint) if permissions.can_see_similar(request.user) else [],
        "merged": selectors.merged_into(complaint),
    }
    return render(request, "aduan/staff/detail.html", context, status=status_code)


@rule_required(permissions.can_see_late_dashboard)
def late_dashboard(request):
    rows = selectors.late_by_agency(request.user)
    return render(request, "aduan/staff/late.html", {"rows": rows, "total": sum(r["total"] for r in rows)})


@rule_required(permissions.can_see_late_dashboard)
def open_reports(request):
    """The regent's view of every open report, oldest first, with the instruction step on each row (the regent's;
    the workflow refuses it to anyone else) and filters by OPD, district and age."""
    form = OpenReportsFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.open_complaints(request.user, agency=filters.get("agency"), district=filters.get("district"),
                                   age=filters.get("age") or "")
    status_code = 200
    posted = None
    if request.method == "POST":
        complaint = selectors.complaint_get_for_staff(tracking_code=request.POST.get("code", ""), user=request.user)
        require(permissions.can_take_action(request.user, complaint, "instruct"))
        posted = NoteForm(request.POST, prefix=f"i-{complaint.tracking_code}")
        if posted.is_valid():
            services.complaint_instruct(complaint=complaint, by=request.user, instruction=posted.cleaned_data["text"])
            messages.success(request, _("Instruksi untuk aduan %(code)s terkirim ke OPD.") % {"code": complaint.tracking_code})
            return redirect(request.get_full_path())
        status_code = 400
    page = paginate(qs, request.GET.get("page"))
    today = timezone.localdate()
    for c in page["items"]:
        c.age_days = (today - timezone.localdate(c.created_at)).days
        if permissions.can_take_action(request.user, c, "instruct"):
            prefix = f"i-{c.tracking_code}"
            c.instruct_form = posted if posted is not None and posted.prefix == prefix else NoteForm(prefix=prefix)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "aduan/staff/open.html", {
        "form": form, "page": page, "query": query.urlencode(),
    }, status=status_code)
