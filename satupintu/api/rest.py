"""The REST API (django-ninja): JSON, OpenAPI 3 schema at /api/v1/openapi.json, documentation page at /api/.

Why django-ninja rather than Django REST framework + drf-spectacular: the answers are declared once as pydantic
schemas (schemas.py) that both validate every answer and generate the OpenAPI document, so the schema cannot drift
from the code; it is a thin layer over plain Django views (our selectors, decorators, rate limiter and error shape
stay as they are, no serializer/viewset/permission-class layer beside them) and measured cheaper per request. Every
operation reads through the service apps' selectors: no second way to read.

Conventions: errors `{"error": {"code", "message"}}` (Indonesian message); lists paginated by an opaque `cursor`
(`next_cursor`, and `next` as a full URL); every GET answer carries an ETag and answers 304 to If-None-Match; a key in
`X-API-Key` (or `Authorization: Bearer`) raises the rate limit to the key's own and unlocks its scopes."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja import Status as Answer
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader

from satupintu.aduan import selectors as aduan_selectors
from satupintu.aduan.models import Kind, Status
from satupintu.core.links import absolute_url

from . import schemas as s
from . import selectors
from .errors import ApiError, error_response
from .keys import Caller, authenticate, key_from_request, rate_headers
from .models import Scope, WebhookSubscription

MAX_LIMIT = 100
MAX_ID = 2**31 - 1  # ids are 32-bit on every database we run on


class KeyAuth(APIKeyHeader):
    """Optional key: without one the caller is anonymous (public data, per-address limit); a wrong key is a 401."""

    param_name = "X-API-Key"

    def authenticate(self, request, key):
        return authenticate(request, key=key_from_request(request))


class SatuPintuAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The key is optional on public operations: say so ({} among the alternatives), so clients and schema
        testers know a call without it is answered."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, methods in schema["paths"].items():
            for op in methods.values():
                if "/staf/" not in path and not path.endswith("/webhook"):
                    op["security"] = [{"KeyAuth": []}, {}]
        return schema


api = SatuPintuAPI(
    title="Satu Pintu API",
    version="1",
    description=(
        "API terbuka layanan publik kabupaten: aduan (tampilan publik dan petugas), informasi publik PPID, "
        "verifikasi surat, data desa dan wilayah. Galat selalu berbentuk "
        '{"error": {"code": ..., "message": ...}}. Daftar memakai paginasi kursor (next_cursor).'
    ),
    urls_namespace="api:v1",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=KeyAuth(),
)

ERRORS = {400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 429: s.Error}


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error_response(exc)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    details = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return error_response(ApiError(400, "input_tidak_valid", _("Parameter tidak valid."), details=details))


@api.exception_handler(AuthenticationError)
def _auth_error(request, exc):
    return error_response(ApiError(401, "kunci_tidak_valid", _("Kunci API tidak dikenal atau sudah dicabut.")))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(ApiError(404, "tidak_ditemukan", _("Data tidak ditemukan.")))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return error_response(ApiError(403, "dilarang", _("Anda tidak berwenang melihat data ini.")))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error_response(ApiError(exc.status_code, "galat", str(exc)))


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _caller(request) -> Caller:
    return request.auth


# --- complaints ---------------------------------------------------------------------------------------------------


class ComplaintFilters(Schema):
    status: Status | None = None
    open311_status: Literal["open", "closed"] | None = None
    kind: Kind | None = None
    category: str | None = None
    agency: int | None = Field(None, ge=1, le=MAX_ID)
    district: str | None = None
    village: str | None = None
    received_from: date | None = None
    received_to: date | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def _limit(value: int) -> int:
    if not 1 <= value <= MAX_LIMIT:
        raise ApiError(400, "limit", _("limit harus antara 1 dan %(max)d.") % {"max": MAX_LIMIT})
    return value


def _public_row(c, request) -> dict:
    village = c.village if c.village_id else None
    return {
        "code": c.tracking_code, "kind": c.kind, "kind_label": str(c.get_kind_display()), "status": c.status,
        "status_label": str(c.get_status_display()),
        "open311_status": "closed" if selectors.status_is_closed(c.status) else "open",
        "title": selectors.redact(c.title), "category": c.category.slug if c.category_id else None,
        "category_name": c.category.name if c.category_id else None,
        "agency": c.agency.short_name if c.agency_id else None,
        "village": village.code if village else None, "village_name": village.name if village else None,
        "district_name": village.district.name if village else None,
        "received_at": c.created_at, "updated_at": c.updated_at, "is_late": c.is_late,
        "url": absolute_url(c.get_absolute_url(), request=request),
    }


def _filtered(qs, f: ComplaintFilters):
    from datetime import datetime, time

    from django.utils import timezone

    if f.status:
        qs = qs.filter(status=f.status)
    if f.open311_status:
        qs = qs.filter(selectors.open_closed_filter(f.open311_status))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.category:
        qs = qs.filter(selectors.category_codes_filter([f.category]))
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.district:
        qs = qs.filter(district_id=f.district)
    if f.village:
        qs = qs.filter(village_id=f.village)
    if f.received_from:
        qs = qs.filter(created_at__gte=timezone.make_aware(datetime.combine(f.received_from, time.min)))
    if f.received_to:
        qs = qs.filter(created_at__lte=timezone.make_aware(datetime.combine(f.received_to, time.max)))
    return qs


@api.get("/aduan", response={200: s.ComplaintPage, **ERRORS}, tags=["aduan"],
         summary="Daftar aduan publik (terverifikasi, bukan rahasia), terbaru dahulu")
def complaints(request, filters: Query[ComplaintFilters]):
    limit = _limit(filters.limit)
    rows, following = selectors.newest_first_page(
        _filtered(selectors.complaints_public_list(), filters), cursor=filters.cursor, limit=limit)
    return {"items": [_public_row(c, request) for c in rows], "next_cursor": following,
            "next": _next_url(request, following)}


@api.get("/aduan/{code}", response={200: s.ComplaintDetailOut, **ERRORS}, tags=["aduan"],
         summary="Satu aduan seperti halaman status publiknya (isi hanya bila publik)")
def complaint(request, code: str):
    found = selectors.complaint_public(code)
    if found is None:
        raise Http404
    return selectors.complaint_public_fields(*found)


class StaffFilters(Schema):
    status: Status | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


def _staff_row(c) -> dict:
    return {
        "code": c.tracking_code, "kind": c.kind, "status": c.status, "status_label": str(c.get_status_display()),
        "channel": c.channel, "title": selectors.redact(c.title), "description": selectors.redact(c.description),
        "category": c.category.slug if c.category_id else None,
        "agency": c.agency.short_name if c.agency_id else None,
        "handler_unit": c.handler_unit.short_name if c.handler_unit_id else None,
        "village": c.village_id, "address": selectors.redact(c.address), "latitude": c.latitude, "longitude": c.longitude,
        # The name as staff pages show it; "Anonim" for an anonymous reporter. Never a phone number or address.
        "reporter": c.public_reporter_label(), "is_anonymous": c.is_anonymous, "is_confidential": c.is_confidential,
        "received_at": c.created_at, "deadline": c.deadline, "is_late": c.is_late,
        "escalation_level": c.escalation_level,
    }


def _staff_user(request):
    client = _caller(request).require(Scope.STAFF_READ)
    if client.user is None or not client.user.is_active:
        raise ApiError(403, "akun_tidak_aktif", _("Akun petugas pemilik kunci ini tidak aktif."))
    return client.user


@api.get("/staf/aduan", response={200: s.StaffComplaintPage, **ERRORS}, tags=["aduan (petugas)"],
         summary="Aduan yang boleh dilihat akun petugas pemilik kunci (cakupan aduan:staf)")
def staff_complaints(request, filters: Query[StaffFilters]):
    user = _staff_user(request)
    qs = aduan_selectors.complaints_for_staff(user).defer("reporter_phone", "reporter_email", "follow_token")
    if filters.status:
        qs = qs.filter(status=filters.status)
    rows, following = selectors.newest_first_page(qs, cursor=filters.cursor, limit=_limit(filters.limit))
    return {"items": [_staff_row(c) for c in rows], "next_cursor": following, "next": _next_url(request, following)}


@api.get("/staf/aduan/{code}", response={200: s.StaffComplaintOut, **ERRORS}, tags=["aduan (petugas)"],
         summary="Satu aduan dalam kewenangan akun petugas pemilik kunci")
def staff_complaint(request, code: str):
    user = _staff_user(request)
    return _staff_row(aduan_selectors.complaint_get_for_staff(tracking_code=code, user=user))


# --- PPID -----------------------------------------------------------------------------------------------------------


class InfoFilters(Schema):
    agency: int | None = Field(None, ge=1, le=MAX_ID)
    category: str | None = None
    q: str | None = None
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


@api.get("/ppid/informasi", response={200: s.InfoItemPage, **ERRORS}, tags=["ppid"],
         summary="Daftar Informasi Publik (DIP) semua OPD")
def info_items(request, filters: Query[InfoFilters]):
    from satupintu.ppid import selectors as ppid_selectors

    qs = ppid_selectors.dip_public(agency_id=filters.agency, category=filters.category or "",
                                   text=(filters.q or "")[:100])
    rows, following = selectors.id_page(qs, cursor=filters.cursor, limit=_limit(filters.limit))
    items = []
    for item in rows:
        exempt = item.is_exempt
        items.append({
            "id": item.pk, "agency": item.agency.name, "category": item.category,
            "category_label": str(item.get_category_display()), "title": item.title,
            # As the public page: an exempt entry shows its legal ground, not its content.
            "summary": "" if exempt else item.summary, "holding_unit": "" if exempt else item.holding_unit,
            "legal_ground": item.legal_ground if exempt else "", "link": "" if exempt else item.link,
            "updated_at": item.updated_at,
        })
    return {"items": items, "next_cursor": following, "next": _next_url(request, following)}


@api.get("/ppid/permohonan/{tracking_code}", response={200: s.InfoRequestStatusOut, **ERRORS}, tags=["ppid"],
         summary="Status permohonan informasi menurut kode lacak (PPID-XXXX-XXXX)")
def info_request_status(request, tracking_code: str):
    from satupintu.ppid import selectors as ppid_selectors
    from satupintu.ppid.models import normalize_tracking_code

    if not normalize_tracking_code(tracking_code):  # only the short code: the long secret stays a link
        raise Http404
    found, _own = ppid_selectors.info_request_find_public(number="", token=tracking_code)
    if found is None:
        raise Http404
    return {"tracking_code": found.tracking_code, "number": found.number, "status": found.status,
            "status_label": str(found.get_status_display()), "agency": found.agency.name,
            "received_on": found.received_on, "deadline": found.due_date}


# --- letters --------------------------------------------------------------------------------------------------------


@api.get("/surat/verifikasi/{token}", response={200: s.LetterVerificationOut, **ERRORS}, tags=["surat"],
         summary="Verifikasi surat desa dengan kode dari QR-nya")
def letter_verify(request, token: str):
    from satupintu.surat import selectors as surat_selectors

    letter = surat_selectors.letter_get_by_token(token)
    return {"valid": not letter.is_revoked, "revoked": letter.is_revoked, "number": letter.number,
            "letter_type": f"{letter.letter_type.code} {letter.letter_type.name}", "signed_at": letter.signed_at,
            "village": str(letter.village), "district": letter.village.district.name,
            "holder": letter.masked_name, "valid_until": letter.valid_until}


# --- villages and regions -------------------------------------------------------------------------------------------


@api.get("/wilayah/kecamatan", response={200: list[s.RegionOut], **ERRORS}, tags=["wilayah"],
         summary="Kecamatan di kabupaten ini")
def districts(request):
    from satupintu.wilayah.selectors import districts_of_deployment

    return [{"code": d.code, "name": d.name} for d in districts_of_deployment().order_by("code")]


class VillageFilters(Schema):
    district: str | None = None
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@api.get("/desa", response={200: s.VillagePage, **ERRORS}, tags=["desa"], summary="Desa/kelurahan di kabupaten ini")
def villages(request, filters: Query[VillageFilters]):
    from satupintu.desa.selectors import regency_villages

    qs = regency_villages()
    if filters.district:
        qs = qs.filter(district_id=filters.district)
    limit = _limit(filters.limit)
    if filters.cursor:
        qs = qs.filter(code__gt=filters.cursor)
    rows = list(qs.order_by("code")[: limit + 1])
    following = rows[limit - 1].code if len(rows) > limit else None
    rows = rows[:limit]
    return {"items": [{
        "code": v.code, "name": v.name, "kind": getattr(v, "kind", ""), "district": v.district_id,
        "district_name": v.district.name, "slug": v.slug or None,
        "site_url": absolute_url(reverse("desa:home", args=[v.slug]), request=request) if v.slug else None,
    } for v in rows], "next_cursor": following, "next": _next_url(request, following)}


def _village(code: str):
    from satupintu.desa.selectors import village_by_code

    return village_by_code(code)


class PageFilters(Schema):
    cursor: str | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


@api.get("/desa/{code}/artikel", response={200: s.ArticlePage, **ERRORS}, tags=["desa"],
         summary="Berita, pengumuman dan agenda desa yang terbit")
def village_articles(request, code: str, filters: Query[PageFilters]):
    from satupintu.desa.selectors import public_articles

    village = _village(code)
    rows, following = selectors.newest_first_page(public_articles(village).select_related("village"), cursor=filters.cursor,
                                                  limit=_limit(filters.limit), date_field="published_at")
    return {"items": [{
        "id": a.pk, "kind": a.kind, "title": a.title, "summary": a.summary, "published_at": a.published_at,
        "url": absolute_url(a.get_absolute_url(), request=request),
    } for a in rows], "next_cursor": following, "next": _next_url(request, following)}


@api.get("/desa/{code}/produk", response={200: s.ProductPage, **ERRORS}, tags=["desa"],
         summary="Produk UMKM desa (lapak)")
def village_products(request, code: str, filters: Query[PageFilters]):
    from satupintu.desa.selectors import public_products

    village = _village(code)
    rows, following = selectors.newest_first_page(public_products(village), cursor=filters.cursor,
                                                  limit=_limit(filters.limit), date_field="published_at")
    # The seller's WhatsApp number is on the product page for buyers; a bulk API does not hand numbers out.
    return {"items": [{
        "id": p.pk, "name": p.name, "category": p.category, "price": p.price, "unit": p.unit,
        "village": p.village_id, "village_name": p.village.name,
        "url": absolute_url(p.get_absolute_url(), request=request),
    } for p in rows], "next_cursor": following, "next": _next_url(request, following)}


@api.get("/desa/{code}/apbdes", response={200: list[s.BudgetOut], **ERRORS}, tags=["desa"],
         summary="Ringkasan APBDes yang terbit (rekening tingkat 1 dan 2)")
def village_budgets(request, code: str):
    from satupintu.desa.selectors import public_budgets

    village = _village(code)
    out = []
    for budget in public_budgets(village).prefetch_related("lines"):
        lines = [ln for ln in budget.lines.all() if ln.depth <= 2]
        lines.sort(key=lambda ln: ln.sort_key)
        out.append({"year": budget.year, "note": budget.note, "lines": [{
            "code": ln.code, "description": ln.description, "budget_amount": ln.budget_amount,
            "realisation_amount": ln.realisation_amount,
        } for ln in lines]})
    return out


@api.get("/desa/{code}/statistik", response={200: s.PopulationOut, **ERRORS}, tags=["desa"],
         summary="Statistik penduduk desa (kelompok di bawah 5 orang disamarkan, angka dibulatkan)")
def village_population(request, code: str):
    from satupintu.desa.statistics import village_statistics

    village = _village(code)
    stats = village_statistics(village)
    if stats is None:
        raise Http404

    def cell(c):
        return {"text": str(c.text), "value": c.value, "suppressed": c.suppressed}

    return {
        "village": village.code, "total": cell(stats["total"]), "male": cell(stats["male"]),
        "female": cell(stats["female"]),
        "pyramid": [{"label": r["label"], "male": cell(r["male"]), "female": cell(r["female"])}
                    for r in stats["pyramid"]],
        **{name: [{"label": r["label"], "cell": cell(r["cell"])} for r in stats[name]]
           for name in ("education", "occupation", "religion")},
        "note": _("Kelompok berisi kurang dari 5 orang ditulis “< 5”; angka lain dibulatkan."),
    }


# --- webhooks ---------------------------------------------------------------------------------------------------


@api.get("/webhook", response={200: list[s.WebhookOut], **ERRORS}, tags=["webhook"],
         summary="Langganan webhook milik kunci ini (cakupan webhook)")
def webhooks(request):
    client = _caller(request).require(Scope.WEBHOOK)
    return list(WebhookSubscription.objects.filter(client=client).order_by("id"))


@api.post("/webhook", response={201: s.WebhookCreated, **ERRORS}, tags=["webhook"],
          summary="Mendaftarkan URL webhook; rahasia penanda tangan hanya ditampilkan sekali")
def webhook_create(request, payload: s.WebhookIn):
    from django.core.exceptions import ValidationError

    from .services import webhook_subscribe

    client = _caller(request).require(Scope.WEBHOOK)
    try:
        sub = webhook_subscribe(client=client, url=payload.url, events=payload.events)
    except ValidationError as exc:
        raise ApiError(400, "input_tidak_valid", " ".join(exc.messages)) from None
    return Answer(201, sub)


# --- ETags, rate-limit headers, the documentation page --------------------------------------------------------------

_conditional = decorator_from_middleware(ConditionalGetMiddleware)


def _with_headers(view):
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        rate_headers(response, request)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return _conditional(wrapper)


def _wrapped_urls():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _with_headers(pattern.callback)
    return patterns, app_name, namespace


api.urls_wrapped = _wrapped_urls()


def docs(request):
    """The documentation page: every operation of the OpenAPI schema, its parameters and answers, and how to call
    Open311 and the open data; rendered on the server (no script, the site's Content-Security-Policy holds)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:docs") + "v1")
    operations = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""), "tag": (op.get("tags") or [""])[0],
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False)}
                               for p in op.get("parameters", [])],
                "responses": sorted(op.get("responses", {})),
            })
    return render(request, "api/docs.html", {
        "operations": operations, "openapi_url": reverse("api:v1:openapi-json"),
        "open311_url": reverse("api:open311_discovery", kwargs={"fmt": "json"}),
        "opendata_url": reverse("api:opendata"),
    })
