app_name = "organisasi"

urlpatterns: list = []
