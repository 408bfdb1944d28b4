from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The regency portal's own pages: the home page with the year's figures, the staff desk, the site navigation.
    The top layer with the village sites (desa): it may import every service, and nothing imports it."""

    name = "satupintu.portal"
    label = "portal"

    def ready(self):
        from satupintu.wilayah.models import District, Village

        from .filters import PLACES_MEMO

        # The e-mall's district and village choices: rebuilt when a district or village changes here, else hourly.
        PLACES_MEMO.clear_on_change(District, Village, settings=True)
