from django.urls import path

from . import views

app_name = "notifikasi"

urlpatterns = [
    path("whatsapp/webhook/", views.whatsapp_webhook, name="whatsapp_webhook"),
    path("medsos/webhook/", views.social_webhook, name="social_webhook"),
    path("email/masuk/", views.inbound_email_webhook, name="inbound_email"),
    path("kotak-keluar/", views.outbox_list, name="outbox"),
    path("kotak-keluar/<int:pk>/kirim-ulang/", views.outbox_retry, name="outbox_retry"),
    path("preferensi/", views.preferences, name="preferences"),
]
