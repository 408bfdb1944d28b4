from django.urls import path

from . import views

app_name = "adminduk"

urlpatterns = [
    # Public: the service, tracking by code, the family's secret link, the QR verification of a document.
    path("", views.index, name="index"),
    path("keluarga/lahir/<str:token>/", views.birth_follow, name="birth_follow"),
    path("keluarga/mati/<str:token>/", views.death_follow, name="death_follow"),
    path("keluarga/<str:token>/dokumen/<int:pk>/", views.follow_document, name="follow_document"),
    path("v/<str:token>/", views.verify, name="verify"),
    # Staff
    path("antrean/", views.queue, name="queue"),
    path("lahir/baru/", views.birth_new, name="birth_new"),
    path("mati/baru/", views.death_new, name="death_new"),
    path("statistik/", views.stats, name="stats"),
    path("<str:kind>/<int:pk>/", views.detail, name="detail"),
    path("<str:kind>/<int:pk>/perbaiki/", views.edit, name="edit"),
    path("<str:kind>/<int:pk>/dokumen/<int:doc>/", views.document, name="document"),
    path("<str:kind>/<int:pk>/<str:action>/", views.act, name="act"),
]
