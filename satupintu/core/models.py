from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One row per change of state of any domain object: who, when, what, from where.

    Written only through `satupintu.core.audit.audit_record`, in the same transaction as the change."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("label pelaku"), max_length=200, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("jenis objek"))
    object_id = models.CharField(_("ID objek"), max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("tindakan"), max_length=64)
    from_state = models.CharField(_("dari status"), max_length=64, blank=True)
    to_state = models.CharField(_("ke status"), max_length=64, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    channel = models.CharField(_("kanal"), max_length=32, blank=True, help_text=_("web, whatsapp, email, sistem, ..."))

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label or '-'} {self.action} {self.object_id}"


class PeriodicRun(models.Model):
    """When each periodic job was last enqueued; the row lock keeps several schedulers from enqueuing twice."""

    name = models.CharField(max_length=100, primary_key=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jadwal tugas berkala")
        verbose_name_plural = _("jadwal tugas berkala")

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_enqueued_at or '-'}"


def _regency_logo_upload_to(instance, filename: str) -> str:
    return "branding/lambang-kabupaten.png"  # one fixed place: see core/branding.py


class RegencyLogo(models.Model):
    """The regency's logo (one row): the file lives at a fixed path in public media; this row says who set it, when.

    Changed only through `satupintu.core.branding.regency_logo_set` / `regency_logo_clear` (audited)."""

    image = models.ImageField(_("lambang"), upload_to=_regency_logo_upload_to, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("diubah pada"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diubah oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lambang kabupaten")
        verbose_name_plural = _("lambang kabupaten")

    def __str__(self) -> str:
        return str(_("Lambang kabupaten"))


class RateLimitBucket(models.Model):
    """The database backend of `core.ratelimit`: attempts of one (scope, key) in one bucket of its window.

    `digest` is an HMAC of scope and key (never the phone number, NIK or address itself); `scope` is kept in clear to
    see what is being limited. Rows past `expires_at` count for nothing and are purged."""

    scope = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)
    bucket = models.BigIntegerField()
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("penghitung batas percobaan")
        verbose_name_plural = _("penghitung batas percobaan")
        constraints = [models.UniqueConstraint(fields=["digest", "bucket"], name="core_ratelimit_digest_bucket")]

    def __str__(self) -> str:
        return f"{self.scope} {self.digest[:8]} #{self.bucket}: {self.count}"
