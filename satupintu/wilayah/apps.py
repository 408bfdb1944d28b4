from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class WilayahConfig(AppConfig):
    name = "satupintu.wilayah"
    label = "wilayah"
    verbose_name = pgettext_lazy("app name", "Wilayah")
