from django.urls import path

from . import open311, opendata, rest, views

app_name = "api"

# Open311 picks the format by extension (requests.json, requests.xml); open311_view answers 404 for any other.
urlpatterns = [
    path("", rest.docs, name="docs"),
    path("v1/", rest.api.urls_wrapped),
    path("open311/v2/", open311.discovery, {"fmt": "json"}, name="open311_root"),
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/services/<str:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311_requests"),
    path("open311/v2/requests/<str:code>.<str:fmt>", open311.request_detail, name="open311_request"),
    path("open311/v2/tokens/<str:token>.<str:fmt>", open311.token_detail, name="open311_token"),
    path("lapor/", views.lapor_desk, name="lapor"),
    path("data/", opendata.catalogue, name="opendata"),
    path("data/<slug:slug>.<str:fmt>", opendata.download, name="opendata_download"),
]
