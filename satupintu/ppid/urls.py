app_name = "ppid"

urlpatterns: list = []
