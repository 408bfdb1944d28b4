"""What the public side of the complaint service keeps besides the reports: the map's cell counts and area alerts."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MapCell(models.Model):
    """Public reports per grid cell, district and topic (see dbsql.py). Written only by database triggers."""

    level = models.PositiveSmallIntegerField()
    cx = models.IntegerField()
    cy = models.IntegerField()
    district = models.CharField(max_length=8, blank=True)  # wilayah.District code, '' for none
    topic = models.IntegerField(default=0)  # top-level Category id, 0 for none
    n = models.IntegerField(default=0)
    located = models.IntegerField(default=0)
    sum_lat = models.FloatField(default=0)
    sum_lon = models.FloatField(default=0)

    class Meta:
        verbose_name = _("sel peta aduan")
        verbose_name_plural = _("sel peta aduan")
        constraints = [
            models.UniqueConstraint(fields=["level", "cx", "cy", "district", "topic"], name="aduan_mapcell_key"),
        ]

    def __str__(self) -> str:
        return f"L{self.level} {self.cx},{self.cy} {self.district or '-'}/{self.topic}: {self.n}"


def new_alert_token() -> str:
    return secrets.token_urlsafe(24)


class AreaAlert(models.Model):
    """Someone following the public reports of a village or a district (optionally of one category there), by
    e-mail or WhatsApp, at once or as a daily digest. Active once confirmed through the link sent to the address;
    the same secret link unsubscribes in one tap."""

    class Via(models.TextChoices):
        EMAIL = "email", _("Email")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Segera, setiap ada kabar")
        DAILY = "daily", _("Ringkasan harian")

    via = models.CharField(_("lewat"), max_length=10, choices=Via.choices)
    address = models.CharField(_("alamat"), max_length=254)  # normalised e-mail or phone (62...)
    village = models.ForeignKey("wilayah.Village", verbose_name=_("desa/kelurahan"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("wilayah.District", verbose_name=_("kecamatan"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("aduan.Category", verbose_name=_("kategori"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("frekuensi"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)
    token = models.CharField(max_length=64, default=new_alert_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("berhenti"), null=True, blank=True)
    # The daily digest covers what happened after this moment (set when confirmed and after each digest).
    digest_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("langganan kabar wilayah")
        verbose_name_plural = _("langganan kabar wilayah")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="aduan_alert_token_unique"),
            models.CheckConstraint(condition=models.Q(village__isnull=False) | models.Q(district__isnull=False),
                                   name="aduan_alert_has_area"),
        ]
        indexes = [
            models.Index(fields=["village"], condition=models.Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                         name="aduan_alert_village_active"),
            models.Index(fields=["district"], condition=models.Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                         name="aduan_alert_district_active"),
            models.Index(fields=["via", "address"], name="aduan_alert_address"),
        ]

    def __str__(self) -> str:
        return f"{self.get_via_display()} {self.area_label()}"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    def area_label(self) -> str:
        area = str(self.village) if self.village_id else str(_("Kecamatan %(name)s") % {"name": self.district.name})
        if self.category_id:
            return f"{self.category.name} — {area}"
        return area
