"""Pages of the treasury service. Staff pages get their order from `object_view` (404 outside the user's scope: an
agency never learns that another agency's SPM exists; 403 for a step the user may not take); every action is one row
of `ACTIONS` (form, service, rule). Public pages: the realisation report and the SP2D verification page, neither
with any recipient's data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.akun.permissions import is_regency_wide
from satupintu.core.audit import actor_display, audit_trail
from satupintu.core.files import private_file_response
from satupintu.organisasi.models import Agency

from . import permissions, selectors, services
from .banks import bank_name
from .budget import BudgetFileError
from .clock import elapsed_minutes
from .conf import promise_minutes
from .exports import bank_transfer_csv
from .forms import (
    AttachmentForm,
    BudgetImportForm,
    ChecklistForm,
    LineForm,
    NoteForm,
    OptionalNoteForm,
    OrderForm,
    RecipientForm,
    RemoveLineForm,
    ReturnForm,
    SignForm,
    SpdForm,
)
from .models import ISSUED_STATES, BudgetLine, OrderStatus, PaymentAttachment, PaymentOrder, ReturnReason
from .workflow import ORDERS


def _order(user, pk):
    return selectors.order_get_for_user(user, pk)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun") or request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


# --- index ------------------------------------------------------------------------------------------------------------
def index(request):
    user = request.user
    if permissions.can_work_queue(user):
        return redirect("keuangan:queue")
    if permissions.is_agency_finance(user):
        return redirect("keuangan:orders")
    if permissions.can_view_board(user):
        return redirect("keuangan:board")
    return redirect("keuangan:realisation")


# --- the agency's pages -----------------------------------------------------------------------------------------------
@rule_required(permissions.can_view_agency_orders)
def orders(request):
    status = request.GET.get("status", "")
    qs = selectors.agency_orders(request.user)
    if status in OrderStatus.values:
        qs = qs.filter(status=status)
    now = timezone.now()
    rows = [(order, elapsed_minutes(order, now)) for order in qs[:200]]
    counts = selectors.order_counts_by_status(request.user)
    return render(request, "keuangan/orders.html", {
        "rows": rows, "status": status, "can_draft": permissions.can_draft_order(request.user), "spm_url": _spm_url(),
        "counts": [(value, label, counts.get(value, 0)) for value, label in OrderStatus.choices],
    })


@rule_required(permissions.can_draft_order)
def order_new(request):
    form = OrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Draf SPP dibuat. Tambahkan rinciannya."))
            return redirect("keuangan:detail", pk=order.pk)
    return render(request, "keuangan/order_new.html", {"form": form})


def _trail(order) -> list[dict]:
    def label(action: str, data: dict) -> str:
        step = action.removeprefix("keuangan.")
        return ORDERS.label(step, detail=str(data.get("detail", ""))) if step in ORDERS.transitions else action

    return [{"at": e.created_at, "actor": actor_display(e), "label": label(e.action, e.data or {}), "note": e.note}
            for e in audit_trail(order).select_related("actor")]


@require_GET
@object_view(_order)
def detail(request, order):
    user = request.user
    allowed = set(ORDERS.allowed_actions(user, order))
    lines = order.lines.select_related("budget_line__account")
    budget_lines = BudgetLine.objects.filter(agency_id=order.agency_id, year=order.year).select_related(
        "account").order_by("activity_code", "account__code")
    can_edit = "edited" in allowed
    return render(request, "keuangan/detail.html", {
        "order": order, "lines": lines, "allowed": allowed, "can_edit": can_edit,
        "minutes": elapsed_minutes(order), "promise": promise_minutes(),
        "bank_name": bank_name(order.bank),
        "attachments": order.attachments.all(), "missing": services.missing_attachments(order),
        "returns": order.returns.all()[:10], "trail": _trail(order),
        "line_form": LineForm(lines=budget_lines) if can_edit else None,
        "attachment_form": AttachmentForm() if can_edit else None,
        "recipient_form": RecipientForm(initial={
            "recipient_name": order.recipient_name, "recipient_npwp": order.recipient_npwp, "bank": order.bank,
            "account_number": order.account_number, "account_name": order.account_name}) if can_edit else None,
        "checklist_form": ChecklistForm(), "return_form": ReturnForm(), "note_form": NoteForm(),
        "optional_note_form": OptionalNoteForm(), "sign_form": SignForm(),
        "needs_passphrase": services_signer_is_electronic(),
        "needs_bud": permissions.needs_bud(order),
        "is_treasury": permissions.is_treasury(user),
        "issued": order.status in ISSUED_STATES,
    })


def services_signer_is_electronic() -> bool:
    from satupintu.surat.signing import signer_method

    return signer_method() == "bsre"


@dataclass(frozen=True)
class OrderAction:
    form: Callable[..., Any] | None
    run: Callable[[PaymentOrder, Any, dict], str]
    invalid: Any = ""


def _add_line(order, user, data):
    services.order_line_add(order=order, by=user, **data)
    return _("Rincian ditambahkan.")


def _remove_line(order, user, data):
    services.order_line_remove(order=order, by=user, line_id=data["line"])
    return _("Rincian dihapus.")


def _attach(order, user, data):
    services.attachment_add(order=order, by=user, kind=data["kind"], upload=data["file"])
    return _("Lampiran diunggah.")


def _recipient(order, user, data):
    services.order_update_recipient(order=order, by=user, **data)
    return _("Penerima dan rekening diperbarui.")


def _submit(order, user, data):
    order = services.spp_submit(order=order, by=user)
    return _("SPP %(number)s diajukan ke PPK-SKPD.") % {"number": order.spp_number}


def _check(order, user, data):
    services.spp_check(order=order, by=user, note=data.get("note", ""))
    return _("SPP diperiksa; SPM menunggu tanda tangan PA/KPA.")


def _reject(order, user, data):
    services.spp_reject(order=order, by=user, note=data["note"])
    return _("Dikembalikan ke bendahara.")


def _sign_spm(order, user, data):
    order = services.spm_sign(order=order, by=user)
    return _("SPM %(number)s ditandatangani dan dikirim ke BUD.") % {"number": order.spm_number}


def _resubmit(order, user, data):
    services.spm_resubmit(order=order, by=user, note=data.get("note", ""))
    return _("SPM dikirim ulang ke BUD.")


def _verify(order, user, data):
    services.spm_verify(order=order, by=user, checklist=data)
    return _("SPM terverifikasi; menunggu tanda tangan SP2D.")


def _return(order, user, data):
    services.spm_return(order=order, by=user, reason=data["reason"], note=data["note"])
    return _("SPM dikembalikan ke OPD.")


def _sign_sp2d(order, user, data, request=None):
    order = services.sp2d_sign(order=order, by=user, passphrase=data.get("passphrase", ""), request=request)
    return _("SP2D %(number)s terbit.") % {"number": order.sp2d_number}


def _send(order, user, data):
    services.sp2d_send(order=order, by=user)
    return _("SP2D ditandai terkirim ke bank.")


def _cancel(order, user, data):
    services.order_cancel(order=order, by=user, note=data["note"])
    return _("Dibatalkan.")


def _form(cls):
    return lambda order, data=None, files=None: cls(data, files)


def _line_form(order, data=None, files=None):
    lines = BudgetLine.objects.filter(agency_id=order.agency_id, year=order.year).select_related("account")
    return LineForm(data, lines=lines)


ACTIONS: dict[str, OrderAction] = {
    "add_line": OrderAction(_line_form, _add_line),
    "remove_line": OrderAction(_form(RemoveLineForm), _remove_line),
    "attach": OrderAction(_form(AttachmentForm), _attach, gettext_lazy("Pilih jenis dokumen dan berkas PDF.")),
    "recipient": OrderAction(_form(RecipientForm), _recipient),
    "submit_spp": OrderAction(None, _submit),
    "check_spp": OrderAction(_form(OptionalNoteForm), _check),
    "reject_spp": OrderAction(_form(NoteForm), _reject, gettext_lazy("Tuliskan alasan pengembalian.")),
    "sign_spm": OrderAction(None, _sign_spm),
    "resubmit": OrderAction(_form(OptionalNoteForm), _resubmit),
    "verify": OrderAction(_form(ChecklistForm), _verify),
    "return": OrderAction(_form(ReturnForm), _return, gettext_lazy("Pilih alasan dan tuliskan penjelasannya.")),
    "sign_sp2d": OrderAction(_form(SignForm), _sign_sp2d),
    "send_to_bank": OrderAction(None, _send),
    "cancel": OrderAction(_form(NoteForm), _cancel, gettext_lazy("Alasan pembatalan wajib diisi.")),
}


@require_POST
@object_view(_order)
def action(request, order, name: str):
    """One row of `ACTIONS`: validate its form, call its service; the service checks state (and says why not) and the
    actor (403). Back to the order's page with the outcome."""
    act = ACTIONS.get(name)
    if act is None:
        raise Http404
    data: dict = {}
    if act.form is not None:
        form = act.form(order, request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, str(act.invalid) or " ".join(
                str(e) for errs in form.errors.values() for e in errs))
            return redirect("keuangan:detail", pk=order.pk)
        data = form.cleaned_data
    try:
        if act.run is _sign_sp2d:
            messages.success(request, _sign_sp2d(order, request.user, data, request=request))
        else:
            messages.success(request, act.run(order, request.user, data))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect("keuangan:detail", pk=order.pk)


@require_GET
@object_view(_order)
def sp2d_pdf(request, order):
    if not order.pdf:
        raise Http404
    filename = f"sp2d-{order.sp2d_number.replace('/', '-')}.pdf"
    return private_file_response(order.pdf, filename=filename, content_type="application/pdf")


@require_GET
@object_view(_order, lambda user, order: permissions.is_treasury(user))
def bank_file(request, order):
    if order.status not in ISSUED_STATES:
        raise Http404
    response = HttpResponse(bank_transfer_csv([order]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="transfer-{order.sp2d_number.replace("/", "-")}.csv"'
    return response


def _attachment(user, pk):
    try:
        attachment = PaymentAttachment.objects.select_related("order").get(pk=int(pk))
    except (PaymentAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    selectors.order_get_for_user(user, attachment.order_id)
    return attachment


@require_GET
@object_view(_attachment)
def attachment(request, attachment):
    return private_file_response(attachment.file, filename=attachment.original_name, content_type="application/pdf")


# --- the treasury's pages ---------------------------------------------------------------------------------------------
@rule_required(permissions.can_work_queue)
def queue(request):
    items = selectors.treasury_queue(request.user)
    return render(request, "keuangan/queue.html", {
        "items": items[:selectors.LIST_LIMIT], "more": max(len(items) - selectors.LIST_LIMIT, 0),
        "promise": promise_minutes(), "spm_url": _spm_url()})


@rule_required(permissions.can_view_board)
def board(request):
    items = selectors.board(request.user)
    return render(request, "keuangan/board.html", {
        "items": items[:selectors.LIST_LIMIT], "more": max(len(items) - selectors.LIST_LIMIT, 0),
        "promise": promise_minutes(), "spm_url": _spm_url()})


@rule_required(permissions.can_view_board)
def stats(request):
    year = _year(request)
    data = selectors.statistics_for(request.user, year=year)
    returns = [(ReturnReason(reason).label, n) for reason, n in data["returns"].most_common()]
    return render(request, "keuangan/stats.html", {
        "year": year, "rows": data["rows"], "overall": data["overall"], "returns": returns,
        "promise": promise_minutes(),
    })


def _budget_agencies(user):
    if permissions.can_manage_budget(user) or permissions.is_treasury(user) or is_regency_wide(user):
        return Agency.objects.filter(is_active=True, parent__isnull=True).order_by("name")
    if permissions.is_agency_finance(user):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


@rule_required(permissions.can_use_keuangan)
def budget(request):
    user = request.user
    year = _year(request)
    agencies = _budget_agencies(user)
    try:
        agency_id = int(request.GET.get("opd") or 0)
    except ValueError:
        agency_id = 0
    agency = agencies.filter(pk=agency_id).first() or (
        agencies.filter(pk=user.agency_id).first() if user.agency_id else None) or agencies.first()
    lines = selectors.budget_lines_for_user(user, agency_id=agency.pk, year=year) if agency else []
    manage = permissions.can_manage_budget(user)
    return render(request, "keuangan/budget.html", {
        "year": year, "agency": agency, "agencies": agencies, "lines": lines, "can_manage": manage,
        "import_form": BudgetImportForm(agencies=agencies, initial={"agency": agency, "year": year}) if manage else None,
        "spd_form": SpdForm(agencies=agencies, initial={"agency": agency, "year": year}) if manage else None,
    })


@require_POST
@rule_required(permissions.can_manage_budget)
def budget_import(request):
    agencies = _budget_agencies(request.user)
    form = BudgetImportForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        messages.error(request, _("Pilih OPD, tahun dan berkas DPA."))
        return redirect("keuangan:budget")
    data = form.cleaned_data
    try:
        result = services.budget_import(agency=data["agency"], year=data["year"], data=data["file"].read(),
                                        filename=data["file"].name, by=request.user)
    except BudgetFileError as exc:
        return render(request, "keuangan/import_errors.html", {"errors": exc.errors, "agency": data["agency"],
                                                                "year": data["year"]}, status=400)
    messages.success(request, _("DPA diimpor: %(created)s baris baru, %(updated)s baris diperbarui.") % result)
    return redirect(f"{_url('keuangan:budget')}?opd={data['agency'].pk}&tahun={data['year']}")


@require_POST
@rule_required(permissions.can_manage_budget)
def spd_new(request):
    form = SpdForm(request.POST, agencies=_budget_agencies(request.user))
    if not form.is_valid():
        messages.error(request, _("Isi OPD, tahun dan periode SPD (bulan 1 sampai 12)."))
        return redirect("keuangan:budget")
    data = form.cleaned_data
    try:
        spd = services.spd_issue(by=request.user, **data)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("SPD %(number)s terbit.") % {"number": spd.number})
    return redirect(f"{_url('keuangan:budget')}?opd={data['agency'].pk}&tahun={data['year']}")


def _spm_url() -> str:
    """The orders' address prefix: list pages append "<pk>/" instead of reversing the URL once per row."""
    return _url("keuangan:orders")


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


# --- public pages -----------------------------------------------------------------------------------------------------
@require_GET
def realisation(request):
    years = selectors.realisation_years()
    year = _year(request)
    if years and year not in years and not request.GET.get("tahun"):
        year = years[0]
    rows = selectors.realisation(year=year)
    total_budget = sum(r["budget"] for r in rows)
    total_realised = sum(r["realised"] for r in rows)
    month_totals = [sum(r["months"][m] for r in rows) for m in range(12)]
    return render(request, "keuangan/realisation.html", {
        "year": year, "years": years, "rows": rows, "total_budget": total_budget, "total_realised": total_realised,
        "month_totals": month_totals,
        "share": (100 * total_realised / total_budget) if total_budget else 0,
    })


@require_GET
def verify(request, token: str):
    order = get_object_or_404(PaymentOrder.objects.select_related("agency"), verification_token=token,
                              status__in=ISSUED_STATES)
    return render(request, "keuangan/verify.html", {"order": order})

