"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) for complaints, as plain Django views: the
specification wants XML as well as JSON, its own field names and its own error shape, which a schema library
would only get in the way of. Formats by extension (`requests.json`, `requests.xml`), as FixMyStreet serves them.

Mapping: service = complaint category (service_code = its slug, group = its topic); service_request_id = the
tracking code; status `open`/`closed` with the state's label in status_notes; address = the village and district
(what the public list shows: a reporter's street address and coordinates are not public on the pages, so they are
not here either); media_url is empty (attachments are private). Reports appear in `GET requests` once verified and
never when confidential (aduan.selectors.complaints_public); `GET requests/{id}` shows any report as its public status
page does: the text only when public."""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.etree import ElementTree as ET  # noqa: S405 - only writes XML, never parses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from satupintu.aduan.models import Category, Kind, Status
from satupintu.aduan.models.complaint import choice_label

from . import selectors
from .errors import ApiError
from .keys import authenticate, key_from_request, rate_headers
from .models import Scope

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
MAX_IDS = 50
conditional = decorator_from_middleware(ConditionalGetMiddleware)


# --- rendering -------------------------------------------------------------------------------------------------


def _xml_value(parent: ET.Element, name: str, value) -> None:
    node = ET.SubElement(parent, name)
    if isinstance(value, list):
        # Lists inside an element: <keywords>a,b</keywords> is a string; <values><value>... is structured.
        for item in value:
            _xml_item(node, item["_tag"], {k: v for k, v in item.items() if k != "_tag"})
    elif isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def _xml_item(parent: ET.Element, tag: str, item: dict) -> None:
    node = ET.SubElement(parent, tag)
    for k, v in item.items():
        _xml_value(node, k, v)


def _strip_tags(value):
    if isinstance(value, list):
        return [_strip_tags(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_tags(v) if isinstance(v, list | dict) else v for k, v in value.items() if k != "_tag"}
    return value


def render(fmt: str, root: str, item_tag: str | None, data, *, status: int = 200) -> HttpResponse:
    """`data`: a list of dicts (a <root> of <item_tag>s in XML, an array in JSON) or one dict (the <root> itself)."""
    if fmt == "json":
        return JsonResponse(_strip_tags(data), safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _xml_item(top, item_tag, item)
    else:
        for k, v in data.items():
            _xml_value(top, k, v)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type=FORMATS["xml"], status=status)


def error(fmt: str, status: int, message: str, *, headers: dict | None = None) -> HttpResponse:
    """The specification's error shape: [{"code": 400, "description": "..."}] / <errors><error>...</error></errors>."""
    response = render(fmt if fmt in FORMATS else "json", "errors", "error",
                      [{"code": status, "description": str(message)}], status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _iso(value: datetime | None, tz=None) -> str | None:
    if not value:
        return None
    return value.astimezone(tz or timezone.get_current_timezone()).isoformat(timespec="seconds")


def open311_view(view):
    """Format check, key and rate limit, errors in the specification's shape, ETag on GET answers."""

    @csrf_exempt
    def wrapper(request, *args, fmt: str = "json", **kwargs):
        if fmt not in FORMATS:
            return error("json", 404, _("Format tidak dikenal; pakai .json atau .xml."))
        key = key_from_request(request, param="api_key")
        try:
            if request.method == "POST":
                # A filed report and its count against the key are one transaction: one commit instead of three (on
                # PostgreSQL each commit waits for the disk; it was most of what a POST cost over a bare insert).
                with transaction.atomic():
                    caller = authenticate(request, key=key)
                    response = view(request, *args, fmt=fmt, caller=caller, **kwargs)
            else:
                caller = authenticate(request, key=key)
                response = view(request, *args, fmt=fmt, caller=caller, **kwargs)
        except ApiError as exc:
            if request.method == "POST" and getattr(request, "api_rate", None) is not None:
                _count_refused_post(request, key)
            # The specification answers a missing or invalid api_key with 403.
            return error(fmt, 403 if exc.status == 401 else exc.status, exc.message, headers=exc.headers)
        rate_headers(response, request)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    wrapper.__name__ = view.__name__
    return conditional(wrapper)


def _count_refused_post(request, key: str | None) -> None:
    """A POST refused after its key was counted (bad input, missing scope) rolled its count back with the rest: count
    it again on its own, so refused attempts still use up the key's limit."""
    try:
        authenticate(request, key=key)
    except ApiError:
        pass


# --- the endpoints -----------------------------------------------------------------------------------------------


@open311_view
def discovery(request, *, fmt: str, caller):
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    base = request.build_absolute_uri(reverse("api:open311_root"))
    data = {
        "changeset": "2026-12-01T00:00:00+07:00",
        "contact": _("Hubungi admin Satu Pintu kabupaten untuk kunci API."),
        "key_service": request.build_absolute_uri(reverse("api:docs")),
        "endpoints": [{
            "_tag": "endpoint", "specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
            "changeset": "2026-12-01T00:00:00+07:00", "type": "production",
            "formats": ["text/xml", "application/json"],
        }],
    }
    if fmt == "json":
        return render(fmt, "discovery", None, data)
    top = ET.Element("discovery")
    for name in ("changeset", "contact", "key_service"):
        ET.SubElement(top, name).text = data[name]
    endpoints = ET.SubElement(top, "endpoints")
    endpoint = ET.SubElement(endpoints, "endpoint")
    for name in ("specification", "url", "changeset", "type"):
        ET.SubElement(endpoint, name).text = data["endpoints"][0][name]
    formats = ET.SubElement(endpoint, "formats")
    for f in ("text/xml", "application/json"):
        ET.SubElement(formats, "format").text = f
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")
    return HttpResponse(body, content_type=FORMATS["xml"])


def _service(category: Category) -> dict:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": True,
        "type": "realtime",
        "keywords": "",
        "group": category.parent.name if category.parent_id else category.name,
    }


@open311_view
def services(request, *, fmt: str, caller):
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    rows = Category.objects.filter(is_active=True).select_related("parent").order_by("parent_id", "order", "name")
    return render(fmt, "services", "service", [_service(c) for c in rows])


def _attributes() -> list[dict]:
    def values(pairs):
        return [{"_tag": "value", "key": k, "name": str(v)} for k, v in pairs]

    yes_no = [("true", _("Ya")), ("false", _("Tidak"))]
    return [
        {"_tag": "attribute", "variable": True, "code": "jenis", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("Jenis laporan; bawaan: pengaduan."), "order": 1,
         "description": _("Jenis laporan"), "values": values(Kind.choices)},
        {"_tag": "attribute", "variable": True, "code": "judul", "datatype": "string", "required": False,
         "datatype_description": _("Paling banyak 200 karakter; bawaan: baris pertama deskripsi."), "order": 2,
         "description": _("Judul laporan")},
        {"_tag": "attribute", "variable": True, "code": "anonim", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "", "order": 3,
         "description": _("Sembunyikan identitas pelapor dari OPD dan publik"), "values": values(yes_no)},
        {"_tag": "attribute", "variable": True, "code": "rahasia", "datatype": "singlevaluelist", "required": False,
         "datatype_description": "", "order": 4,
         "description": _("Laporan rahasia: isinya tidak pernah ditampilkan untuk publik"), "values": values(yes_no)},
    ]


@open311_view
def service_definition(request, code: str, *, fmt: str, caller):
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    if not Category.objects.filter(slug=code, is_active=True).exists():
        raise ApiError(404, "tidak_ditemukan", _("service_code tidak dikenal."))
    return render(fmt, "service_definition", None, {"service_code": code, "attributes": _attributes()})


def _request_row(v: dict, *, description: str | None = None, notes: str | None = None, labels=None,
                 tz=None) -> dict:
    """One service request as the specification names its fields, from selectors.open311_rows (or
    open311_row_values of one report). `labels`: a per-answer cache of status labels."""
    status = v["status"]
    closed = selectors.status_is_closed(status)
    tz = tz or timezone.get_current_timezone()
    if notes is None:
        labels = {} if labels is None else labels
        notes = labels.get(status)
        if notes is None:
            notes = labels[status] = str(choice_label(Status, status))
    return {
        "service_request_id": v["tracking_code"],
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": v["category__name"] if v["category_id"] else "",
        "service_code": v["category__slug"] if v["category_id"] else "",
        "description": selectors.redact(v["description"] if description is None else description),
        "agency_responsible": v["agency__short_name"] if v["agency_id"] else "",
        "service_notice": "",
        "requested_datetime": _iso(v["created_at"], tz),
        "updated_datetime": _iso(v["updated_at"], tz),
        "expected_datetime": _iso(selectors.today_end(v["deadline"]), tz) if v["deadline"] and not closed else None,
        "address": f"{v['village__name']}, {v['village__district__name']}" if v["village_id"] else "",
        "address_id": v["village_id"] or "",
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": "",
    }


def _request_rows(qs) -> list[dict]:
    labels: dict = {}
    tz = timezone.get_current_timezone()
    return [_request_row(v, labels=labels, tz=tz) for v in selectors.open311_rows(qs)]


def _parse_when(value: str, name: str) -> datetime:
    when = parse_datetime(value)
    if when is None:
        day = parse_date(value)
        if day is not None:
            when = datetime(day.year, day.month, day.day)
    if when is None:
        raise ApiError(400, "tanggal", _("%(name)s harus tanggal/waktu ISO 8601, contoh 2026-11-30T08:00:00+07:00.")
                       % {"name": name})
    return timezone.make_aware(when) if timezone.is_naive(when) else when


@open311_view
def requests(request, *, fmt: str, caller):
    if request.method == "POST":
        return _post_request(request, fmt=fmt, caller=caller)
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    q = request.GET
    qs = selectors.complaints_public_list()
    ids = [s.strip().upper() for s in q.get("service_request_id", "").split(",") if s.strip()]
    if ids:  # the specification: other parameters are then ignored
        rows = _request_rows(qs.filter(tracking_code__in=ids[:MAX_IDS]).order_by("-created_at", "-id"))
        return render(fmt, "service_requests", "request", rows)
    codes = [s.strip() for s in q.get("service_code", "").split(",") if s.strip()]
    if codes:
        qs = qs.filter(selectors.category_codes_filter(codes))
    statuses = {s.strip() for s in q.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        raise ApiError(400, "status", _("status harus open atau closed."))
    if len(statuses) == 1:
        qs = qs.filter(selectors.open_closed_filter(statuses.pop()))
    start = _parse_when(q["start_date"], "start_date") if q.get("start_date") else None
    end = _parse_when(q["end_date"], "end_date") if q.get("end_date") else None
    if start and end and end - start > timedelta(days=90):
        raise ApiError(400, "rentang", _("Rentang start_date–end_date paling lama 90 hari."))
    if start:
        qs = qs.filter(created_at__gte=start)
    if end:
        qs = qs.filter(created_at__lte=end)
    try:
        size = min(MAX_PAGE_SIZE, max(1, int(q.get("page_size", DEFAULT_PAGE_SIZE))))
    except ValueError:
        raise ApiError(400, "page_size", _("page_size harus bilangan bulat.")) from None
    rows = _request_rows(qs.order_by("-created_at", "-id")[:size])
    return render(fmt, "service_requests", "request", rows)


@open311_view
def request_detail(request, code: str, *, fmt: str, caller):
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    found = selectors.complaint_public(code)
    if found is None:
        raise ApiError(404, "tidak_ditemukan", _("service_request_id tidak ditemukan."))
    complaint, info = found
    notes = info["status_label"]
    if info["answer"]:
        notes = f"{notes}. {selectors.redact(info['answer'])}"
    row = _request_row(selectors.open311_row_values(complaint),
                       description=complaint.description if complaint.is_public else "", notes=notes)
    if not complaint.is_public:  # as the status page: no title, text, place or category of a report not public
        row.update(service_name="", service_code="", address="", address_id="")
    return render(fmt, "service_requests", "request", [row])


@open311_view
def token_detail(request, token: str, *, fmt: str, caller):
    if request.method != "GET":
        raise ApiError(405, "metode", _("Metode tidak diizinkan."))
    from satupintu.aduan.models import Complaint

    from .services import open311_token_complaint_id

    pk = open311_token_complaint_id(token)
    code = Complaint.objects.filter(pk=pk).values_list("tracking_code", flat=True).first() if pk else None
    if code is None:
        raise ApiError(404, "tidak_ditemukan", _("Token tidak ditemukan."))
    return render(fmt, "service_requests", "request", [{"service_request_id": code, "token": token}])


def _post_request(request, *, fmt: str, caller):
    from .services import open311_submit

    client = caller.require(Scope.REPORT_WRITE)
    data = request.POST
    attributes = {k[len("attribute["):-1]: v for k, v in data.items() if k.startswith("attribute[") and k.endswith("]")}
    try:
        complaint, token = open311_submit(client=client, data={**data.dict(), "attributes": attributes})
    except ValidationError as exc:
        messages = []
        for field, errs in getattr(exc, "message_dict", {"": exc.messages}).items():
            messages += [f"{field}: {m}" if field else m for m in errs]
        raise ApiError(400, "input_tidak_valid", " ".join(messages)) from None
    notice = _("Laporan %(code)s diterima dan akan diverifikasi dalam 3 hari kerja.") % {"code": complaint.tracking_code}
    return render(fmt, "service_requests", "request", [{
        "service_request_id": complaint.tracking_code, "token": token, "service_notice": notice,
        "account_id": None,
    }])

