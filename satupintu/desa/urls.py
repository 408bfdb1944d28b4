app_name = "desa"

urlpatterns: list = []
