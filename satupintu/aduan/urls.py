from django.urls import path

from . import views

app_name = "aduan"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("lapor/", views.submit, name="submit"),
    path("peta/", views.complaint_map, name="map"),
    path("peta/data.json", views.map_data, name="map_data"),
    path("peta/kecamatan.json", views.map_heat, name="map_heat"),
    path("ikuti-wilayah/", views.alert_new, name="alert_new"),
    path("ikuti-wilayah/<str:token>/konfirmasi/", views.alert_confirm, name="alert_confirm"),
    path("ikuti-wilayah/<str:token>/berhenti/", views.alert_unsubscribe, name="alert_unsubscribe"),
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
    path("staf/terbuka/", views.open_reports, name="open_reports"),
    path("staf/aduan/<str:code>/", views.staff_detail, name="staff_detail"),
]
