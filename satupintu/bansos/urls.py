from django.urls import path

from . import views

app_name = "bansos"

urlpatterns = [
    path("", views.home, name="home"),
    path("program/tambah/", views.programme_new, name="programme_new"),
    path("program/<int:pk>/", views.programme_detail, name="programme"),
    path("program/<int:pk>/ubah/", views.programme_edit, name="programme_edit"),
    path("program/<int:pk>/penerima/", views.recipient_add, name="recipient_add"),
    path("program/<int:pk>/impor/", views.programme_import, name="programme_import"),
    path("program/<int:pk>/keterbukaan/", views.publication, name="publication"),
    path("penerima/<int:pk>/hapus/", views.recipient_remove, name="recipient_remove"),
    path("impor/<int:pk>/", views.run_detail, name="run"),
    path("dtks/", views.poverty, name="poverty"),
    path("periksa/", views.check, name="check"),
    path("desa/<slug:slug>/", views.public, name="public"),
]
