from django.urls import path

from . import views

app_name = "kalender"

urlpatterns = [
    path("", views.holiday_list, name="holidays"),
    path("<int:year>/", views.holiday_list, name="holidays_year"),
]
