from django.urls import path

from .views import public, staff

app_name = "spmb"

urlpatterns = [
    path("", public.home, name="home"),
    path("daftar/", public.register, name="register"),
    path("ikuti/<str:token>/", public.follow, name="follow"),
    path("ikuti/<str:token>/ubah/", public.follow_edit, name="follow_edit"),
    path("ikuti/<str:token>/dokumen/", public.follow_upload, name="follow_upload"),
    path("ikuti/<str:token>/kirim/", public.follow_submit, name="follow_submit"),
    path("ikuti/<str:token>/batal/", public.follow_cancel, name="follow_cancel"),
    path("ikuti/<str:token>/daftar-ulang/", public.follow_reregister, name="follow_reregister"),
    path("ikuti/<str:token>/keberatan/", public.follow_objection, name="follow_objection"),
    path("hasil/", public.result_lookup, name="result_lookup"),
    path("peringkat/", public.ranking_index, name="ranking_index"),
    path("peringkat/<str:npsn>/<str:track>/", public.ranking, name="ranking"),
    path("skor-prestasi/", public.prestasi_table, name="prestasi_table"),
    path("staf/", staff.staff_home, name="staff_home"),
    path("staf/pendaftaran/", staff.queue, name="staff_queue"),
    path("staf/pendaftaran/<int:pk>/", staff.detail, name="staff_detail"),
    path("staf/pendaftaran/<int:pk>/verifikasi/", staff.action_verify, name="staff_verify"),
    path("staf/pendaftaran/<int:pk>/kembalikan/", staff.action_return, name="staff_return"),
    path("staf/pendaftaran/<int:pk>/daftar-ulang/", staff.action_reregister, name="staff_reregister"),
    path("staf/pendaftaran/<int:pk>/batal/", staff.action_cancel, name="staff_cancel"),
    path("staf/dokumen/<int:pk>/", staff.document, name="staff_document"),
    path("staf/tahun/", staff.year_edit, name="staff_year_new"),
    path("staf/tahun/<int:pk>/", staff.year_edit, name="staff_year"),
    path("staf/sekolah/", staff.schools, name="staff_schools"),
    path("staf/sekolah/baru/", staff.school_edit, name="staff_school_new"),
    path("staf/sekolah/<int:pk>/", staff.school_edit, name="staff_school"),
    path("staf/skor-prestasi/", staff.prestasi, name="staff_prestasi"),
    path("staf/seleksi/", staff.selection, name="staff_selection"),
    path("staf/laporan/", staff.reports, name="staff_reports"),
    path("staf/laporan/<str:kind>.<str:fmt>", staff.report_export, name="staff_report_export"),
]
