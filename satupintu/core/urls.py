"""Platform URLs; the home page and the staff desk (portal/urls.py) join these in config/urls.py, named `core:`."""

from django.urls import path

from . import views, views_branding

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views_branding.favicon, name="favicon"),
]
