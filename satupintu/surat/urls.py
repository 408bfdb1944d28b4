from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "surat"

urlpatterns = [
    # /surat/ itself: the citizen's way in (request a letter by NIK); staff reach the queue from /staf/.
    path("", RedirectView.as_view(pattern_name="surat:mandiri_home", permanent=False), name="index"),
    # Staff
    path("antrean/", views.queue, name="queue"),
    path("loket/baru/", views.counter_new, name="counter_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/lengkap/", views.action_submit, name="submit_action"),
    path("<int:pk>/periksa/", views.action_verify, name="verify_action"),
    path("<int:pk>/kembalikan/", views.action_return, name="return_action"),
    path("<int:pk>/batalkan/", views.action_cancel, name="cancel_action"),
    path("<int:pk>/tandatangani/", views.action_sign, name="sign_action"),
    path("<int:pk>/diambil/", views.action_picked_up, name="picked_up_action"),
    path("<int:pk>/cabut/", views.action_revoke, name="revoke_action"),
    path("<int:pk>/lampiran/", views.action_attach, name="attach_action"),
    path("<int:pk>/pdf/", views.staff_pdf, name="staff_pdf"),
    path("lampiran/<int:pk>/", views.staff_attachment, name="staff_attachment"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("pengaturan/jenis/<str:code>/", views.template_edit, name="template_edit"),
    path("pengaturan/jenis/<str:code>/bawaan/", views.template_restore, name="template_restore"),
    path("statistik/", views.stats, name="stats"),
    path("desain/", views.designer_list, name="designer_list"),
    path("desain/baru/", views.designer_edit, name="designer_new"),
    path("desain/<int:pk>/", views.designer_edit, name="designer_edit"),
    path("desain/pratinjau/", views.designer_preview, name="designer_preview"),
    # Public
    path("v/<str:token>/", views.verify, name="verify"),
    path("verifikasi/", views.verify_lookup, name="verify_lookup"),
    # Resident self-service
    path("mandiri/", views.mandiri_home, name="mandiri_home"),
    path("mandiri/ajukan/<str:code>/", views.mandiri_new, name="mandiri_new"),
    path("mandiri/<int:pk>/", views.mandiri_detail, name="mandiri_detail"),
    path("mandiri/<int:pk>/pdf/", views.mandiri_pdf, name="mandiri_pdf"),
]
