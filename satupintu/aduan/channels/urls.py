"""The candidates queue under /notifikasi/kandidat/, in the `notifikasi` URL namespace where it has always been:
config/urls.py joins these patterns to notifikasi's (notifikasi itself does not import the app above it)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kandidat/", views.candidate_list, name="candidates"),
    path("kandidat/tempel/", views.candidate_new, name="candidate_new"),
    path("kandidat/<int:pk>/", views.candidate_detail, name="candidate_detail"),
]
