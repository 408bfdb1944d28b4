app_name = "penduduk"

urlpatterns: list = []
