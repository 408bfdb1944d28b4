from django.urls import path

from . import views

app_name = "aduan"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("lapor/", views.submit, name="submit"),
    path("terima-kasih/<str:token>/", views.thanks, name="thanks"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:code>/", views.status, name="status"),
    path("api/status/<str:code>/", views.api_status, name="api_status"),
    path("ikuti/<str:token>/", views.follow, name="follow"),
    path("lampiran/<int:pk>/", views.attachment, name="attachment"),
    path("statistik/", views.statistics, name="stats"),
    path("saya/", views.mine, name="mine"),
    path("staf/", views.queue_home, name="queue_home"),
    path("staf/antrean/<str:name>/", views.queue, name="queue"),
    path("staf/antrean/<str:name>/ekspor.csv", views.export_csv, name="export"),
    path("staf/terlambat/", views.late_dashboard, name="late_dashboard"),
    path("staf/aduan/<str:code>/", views.staff_detail, name="staff_detail"),
]
