"""Public pages of SPMB: registration by parents on a phone, the secret follow page, results by number, the live
ranking. No NIK, KK number or phone number is ever in a URL or on a page in full; children's names are masked."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from satupintu.core import ratelimit
from satupintu.core.request_context import client_ip
from satupintu.penduduk.masking import mask_kk, mask_name, mask_nik

from .. import selectors, services
from ..forms import DocumentForm, ObjectionForm, RegistrationForm, ResultLookupForm
from ..models import DocumentKind, Level, PrestasiRule, School, Track
from ..workflow import REGISTRATIONS, ParentAccess

LOOKUP_SCOPE = "spmb.child_lookup"


def _year_or_404():
    year = services.active_year_cached()
    if year is None:
        raise Http404
    return year


@require_GET
def home(request):
    year = services.active_year_cached()
    return render(request, "spmb/home.html", {"year": year, "now": timezone.now(),
                                              "lookup_form": ResultLookupForm()})


def _child_or_error(request, form) -> object | None:
    """The child by NIK + KK, or None with the error on the form. Failed matches are what a prober makes, so they
    are counted per client address (SPMB_FAILED_LOOKUPS_PER_HOUR, default 30); a match needs both numbers right
    and costs no write (the first morning's registrations come from school labs and internet cafés)."""
    limit = getattr(settings, "SPMB_FAILED_LOOKUPS_PER_HOUR", 30)
    key = client_ip(request) or "unknown"
    decision = ratelimit.peek(LOOKUP_SCOPE, key, limit=limit, window=3600)
    if not decision.allowed:
        form.add_error(None, _("Terlalu banyak percobaan yang tidak cocok dari alamat ini. Coba lagi setelah "
                               "%(until)s.") % {"until": ratelimit.until_text(decision.reset_at)})
        return None
    try:
        return services.child_match(nik=form.cleaned_data["nik"], kk_number=form.cleaned_data["kk_number"])
    except ValidationError as exc:
        ratelimit.consume(LOOKUP_SCOPE, key, limit=limit, window=3600)
        form.add_error(None, exc)
        return None


def _child_facts(child) -> dict:
    return {"name": mask_name(child.name), "nik": mask_nik(child.nik),
            "kk": mask_kk(child.family.kk_number) if child.family_id else "",
            "village": child.family.village if child.family_id else child.village,
            "birth_year": child.birth_date.year}


@require_http_methods(["GET", "POST"])
def register(request):
    year = _year_or_404()
    is_open = year.registration_open(timezone.now())
    facts = None
    if request.method == "POST" and is_open:
        form = RegistrationForm(request.POST, year=year)
        if request.POST.get("check"):
            # Only the child's masked facts: the rest of the form need not be valid yet.
            form.full_clean()
            if "nik" in form.cleaned_data and "kk_number" in form.cleaned_data:
                form._errors = {}
                child = _child_or_error(request, form)
                if child is not None:
                    facts = _child_facts(child)
        elif form.is_valid():
            child = _child_or_error(request, form)
            if child is not None:
                try:
                    registration = services.registration_create(year=year, child=child,
                                                                data=form.registration_input())
                except ValidationError as exc:
                    _add_errors(form, exc)
                else:
                    return redirect("spmb:follow", token=registration.access_token)
    else:
        form = RegistrationForm(year=year)
    return render(request, "spmb/register.html", {"form": form, "year": year, "is_open": is_open, "facts": facts,
                                                  **_map_context()})


def _map_context() -> dict:
    """The home-point map of the form (aduan's picker script and the regency's centre, both from memory)."""
    from django.conf import settings

    from satupintu.aduan.maps import map_centre

    return {"map_tiles": settings.SATUPINTU_MAP_TILES, "map_centre": map_centre()}


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _follow_context(request, registration, **extra):
    placement = selectors.latest_placement(registration) if registration.year.announced_at else None
    choices = list(registration.choices.select_related("school").order_by("position"))
    schools = {c.school_id: c.school for c in choices}
    refusals = []
    if placement is not None:
        for school_id, track, reason in placement.refusals:
            refusals.append({"school": schools.get(school_id), "track": Track(track).label, "reason": reason})
    documents = {d.kind: d for d in registration.documents.all()}
    required = services.required_documents(registration)
    return {
        "registration": registration, "choices": choices, "placement": placement, "refusals": refusals,
        "cutoffs": selectors.cutoff_for(placement, registration) if placement else [],
        "documents": [(DocumentKind(k).label, documents.get(k)) for k in required],
        "missing": services.missing_documents(registration),
        "actions": REGISTRATIONS.allowed_actions(ParentAccess(registration.pk), registration),
        "document_form": DocumentForm(), "objection_form": ObjectionForm(),
        "phone": registration.parent_phone[:4] + "*" * max(0, len(registration.parent_phone) - 7)
        + registration.parent_phone[-3:],
        **extra,
    }


@require_GET
def follow(request, token):
    registration = selectors.registration_by_token(token)
    response = render(request, "spmb/follow.html", _follow_context(request, registration))
    response["Referrer-Policy"] = "same-origin"  # the secret link must not leak to other sites
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def follow_edit(request, token):
    registration = selectors.registration_by_token(token)
    if not registration.editable:
        messages.error(request, _("Pendaftaran yang sudah diverifikasi tidak dapat diubah."))
        return redirect("spmb:follow", token=token)
    if request.method == "POST":
        form = RegistrationForm(request.POST, year=registration.year, identity=False)
        if form.is_valid():
            try:
                services.registration_update(registration=registration, by=ParentAccess(registration.pk),
                                             data=form.registration_input())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Perubahan tersimpan."))
                return redirect("spmb:follow", token=token)
    else:
        form = RegistrationForm(initial=RegistrationForm.initial_from(registration), year=registration.year,
                                identity=False)
    response = render(request, "spmb/register.html", {"form": form, "year": registration.year, "is_open": True,
                                                      "registration": registration, **_map_context()})
    response["Referrer-Policy"] = "same-origin"
    return response


def _parent_step(run, ok_message):
    @require_POST
    def view(request, token):
        registration = selectors.registration_by_token(token)
        try:
            detail = run(request, registration, ParentAccess(registration.pk))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(ok_message(detail)))
        return redirect("spmb:follow", token=token)

    return view


def _upload(request, registration, by):
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError(_("Pilih jenis dokumen dan berkasnya."))
    services.document_add(registration=registration, by=by, kind=form.cleaned_data["kind"],
                          upload=form.cleaned_data["file"])


def _objection(request, registration, by):
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Jelaskan keberatan Anda (minimal 20 huruf)."))
    complaint = services.objection_file(registration=registration, by=by, text=form.cleaned_data["text"])
    return complaint.tracking_code


follow_upload = _parent_step(_upload, lambda _d: _("Dokumen tersimpan."))
follow_submit = _parent_step(lambda request, r, by: services.registration_submit(registration=r, by=by),
                             lambda _d: _("Pendaftaran dikirim. Sekolah akan memverifikasi berkasnya."))
follow_cancel = _parent_step(lambda request, r, by: services.registration_cancel(registration=r, by=by),
                             lambda _d: _("Pendaftaran dibatalkan."))
follow_reregister = _parent_step(lambda request, r, by: services.registration_reregister(registration=r, by=by),
                                 lambda _d: _("Daftar ulang tercatat."))
follow_objection = _parent_step(_objection, lambda code: _(
    "Keberatan Anda tercatat sebagai aduan %(code)s (kategori SPMB) dan diteruskan ke dinas pendidikan. Ikuti "
    "lewat halaman Lacak laporan.") % {"code": code})


@require_GET
def result_lookup(request):
    form = ResultLookupForm(request.GET or None)
    found, placement, searched = None, None, False
    if form.is_valid():
        searched = True
        found = selectors.registration_by_number(form.cleaned_data["number"])
        if found is not None and found.year.announced_at:
            placement = selectors.latest_placement(found)
    return render(request, "spmb/result_lookup.html", {
        "form": form, "found": found, "placement": placement, "searched": searched,
        "masked_name": mask_name(found.child_name) if found else "",
    })


@require_GET
def ranking_index(request):
    year = _year_or_404()
    schools = School.objects.filter(is_active=True).select_related("village").order_by("level", "name")
    level = request.GET.get("jenjang", "")
    if level in Level.values:
        schools = schools.filter(level=level)
    page = Paginator(schools, 50).get_page(request.GET.get("hal"))
    return render(request, "spmb/ranking_index.html", {"year": year, "page": page, "level": level,
                                                       "levels": Level.choices})


@require_GET
def ranking(request, npsn, track):
    year = _year_or_404()
    school = selectors.active_school_by_npsn(npsn)
    if track not in selectors.sel.LEVEL_TRACKS[school.level]:
        raise Http404
    try:
        page = max(1, int(request.GET.get("hal", "1")))
    except ValueError:
        page = 1
    rows, total = selectors.ranking(school=school, track=track, page=page)
    seats = selectors.seats_of(school, year)
    pages = max(1, -(-total // selectors.RANKING_PAGE))
    return render(request, "spmb/ranking.html", {
        "year": year, "school": school, "track": track, "track_label": Track(track).label, "rows": rows,
        "total": total, "seats": seats.get(track, 0), "page": page, "pages": pages,
        "tracks": [(t, Track(t).label) for t in selectors.sel.LEVEL_TRACKS[school.level]],
        "prev": page - 1 if page > 1 else None, "next": page + 1 if page < pages else None,
        "prestasi": track == Track.PRESTASI, "first_rank": (page - 1) * selectors.RANKING_PAGE,
    })


@require_GET
def prestasi_table(request):
    year = _year_or_404()
    return render(request, "spmb/prestasi_table.html", {
        "year": year, "rules": PrestasiRule.objects.filter(year=year)})
