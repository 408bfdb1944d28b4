from django.urls import path

from .views import events, mandiri, staff

app_name = "penduduk"

urlpatterns = [
    # Register (village staff and regency admin)
    path("", staff.register_list, name="register"),
    path("tambah/", staff.resident_create, name="resident_create"),
    path("warga/<int:pk>/", staff.resident_detail, name="resident_detail"),
    path("warga/<int:pk>/ubah/", staff.resident_edit, name="resident_edit"),
    path("warga/<int:pk>/status/", staff.resident_status, name="resident_status"),
    path("warga/<int:pk>/pin/", staff.resident_pin, name="resident_pin"),
    path("kk/<int:pk>/", staff.family_detail, name="family_detail"),
    path("rumah-tangga/", staff.household_list, name="households"),
    path("rumah-tangga/tambah/", staff.household_create, name="household_create"),
    path("rumah-tangga/<int:pk>/", staff.household_detail, name="household_detail"),
    path("rumah-tangga/<int:pk>/ubah/", staff.household_edit, name="household_edit"),
    path("impor/", staff.import_upload, name="import"),
    path("impor/<int:pk>/", staff.import_detail, name="import_detail"),
    path("impor/<int:pk>/ditolak.csv", staff.import_rejections_download, name="import_rejections"),
    # Population events and the monthly report
    path("mutasi/", events.event_list, name="events"),
    path("mutasi/<slug:kind>/", events.event_new, name="event_new"),
    path("laporan-bulanan/", events.monthly_report, name="monthly_report"),
    # Layanan mandiri (residents)
    path("mandiri/", mandiri.home, name="mandiri_home"),
    path("mandiri/masuk/", mandiri.login, name="mandiri_login"),
    path("mandiri/daftar/", mandiri.register, name="mandiri_register"),
    path("mandiri/daftar/pin/", mandiri.set_pin, name="mandiri_set_pin"),
    path("mandiri/keluar/", mandiri.logout, name="mandiri_logout"),
]
