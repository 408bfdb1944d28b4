from django.urls import path, re_path

from . import open311, opendata, rest

app_name = "api"

FMT = r"\.(?P<fmt>[a-z]+)"

urlpatterns = [
    path("", rest.docs, name="docs"),
    path("v1/", rest.api.urls_wrapped),
    path("open311/v2/", open311.discovery, {"fmt": "json"}, name="open311_root"),
    re_path(rf"^open311/v2/discovery{FMT}$", open311.discovery, name="open311_discovery"),
    re_path(rf"^open311/v2/services{FMT}$", open311.services, name="open311_services"),
    re_path(rf"^open311/v2/services/(?P<code>[-\w]+){FMT}$", open311.service_definition, name="open311_service"),
    re_path(rf"^open311/v2/requests{FMT}$", open311.requests, name="open311_requests"),
    re_path(rf"^open311/v2/requests/(?P<code>[-\w]+){FMT}$", open311.request_detail, name="open311_request"),
    re_path(rf"^open311/v2/tokens/(?P<token>[-\w]+){FMT}$", open311.token_detail, name="open311_token"),
    path("data/", opendata.catalogue, name="opendata"),
    re_path(r"^data/(?P<slug>[-\w]+)\.(?P<fmt>csv|json)$", opendata.download, name="opendata_download"),
]
