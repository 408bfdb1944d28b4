from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "akun"

urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("masuk/kode/", views.two_factor_verify, name="two_factor_verify"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("dua-langkah/", views.two_factor, name="two_factor"),
    path("dua-langkah/kode-cadangan/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("dua-langkah/hapus/", views.two_factor_remove, name="two_factor_remove"),
    path(
        "lupa-sandi/",
        views.PasswordResetView.as_view(
            success_url=reverse_lazy("akun:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("lupa-sandi/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "atur-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("akun:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("atur-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
