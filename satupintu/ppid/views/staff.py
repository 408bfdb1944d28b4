"""Back office of the PPID: queue, request detail and actions, registers, annual report, DIP management."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import require, staff_required
from satupintu.core.audit import actor_display, audit_trail

from .. import permissions, registers, reports, selectors, services
from ..forms import (
    AnswerForm,
    DisputeForm,
    ExtendForm,
    ForwardForm,
    IdentityForm,
    ObjectionAnswerForm,
    PublicInfoItemForm,
    ReportForm,
)
from ..models import EventKind, Objection, ObjectionStatus, Status
from .common import apply_errors, file_response


def _audit_rows(info_request) -> list[dict]:
    states = {**dict(Status.choices), **dict(ObjectionStatus.choices)}
    steps = dict(EventKind.choices)  # an audit action is "ppid.<step>", and a step is named as its timeline kind
    return [
        {
            "at": a.created_at,
            "label": steps.get(a.action.removeprefix("ppid."), a.action),
            # A step that changes no state (late, identity completed) shows none.
            "from": states.get(a.from_state, a.from_state) if a.from_state != a.to_state else "",
            "to": states.get(a.to_state, a.to_state) if a.from_state != a.to_state else "",
            "by": actor_display(a),
        }
        for a in audit_trail(info_request).select_related("actor")
    ]


def _history_actor(row: dict) -> str:
    label = row.get("by", "")
    name = row.get("by_name", "")
    if name and label:  # "admin_kab (regency_admin)" -> "Bambang Sitorus (regency_admin)", read as a label
        label = f"{name} ({label.partition(' (')[2]}" if " (" in label else name
    return actor_display(label=label)


def _with_complaint_history(events) -> list:
    """The complaint history copied into a request holds the complaint's audit codes ("aduan.submit", "baru",
    "operator_a (opd_admin)"): give each copied row its label, status label and the actor's role label."""
    from satupintu.aduan.models import Status as ComplaintStatus
    from satupintu.aduan.workflow import event_label

    states = dict(ComplaintStatus.choices)
    events = list(events)
    for event in events:
        event.history_rows = [
            {
                "at": h.get("at", ""),
                "label": event_label(str(h.get("action", "")).removeprefix("aduan.")),
                "to": states.get(h.get("to", ""), h.get("to", "")),
                "by": _history_actor(h),
            }
            for h in (event.data or {}).get("history", [])
        ]
    return events


# PPID officers and regency-wide roles; OPD heads too, as the superior (atasan) of their PPID.
desk_required = rule_required(permissions.can_open_desk)


def _request(user, pk):
    return selectors.info_request_get_for_user(pk=pk, user=user)


@staff_required
@desk_required
def queue(request):
    status = request.GET.get("status", "")
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()
    qs = selectors.staff_queue(
        request.user, status=status, late_on=today if request.GET.get("terlambat") else None, text=q
    )
    page = Paginator(qs, 30).get_page(request.GET.get("halaman"))
    return render(request, "ppid/staff/queue.html", {
        "page": page, "statuses": Status.choices, "status": status, "q": q, "today": today,
        "late_only": bool(request.GET.get("terlambat")),
    })


def _complaint_url(complaint) -> str:
    for name, arg in (("aduan:staff_detail", complaint.pk), ("aduan:staff_detail", complaint.tracking_code)):
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return complaint.get_absolute_url()


@staff_required
@desk_required
@object_view(_request)
def detail(request, info_request):
    user = request.user
    can_act = permissions.can_act_on(user, info_request) and info_request.status != Status.ANSWERED
    objection = info_request.objections.first()
    complaint = info_request.source_complaint
    return render(request, "ppid/staff/detail.html", {
        "r": info_request,
        "full_id": permissions.can_see_full_id(user),
        "events": _with_complaint_history(info_request.events.select_related("actor")),
        "audit": _audit_rows(info_request),
        "attachments": info_request.attachments.all(),
        "forward_form": ForwardForm() if permissions.can_forward(user) and can_act else None,
        "extend_form": ExtendForm() if can_act and not info_request.is_extended else None,
        "answer_form": AnswerForm() if can_act else None,
        "identity_form": IdentityForm() if info_request.id_pending and permissions.can_act_on(user, info_request) else None,
        "objection": objection,
        "objection_form": (ObjectionAnswerForm() if objection and not objection.answered_on
                           and permissions.can_answer_objection(user, objection) else None),
        "dispute_form": (DisputeForm() if objection and objection.answered_on
                         and permissions.can_answer_objection(user, objection) else None),
        "dispute_deadline": services.dispute_deadline(objection) if objection else None,
        "complaint": complaint,
        "complaint_url": _complaint_url(complaint) if complaint else "",
        "today": timezone.localdate(),
        "can_publish": info_request.status == Status.ANSWERED and permissions.can_publish(user, info_request),
        "archive": getattr(info_request, "archive", None) if info_request.status == Status.ANSWERED else None,
    })


@dataclass(frozen=True)
class StaffAction:
    """One step on a request (or its objection): its form, `run(obj, by, data)` calling the service, the rule of
    `ppid.permissions` it needs (403 on a request the user can see), and the message when it is done."""

    form: type[Form]
    run: Callable[..., object]
    allowed: Callable[..., bool]
    success: str
    files: bool = False


def _answer(r, by, d):
    return services.info_request_answer(
        info_request=r, by=by, files=d["files"],
        answer=services.AnswerInput(
            outcome=d["outcome"], answer_text=d["answer_text"], refusal_ground=d["refusal_ground"],
            consequence_test=d["consequence_test"], other_body=d["other_body"], held_form=d["held_form"],
            fee=d["fee"] or 0,
        ),
    )


ACTIONS: dict[str, StaffAction] = {
    "forward": StaffAction(
        ForwardForm, lambda r, by, d: services.info_request_forward(info_request=r, agency=d["agency"], by=by,
                                                                    note=d["note"]),
        permissions.can_forward_request, gettext_lazy("Permohonan diteruskan.")),
    "extend": StaffAction(
        ExtendForm, lambda r, by, d: services.info_request_extend(info_request=r, by=by, reason=d["reason"]),
        permissions.can_act_on, gettext_lazy("Jangka waktu diperpanjang 7 hari kerja.")),
    "answer": StaffAction(
        AnswerForm, _answer, permissions.can_act_on,
        gettext_lazy("Pemberitahuan tertulis tersimpan dan dikirim ke pemohon."), files=True),
    "identity": StaffAction(
        IdentityForm, lambda r, by, d: services.info_request_complete_identity(
            info_request=r, by=by, id_kind=d["id_kind"], id_number=d["id_number"]),
        permissions.can_act_on, gettext_lazy("Identitas pemohon dilengkapi.")),
    "objection_answer": StaffAction(
        ObjectionAnswerForm, lambda o, by, d: services.objection_answer(
            objection=o, by=by, decision=d["decision"], answer_text=d["answer_text"],
            superior_name=d["superior_name"]),
        permissions.can_answer_objection, gettext_lazy("Tanggapan atasan PPID tersimpan.")),
    "dispute": StaffAction(
        DisputeForm, lambda o, by, d: services.objection_record_dispute(
            objection=o, by=by, filed=d["filed"], filed_on=d["filed_on"], reference=d["reference"], note=d["note"]),
        permissions.can_answer_objection, gettext_lazy("Catatan sengketa tersimpan.")),
}


def _objection(user, pk):
    return selectors.objection_get_for_user(pk=pk, user=user)


def _action_view(name: str, load):
    """The POST view of one row of `ACTIONS`: load the request or objection (404 outside the scope), check the rule
    (403), validate the form, call the service; back to the request's page with the outcome."""
    action = ACTIONS[name]

    @require_POST
    @staff_required
    @object_view(load, action.allowed)
    def view(request, obj):
        pk = obj.request_id if isinstance(obj, Objection) else obj.pk  # back to the request's page
        form = action.form(request.POST, request.FILES) if action.files else action.form(request.POST)
        if form.is_valid():
            try:
                action.run(obj, request.user, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, str(action.success))
                return redirect("ppid:staff_detail", pk=pk)
        for error in [*form.non_field_errors(), *[f"{form.fields[f].label}: {e}" for f, errs in form.errors.items()
                                                  if f != "__all__" for e in errs]]:
            messages.error(request, error)
        return redirect("ppid:staff_detail", pk=pk)

    view.__name__ = view.__qualname__ = name
    return view


forward = _action_view("forward", _request)
extend = _action_view("extend", _request)
answer = _action_view("answer", _request)
identity = _action_view("identity", _request)
objection_answer = _action_view("objection_answer", _objection)
dispute = _action_view("dispute", _objection)


@staff_required
@object_view(_request)
def attachment(request, info_request, att: int):
    item = get_object_or_404(info_request.attachments, pk=att)
    return file_response(item.file, filename=item.original_name, content_type=item.content_type)


# --- Registers -------------------------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2008 <= year <= 2100 else timezone.localdate().year


@staff_required
@desk_required
def register(request):
    year = _year(request)
    qs = selectors.info_requests_for_user(request.user).filter(received_on__year=year)
    columns, rows = registers.request_columns(), registers.request_rows(qs, user=request.user)
    fmt = request.GET.get("format")
    name = f"register-permohonan-{year}"
    if fmt == "csv":
        return registers.as_csv(columns, rows, name)
    if fmt == "xlsx":
        return registers.as_xlsx(columns, rows, name, title=_("Register permohonan"))
    return render(request, "ppid/staff/register.html", {
        "title": _("Buku register permohonan informasi"), "columns": columns, "rows": rows, "year": year,
        "other": ("ppid:objection_register", _("Register keberatan")),
    })


@staff_required
@desk_required
def objection_register(request):
    year = _year(request)
    qs = selectors.objections_for_user(request.user).filter(filed_on__year=year)
    columns, rows = registers.objection_columns(), registers.objection_rows(qs)
    fmt = request.GET.get("format")
    name = f"register-keberatan-{year}"
    if fmt == "csv":
        return registers.as_csv(columns, rows, name)
    if fmt == "xlsx":
        return registers.as_xlsx(columns, rows, name, title=_("Register keberatan"))
    return render(request, "ppid/staff/register.html", {
        "title": _("Buku register keberatan"), "columns": columns, "rows": rows, "year": year,
        "other": ("ppid:register", _("Register permohonan")),
    })


# --- Annual report ---------------------------------------------------------------------------------------------


def _report_from(request):
    agencies = selectors.report_agencies_for_user(request.user)
    allow_regency = permissions.sees_all_requests(request.user)
    require(allow_regency or agencies.exists())
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year - 1))  # the report is made for the year just ended
    if not allow_regency and not data.get("agency"):
        data["agency"] = str(agencies.first().pk)
    form = ReportForm(data, agencies=agencies, allow_regency=allow_regency)
    if not form.is_valid():
        return form, None
    report = reports.annual_report(year=form.cleaned_data["year"], agency=form.cleaned_data.get("agency"))
    return form, report


@staff_required
def report(request):
    form, result = _report_from(request)
    return render(request, "ppid/staff/report.html", {
        "form": form, "report": result, "charts": reports.report_charts(result) if result else None,
        "query": request.GET.urlencode(),
    })


@staff_required
def report_pdf(request):
    form, result = _report_from(request)
    if result is None:
        return render(request, "ppid/staff/report.html", {"form": form, "report": None}, status=400)
    pdf = reports.annual_report_pdf(result)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="laporan-ppid-{result.year}.pdf"'
    return response


# --- DIP management --------------------------------------------------------------------------------------------


@staff_required
def dip_manage(request):
    require(permissions.can_manage_dip(request.user))
    items = selectors.dip_items_for_user(request.user).order_by("agency__name", "category", "title")
    page = Paginator(items, 50).get_page(request.GET.get("halaman"))
    return render(request, "ppid/staff/dip_manage.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required
def dip_edit(request, pk: int | None = None):
    require(permissions.can_manage_dip(request.user))
    item = get_object_or_404(selectors.dip_items_for_user(request.user), pk=pk) if pk else None
    agencies = selectors.dip_agencies_for_user(request.user)
    form = PublicInfoItemForm(request.POST or None, request.FILES or None, instance=item, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            services.public_info_item_save(item=form.save(commit=False), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Daftar informasi publik tersimpan."))
            return redirect("ppid:dip_manage")
    return render(request, "ppid/staff/dip_form.html", {"form": form, "item": item})


@require_POST
@staff_required
def dip_delete(request, pk: int):
    item = get_object_or_404(selectors.dip_items_for_user(request.user), pk=pk)
    services.public_info_item_delete(item=item, by=request.user)
    messages.success(request, _("Entri daftar informasi publik dihapus."))
    return redirect("ppid:dip_manage")
