"""The "Buku Administrasi Desa" page: every statutory register of the village for a chosen period, as PDF or XLSX,
and the pages where the operator keeps the data only the registers need."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from satupintu.akun.decorators import object_view
from satupintu.akun.permissions import staff_required

from .. import forms, selectors
from ..registers.books import BOOKS
from ..registers.export import FORMATS, book_export, can_read_registers


def _village(user, code):
    return selectors.village_by_code(code)


register_reader = object_view(_village, can_read_registers, url_kwarg="code")

KEPT_SECTIONS = ("peraturan", "aparat", "surat-masuk", "penduduk-sementara")


def _period(request) -> tuple[forms.RegisterPeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    form = forms.RegisterPeriodForm(
        {
            "dari": request.GET.get("dari") or today.replace(day=1).isoformat(),
            "sampai": request.GET.get("sampai") or today.isoformat(),
        }
    )
    if form.is_valid():
        return form, form.cleaned_data["dari"], form.cleaned_data["sampai"]
    return form, today.replace(day=1), today


@staff_required
@register_reader
def registers_home(request, village):
    from .staff import SECTIONS

    form, start, end = _period(request)
    return render(
        request,
        "desa/staff/registers.html",
        {
            "village": village,
            "form": form,
            "start": start,
            "end": end,
            "books": BOOKS.values(),
            "sections": [(name, SECTIONS[name].label) for name in KEPT_SECTIONS],
        },
    )


@staff_required
@register_reader
def register_download(request, village, book: str, fmt: str):
    if book not in BOOKS or fmt not in FORMATS:
        raise Http404
    form, start, end = _period(request)
    if not form.is_valid():
        return HttpResponse(
            " ".join(e for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    try:
        export = book_export(by=request.user, village=village, slug=book, start=start, end=end, fmt=fmt)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(export.content, content_type=export.content_type)
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
