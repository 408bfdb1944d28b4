from django.urls import path

from . import views

app_name = "wilayah"

urlpatterns = [
    path("desa/", views.village_autocomplete, name="village_search"),
]
