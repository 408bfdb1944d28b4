app_name = "wilayah"

urlpatterns: list = []
