from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The regency portal's own pages: the home page with the year's figures, the staff desk, the site navigation.
    The top layer with the village sites (desa): it may import every service, and nothing imports it."""

    name = "satupintu.portal"
    label = "portal"
