from django.db import models
from django.utils.translation import gettext_lazy as _


class WhatsAppContact(models.Model):
    """A phone number that wrote to us. Free-form text may only be sent within 24 hours of its last message;
    after that only approved templates (WhatsApp Business policy)."""

    phone = models.CharField(_("nomor WhatsApp"), max_length=20, unique=True)
    profile_name = models.CharField(_("nama profil"), max_length=200, blank=True)
    last_inbound_at = models.DateTimeField(_("pesan masuk terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontak WhatsApp")
        verbose_name_plural = _("kontak WhatsApp")

    def __str__(self) -> str:
        return self.phone


class ProcessedWebhookMessage(models.Model):
    """Every inbound message id we acted on (`wamid...`, a Facebook comment id, ...). The unique constraint is what
    makes a replayed webhook a no-op: the insert fails and the whole handling rolls back."""

    source = models.CharField(_("sumber"), max_length=16)
    external_id = models.CharField(_("ID eksternal"), max_length=200)
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("pesan webhook terproses")
        verbose_name_plural = _("pesan webhook terproses")
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="notif_processed_unique")]

    def __str__(self) -> str:
        return f"{self.source}:{self.external_id}"


class ConversationState(models.TextChoices):
    IDLE = "idle", _("Menunggu pesan")
    AWAITING_DESCRIPTION = "awaiting_description", _("Menunggu uraian")
    AWAITING_VILLAGE = "awaiting_village", _("Menunggu desa")
    AWAITING_EXTRAS = "awaiting_extras", _("Menunggu foto/lokasi (opsional)")


class WhatsAppConversation(models.Model):
    """Where one phone number is in the report dialogue, and what it has told us so far."""

    phone = models.CharField(_("nomor WhatsApp"), max_length=20, unique=True)
    state = models.CharField(
        _("tahap"), max_length=32, choices=ConversationState.choices, default=ConversationState.IDLE
    )
    description = models.TextField(_("uraian"), blank=True)
    village = models.ForeignKey(
        "wilayah.Village", verbose_name=_("desa"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    photo_media_ids = models.JSONField(_("ID media foto"), default=list, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    reporter_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    last_tracking_code = models.CharField(_("kode lacak terakhir"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("percakapan WhatsApp")
        verbose_name_plural = _("percakapan WhatsApp")

    def __str__(self) -> str:
        return f"{self.phone} ({self.get_state_display()})"


class InboundEmail(models.Model):
    """A mail received at the complaints address, keyed by its Message-ID so a redelivery creates nothing new."""

    message_id = models.CharField(_("Message-ID"), max_length=300, unique=True)
    from_address = models.EmailField(_("pengirim"), max_length=254)
    subject = models.CharField(_("subjek"), max_length=300, blank=True)
    complaint_tracking_code = models.CharField(_("kode lacak aduan"), max_length=40, blank=True)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("email masuk")
        verbose_name_plural = _("email masuk")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.from_address}: {self.subject}"
