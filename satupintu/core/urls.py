from django.urls import path

from . import views, views_branding

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views_branding.favicon, name="favicon"),
    path("staf/", views.staff_home, name="staff"),
]
