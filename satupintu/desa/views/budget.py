"""Staff pages for the APBDes: create a year, import a spreadsheet, enter lines by hand, publish."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from satupintu.akun.permissions import staff_required

from .. import forms, services
from ..budget.importer import BudgetFileError
from ..models import VillageBudget
from .staff import village_editor


def _saved(form, save) -> bool:
    """True when the form is valid and `save(**cleaned_data)` went through; a ValidationError from the service is shown
    on the form like the form's own errors."""
    if not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


def _budget(village, year) -> VillageBudget:
    return get_object_or_404(VillageBudget, village=village, year=year)


@staff_required
@require_http_methods(["GET", "POST"])
@village_editor
def budget_list(request, village):
    form = forms.BudgetCreateForm(request.POST or None)
    create = partial(services.budget_create, village=village, by=request.user)
    if request.method == "POST" and _saved(form, create):
        return redirect("desa:staff_budget", code=village.pk, year=form.cleaned_data["year"])
    return render(request, "desa/staff/budget_list.html",
                  {"village": village, "form": form, "budgets": village.budgets.all()})


def _render_detail(request, village, budget, *, import_form=None, line_form=None, publish_form=None,
                   import_errors=None, status=200):
    return render(request, "desa/staff/budget_detail.html", {
        "village": village, "budget": budget, "lines": budget.lines.all(),
        "import_form": import_form or forms.BudgetImportForm(),
        "line_form": line_form or forms.BudgetLineForm(),
        "publish_form": publish_form or forms.BudgetPublishForm(initial={"status": budget.status,
                                                                         "published_at": budget.published_at}),
        "import_errors": import_errors or [],
    }, status=status)


@staff_required
@village_editor
def budget_detail(request, village, year):
    budget = _budget(village, year)
    return _render_detail(request, village, budget)


@staff_required
@require_POST
@village_editor
def budget_import(request, village, year):
    budget = _budget(village, year)
    form = forms.BudgetImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, village, budget, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        count = services.budget_import(budget=budget, by=request.user, data=upload.read(), filename=upload.name,
                                       amended=form.cleaned_data["amended"])
    except BudgetFileError as exc:
        return _render_detail(request, village, budget, import_form=form, import_errors=exc.errors, status=400)
    messages.success(request, _("%(count)s baris APBDes diimpor.") % {"count": count})
    return redirect("desa:staff_budget", code=village.pk, year=budget.year)


@staff_required
@require_POST
@village_editor
def budget_line(request, village, year):
    budget = _budget(village, year)
    form = forms.BudgetLineForm(request.POST)
    if _saved(form, partial(services.budget_line_save, budget=budget, by=request.user,
                            original_code=request.POST.get("original_code") or None)):
        messages.success(request, _("Baris %(code)s disimpan.") % {"code": form.cleaned_data["code"]})
        return redirect("desa:staff_budget", code=village.pk, year=budget.year)
    return _render_detail(request, village, budget, line_form=form, status=400)


@staff_required
@require_POST
@village_editor
def budget_line_delete(request, village, year):
    budget = _budget(village, year)
    line_code = request.POST.get("line_code", "")
    if not budget.lines.filter(code=line_code).exists():
        messages.error(request, _("Baris tidak ditemukan."))
    else:
        services.budget_line_delete(budget=budget, by=request.user, code=line_code)
        messages.success(request, _("Baris %(code)s dan rinciannya dihapus.") % {"code": line_code})
    return redirect("desa:staff_budget", code=village.pk, year=budget.year)


@staff_required
@require_POST
@village_editor
def budget_publish(request, village, year):
    budget = _budget(village, year)
    form = forms.BudgetPublishForm(request.POST)
    if _saved(form, partial(services.budget_publish, budget=budget, by=request.user)):
        messages.success(request, _("Status APBDes disimpan."))
        return redirect("desa:staff_budget", code=village.pk, year=budget.year)
    return _render_detail(request, village, budget, publish_form=form, status=400)
