app_name = "aduan"

urlpatterns: list = []
