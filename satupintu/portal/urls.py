"""The home page and the staff desk keep their `core:` URL names: config/urls.py joins these to core's."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff"),
]
