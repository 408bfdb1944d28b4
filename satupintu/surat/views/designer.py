"""The letter-type designer: a village's operator or head (its own types) or the regency administrator (the
regency's types) adds a letter type without code — its fields, attachments, validity, signer and text — and sees the
letter as it would print while editing (HTMX preview of the first page; the PDF on request)."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from satupintu.akun.permissions import role_required
from satupintu.akun.roles import VILLAGE_ROLES, Role

from .. import permissions, services
from ..forms import add_field_row, design_forms, design_specs
from ..models import LetterType
from ..templating import LETTER_PLACEHOLDERS, RESIDENT_PLACEHOLDERS, VILLAGE_PLACEHOLDERS

designer_staff = role_required(VILLAGE_ROLES, {Role.REGENCY_ADMIN})


def _owner(user):
    """The village whose own types `user` designs (None: the regency's types, for the regency administrator)."""
    return user.village if user.role in VILLAGE_ROLES else None


def _preview_village(user):
    from satupintu.wilayah.models import Village

    village = _owner(user) or Village.objects.order_by("code").first()
    if village is None:
        raise Http404
    return village


def _types_for(user):
    owner = _owner(user)
    return LetterType.objects.filter(village=owner) if owner else LetterType.objects.filter(village__isnull=True)


def _load(user, pk: int) -> LetterType:
    return get_object_or_404(_types_for(user), pk=pk)


@designer_staff
def designer_list(request):
    return render(request, "surat/designer_list.html", {
        "types": _types_for(request.user).order_by("code"), "owner": _owner(request.user),
    })


def _context(form, formset, letter_type=None) -> dict:
    return {
        "form": form, "formset": formset, "letter_type": letter_type,
        "placeholder_groups": [
            (_("Data pemohon"), RESIDENT_PLACEHOLDERS.items()),
            (_("Data desa"), VILLAGE_PLACEHOLDERS.items()),
            (_("Data surat"), LETTER_PLACEHOLDERS.items()),
        ],
    }


@designer_staff
def designer_edit(request, pk: int | None = None):
    """New type (no pk) or one of the user's own. "Tambah isian" posts the page back with one more empty field row;
    "Simpan" saves through the service, which checks fields and text together."""
    letter_type = _load(request.user, pk) if pk else None
    if request.method != "POST":
        form, formset = design_forms(letter_type=letter_type)
        return render(request, "surat/designer_edit.html", _context(form, formset, letter_type))
    data = request.POST
    if "tambah_isian" in data:
        form, formset = add_field_row(data)
        return render(request, "surat/designer_edit.html", _context(form, formset, letter_type))
    form, formset = design_forms(data)
    if form.is_valid() and formset.is_valid():
        try:
            saved = services.letter_type_save(
                by=request.user, village=_owner(request.user), letter_type=letter_type,
                **form.values(design_specs(formset)),
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Jenis surat %(code)s %(name)s disimpan.") % {"code": saved.code,
                                                                                      "name": saved.name})
            return redirect("surat:designer_list")
    return render(request, "surat/designer_edit.html", _context(form, formset, letter_type))


def _attach_errors(form, exc: ValidationError) -> None:
    """Put the service's errors on the designer's fields ("fields" problems on the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_POST
@designer_staff
def designer_preview(request):
    """The letter as it would print (a made-up applicant), from the form as it stands: the first page as an image
    for the HTMX panel, or the whole PDF (`?format=pdf`). Errors in the text come back as a message in the panel."""
    form, formset = design_forms(request.POST)
    as_pdf = request.GET.get("format") == "pdf"
    errors: list[str] = []
    if not form.is_valid():
        errors += [f"{form.fields[n].label if n in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                   for n, e in form.errors.items()]
    if not formset.is_valid():
        errors += [str(e) for f in formset.forms for errs in f.errors.values() for e in errs]
    if not errors:
        values = form.values(design_specs(formset))
        draft = LetterType(**{k: v for k, v in values.items()}, village=_owner(request.user))
        try:
            if not (permissions.can_design_letter_types(request.user, draft.village)):
                raise PermissionDenied
            content = services.letter_type_preview(
                letter_type=draft, village=_preview_village(request.user), by=request.user,
                image=not as_pdf,
            )
        except ValidationError as exc:
            errors += exc.messages
    if as_pdf:
        if errors:
            return HttpResponse("\n".join(errors), content_type="text/plain; charset=utf-8", status=400)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="pratinjau-surat.pdf"'
        return response
    image = base64.b64encode(content).decode() if not errors else ""
    return render(request, "surat/designer_preview.html", {"errors": errors, "image": image})
