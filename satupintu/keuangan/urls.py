from django.urls import path

from . import views

app_name = "keuangan"

urlpatterns = [
    path("", views.index, name="index"),
    path("spm/", views.orders, name="orders"),
    path("spm/baru/", views.order_new, name="order_new"),
    path("spm/<int:pk>/", views.detail, name="detail"),
    path("spm/<int:pk>/aksi/<slug:name>/", views.action, name="action"),
    path("spm/<int:pk>/sp2d.pdf", views.sp2d_pdf, name="sp2d_pdf"),
    path("spm/<int:pk>/transfer.csv", views.bank_file, name="bank_file"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("antrean/", views.queue, name="queue"),
    path("papan/", views.board, name="board"),
    path("statistik/", views.stats, name="stats"),
    path("anggaran/", views.budget, name="budget"),
    path("anggaran/impor/", views.budget_import, name="budget_import"),
    path("anggaran/spd/", views.spd_new, name="spd_new"),
    path("realisasi/", views.realisation, name="realisation"),
    path("v/<str:token>/", views.verify, name="verify"),
]
