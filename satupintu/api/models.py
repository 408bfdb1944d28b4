"""Partners of the machine interfaces: API keys, webhook subscriptions, Open311 tokens and the SP4N-LAPOR! link.

Complaints themselves stay in aduan; everything here points at them and changes them only through aduan's services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a key may do beyond reading public data (which needs no scope)."""

    REPORT_WRITE = "aduan:tulis", _("Mengirim laporan (Open311 POST requests)")
    STAFF_READ = "aduan:staf", _("Membaca aduan sebagai petugas pemilik kunci (sesuai kewenangannya)")
    WEBHOOK = "webhook", _("Menerima webhook peristiwa aduan")


class ApiClient(models.Model):
    """One partner application and its key. Only a SHA-256 of the key is stored (the key is 32 random bytes, so a
    slow hash adds nothing); the key is shown once, when it is made (`manage.py api_key_create` or the admin)."""

    name = models.CharField(_("nama aplikasi mitra"), max_length=200)
    contact = models.CharField(_("kontak pengelola"), max_length=200, blank=True)
    key_prefix = models.CharField(_("awalan kunci"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(_("cakupan"), default=list, blank=True)
    # A key bound to a staff account reads complaints with that account's permissions (scope aduan:staf).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun petugas"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="api_clients",
    )
    rate_limit = models.PositiveIntegerField(_("batas permintaan per jam"), default=3600)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("klien API")
        verbose_name_plural = _("klien API")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["key_hash"], name="api_client_key_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class WebhookEvent(models.TextChoices):
    REPORT_FILED = "aduan.dilaporkan", _("Laporan baru diterima")
    STATUS_CHANGED = "aduan.status", _("Status laporan berubah")


class WebhookSubscription(models.Model):
    """A partner URL that hears of complaint events. Each delivery is an outbox call (notifikasi, channel "system"),
    signed with `secret` (HMAC-SHA256 of the body), retried with backoff, queued once per event and URL."""

    client = models.ForeignKey(ApiClient, verbose_name=_("klien API"), on_delete=models.CASCADE,
                               related_name="webhooks")
    url = models.URLField(_("URL tujuan"), max_length=500)
    events = models.JSONField(_("peristiwa"), default=list)
    secret = models.CharField(_("rahasia penanda tangan"), max_length=64, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("langganan webhook")
        verbose_name_plural = _("langganan webhook")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class LaporRule(models.Model):
    """Reports of this category are forwarded to SP4N-LAPOR! as soon as they are filed."""

    category = models.OneToOneField("aduan.Category", verbose_name=_("kategori"), on_delete=models.CASCADE,
                                    related_name="+")
    forward_automatically = models.BooleanField(_("teruskan otomatis ke SP4N-LAPOR!"), default=True)

    class Meta:
        verbose_name = _("aturan penerusan SP4N-LAPOR!")
        verbose_name_plural = _("aturan penerusan SP4N-LAPOR!")

    def __str__(self) -> str:
        return str(self.category)


class LaporLink(models.Model):
    """A complaint as SP4N-LAPOR! knows it: forwarded from here (direction "out") or received from there ("in")."""

    class Direction(models.TextChoices):
        OUT = "out", _("Diteruskan ke SP4N-LAPOR!")
        IN = "in", _("Diterima dari SP4N-LAPOR!")

    complaint = models.OneToOneField("aduan.Complaint", verbose_name=_("aduan"), on_delete=models.CASCADE,
                                     related_name="lapor_link")
    direction = models.CharField(_("arah"), max_length=3, choices=Direction.choices)
    lapor_id = models.CharField(_("ID laporan SP4N-LAPOR!"), max_length=64, blank=True)
    lapor_status = models.CharField(_("status di SP4N-LAPOR!"), max_length=64, blank=True)
    lapor_answer = models.TextField(_("tindak lanjut di SP4N-LAPOR!"), blank=True)
    forwarded_at = models.DateTimeField(_("diteruskan"), null=True, blank=True)
    synced_at = models.DateTimeField(_("disinkronkan"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("tautan SP4N-LAPOR!")
        verbose_name_plural = _("tautan SP4N-LAPOR!")
        indexes = [models.Index(fields=["lapor_id"], name="api_lapor_id")]

    def __str__(self) -> str:
        return f"{self.complaint_id} ↔ {self.lapor_id or '-'}"


class LaporSync(models.Model):
    """Where the last synchronisation with SP4N-LAPOR! stopped (one row, pk=1)."""

    cursor = models.CharField(max_length=200, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("sinkronisasi SP4N-LAPOR!")
        verbose_name_plural = _("sinkronisasi SP4N-LAPOR!")

    def __str__(self) -> str:
        return self.cursor or "-"


class EventCursor(models.Model):
    """The last complaint timeline row the catch-up job has handed to webhooks and SP4N-LAPOR! (one row, pk=1)."""

    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("posisi pengiriman peristiwa")
        verbose_name_plural = _("posisi pengiriman peristiwa")

    def __str__(self) -> str:
        return str(self.last_event_id)
