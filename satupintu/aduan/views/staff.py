from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from satupintu.akun.permissions import require, role_required, staff_required
from satupintu.akun.roles import Role
from satupintu.core.exports import csv_writer

from .. import selectors, services
from ..filters import StaffComplaintFilter
from ..forms import (
    AgencyForm,
    AnswerForm,
    DuplicateForm,
    EmptyForm,
    NoteForm,
    ReasonForm,
    UnitForm,
    VerifyForm,
)
from ..models import Answer
from ..workflow import allowed_actions
from .paging import paginate
from .public import _form_errors_to


def _queue_qs(request, name: str):
    if name not in selectors.queues_for(request.user):
        raise Http404
    base = selectors.complaints_for_staff(request.user).filter(selectors.queue_condition(name))
    filterset = StaffComplaintFilter(request.GET or None, queryset=base)
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    order = ("deadline", "created_at") if name != "all" else ("-created_at",)
    return filterset, qs.order_by(*order, "id")


@staff_required
def queue_home(request):
    names = selectors.queues_for(request.user)
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
            for n in selectors.queues_for(request.user)]
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
            c.reporter_name if selectors.can_see_reporter(request.user, c) else c.public_reporter_label(),
            c.get_channel_display(),
        ])
    return response


ACTION_FORMS = {
    "verify": VerifyForm, "reject": ReasonForm, "mark_duplicate": DuplicateForm, "convert": EmptyForm,
    "assign": AgencyForm, "hand_back": ReasonForm, "accept": EmptyForm, "delegate": UnitForm,
    "submit_answer": AnswerForm, "approve_answer": EmptyForm, "return_answer": ReasonForm,
    "instruct": NoteForm, "note": NoteForm,
}
# gettext_lazy by its own name: makemessages extracts gettext_lazy(...) but not an alias such as _l(...).
ACTION_LABELS = {
    "verify": gettext_lazy("Verifikasi"),
    "reject": gettext_lazy("Tolak"),
    "mark_duplicate": gettext_lazy("Tandai duplikat"),
    "convert": gettext_lazy("Alihkan ke PPID sebagai permohonan informasi"),
    "assign": gettext_lazy("Teruskan ke OPD"),
    "hand_back": gettext_lazy("Kembalikan: bukan kewenangan kami"),
    "accept": gettext_lazy("Terima dan tindak lanjuti"),
    "delegate": gettext_lazy("Disposisikan ke sub-unit"),
    "submit_answer": gettext_lazy("Kirim jawaban untuk disetujui"),
    "approve_answer": gettext_lazy("Setujui dan kirim jawaban ke pelapor"),
    "return_answer": gettext_lazy("Kembalikan jawaban untuk diperbaiki"),
    "instruct": gettext_lazy("Beri instruksi"),
    "note": gettext_lazy("Tambah catatan internal"),
}


def _run(action: str, complaint, user, form) -> None:
    d = form.cleaned_data
    if action == "verify":
        services.complaint_verify(complaint=complaint, by=user, agency=d.get("agency"))
    elif action == "reject":
        services.complaint_reject(complaint=complaint, by=user, reason=d["reason"])
    elif action == "mark_duplicate":
        original = selectors.complaint_get_by_code(tracking_code=d["original"])
        if original is None:
            raise ValidationError({"original": _("Kode lacak laporan asli tidak ditemukan.")})
        services.complaint_mark_duplicate(complaint=complaint, by=user, original=original)
    elif action == "convert":
        services.complaint_convert_to_info_request(complaint=complaint, by=user)
    elif action == "assign":
        services.complaint_assign(complaint=complaint, by=user, agency=d["agency"])
    elif action == "hand_back":
        services.complaint_hand_back(complaint=complaint, by=user, reason=d["reason"])
    elif action == "accept":
        services.complaint_accept(complaint=complaint, by=user)
    elif action == "delegate":
        services.complaint_delegate(complaint=complaint, by=user, unit=d["unit"])
    elif action == "submit_answer":
        services.answer_submit(complaint=complaint, by=user, body=d["body"])
    elif action == "approve_answer":
        services.answer_approve(complaint=complaint, by=user)
    elif action == "return_answer":
        services.answer_return(complaint=complaint, by=user, note=d["reason"])
    elif action == "instruct":
        services.complaint_instruct(complaint=complaint, by=user, instruction=d["text"])
    elif action == "note":
        services.complaint_note(complaint=complaint, by=user, text=d["text"])


def _make_form(action: str, complaint, data=None):
    cls = ACTION_FORMS[action]
    kwargs = {"prefix": action}
    if cls is UnitForm:
        kwargs["agency"] = complaint.agency
    if action == "verify" or action == "assign":
        suggested = selectors.suggested_agency(complaint)
        if suggested is not None and data is None:
            kwargs["initial"] = {"agency": suggested.pk}
    return cls(data, **kwargs) if data is not None else cls(**kwargs)


@staff_required
def staff_detail(request, code: str):
    complaint = selectors.complaint_get_for_staff(tracking_code=code, user=request.user)
    actions = [a for a in allowed_actions(request.user, complaint) if a in ACTION_FORMS]
    forms = {a: _make_form(a, complaint) for a in actions}
    status_code = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        require(action in actions)
        form = forms[action] = _make_form(action, complaint, request.POST)
        if form.is_valid():
            try:
                _run(action, complaint, request.user, form)
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
        "show_reporter": selectors.can_see_reporter(request.user, complaint),
        "timeline": selectors.staff_timeline(complaint),
        "answers": complaint.answers.select_related("author", "approved_by"),
        "pending_answer": complaint.answers.filter(state=Answer.State.SUBMITTED).last(),
        "attachments": complaint.attachments.all(),
        "forms": [(a, ACTION_LABELS[a], forms[a]) for a in actions],
        "suggested": selectors.suggested_agency(complaint),
        "similar": selectors.similar_complaints(complaint) if request.user.role == Role.REGENCY_ADMIN else [],
    }
    return render(request, "aduan/staff/detail.html", context, status=status_code)


@role_required(Role.REGENT, Role.REGENCY_ADMIN)
def late_dashboard(request):
    rows = selectors.late_by_agency(request.user)
    return render(request, "aduan/staff/late.html", {"rows": rows, "total": sum(r["total"] for r in rows)})
