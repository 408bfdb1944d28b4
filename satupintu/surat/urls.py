app_name = "surat"

urlpatterns: list = []
