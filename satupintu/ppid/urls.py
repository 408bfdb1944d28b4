from django.urls import path

from .views import archive, public, staff

app_name = "ppid"

urlpatterns = [
    path("", public.index, name="index"),
    path("permohonan/", public.request_create, name="request_create"),
    path("lacak/", public.track_lookup, name="track_lookup"),
    path("p/<str:token>/", public.track, name="track"),
    path("p/<str:token>/tanda-terima/", public.receipt, name="receipt"),
    path("p/<str:token>/lampiran/<int:pk>/", public.attachment_download, name="attachment"),
    path("p/<str:token>/keberatan/", public.objection_create, name="objection_create"),
    path("dip/", public.dip_list, name="dip_list"),
    path("dip/<int:pk>/", public.dip_detail, name="dip_detail"),
    path("dip/<int:pk>/dokumen/", public.dip_document, name="dip_document"),
    path("p/<str:token>/penilaian/", archive.classify, name="classify"),
    path("arsip/", archive.archive_list, name="archive_list"),
    path("arsip/serupa/", archive.archive_similar, name="archive_similar"),
    path("arsip/angka/", archive.archive_figures, name="archive_figures"),
    path("arsip/<int:pk>/", archive.archive_detail, name="archive_detail"),
    path("arsip/<int:pk>/lampiran/<int:att>/", archive.archive_attachment, name="archive_attachment"),
    # Staff
    path("staf/<int:pk>/arsip/", archive.staff_archive, name="staff_archive"),
    path("staf/<int:pk>/arsip/lampiran/<int:att>/", archive.staff_archive_attachment, name="staff_archive_attachment"),
    path("staf/<int:pk>/arsip/salinan/<int:copy>/", archive.staff_archive_copy, name="staff_archive_copy"),
    path("staf/<int:pk>/arsip/terbitkan/", archive.staff_archive_publish, name="staff_archive_publish"),
    path("staf/<int:pk>/arsip/tarik/", archive.staff_archive_withdraw, name="staff_archive_withdraw"),
    path("staf/", staff.queue, name="staff_queue"),
    path("staf/<int:pk>/", staff.detail, name="staff_detail"),
    path("staf/<int:pk>/teruskan/", staff.forward, name="staff_forward"),
    path("staf/<int:pk>/perpanjang/", staff.extend, name="staff_extend"),
    path("staf/<int:pk>/jawab/", staff.answer, name="staff_answer"),
    path("staf/<int:pk>/identitas/", staff.identity, name="staff_identity"),
    path("staf/<int:pk>/lampiran/<int:att>/", staff.attachment, name="staff_attachment"),
    path("staf/keberatan/<int:pk>/tanggapan/", staff.objection_answer, name="staff_objection_answer"),
    path("staf/keberatan/<int:pk>/sengketa/", staff.dispute, name="staff_dispute"),
    path("staf/register/", staff.register, name="register"),
    path("staf/register-keberatan/", staff.objection_register, name="objection_register"),
    path("staf/laporan/", staff.report, name="report"),
    path("staf/laporan/pdf/", staff.report_pdf, name="report_pdf"),
    path("staf/dip/", staff.dip_manage, name="dip_manage"),
    path("staf/dip/baru/", staff.dip_edit, name="dip_create"),
    path("staf/dip/<int:pk>/", staff.dip_edit, name="dip_edit"),
    path("staf/dip/<int:pk>/hapus/", staff.dip_delete, name="dip_delete"),
]
