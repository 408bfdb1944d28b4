app_name = "kalender"

urlpatterns: list = []
