app_name = "notifikasi"

urlpatterns: list = []
