from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    # A call to another system (SP4N-LAPOR!, a partner's webhook): the app that queues it registers how it is
    # delivered (`delivery_register`), with the outbox's claim, lease, retries and in-doubt handling unchanged.
    SYSTEM = "system", _("Sistem lain (API)")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    SENDING = "sending", _("Sedang dikirim")
    # The provider was called but no result was recorded (the worker died mid-send, or no answer came back): the
    # message may have gone out. Settled by the provider's delivery status, or sent again after the reconcile window.
    IN_DOUBT = "in_doubt", _("Belum pasti terkirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


# The moves between these states, and the audit action of each, are the table in notifikasi/workflow.py.


class OutboxMessage(models.Model):
    """One message to one address on one channel, written in the transaction of the change that caused it and
    sent later by a task. Nothing is sent from the request; nothing is lost if the provider is down."""

    event = models.CharField(_("peristiwa"), max_length=80)
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("alamat tujuan"), max_length=254, help_text=_("Nomor WhatsApp (62...) atau email."))
    recipient_name = models.CharField(_("nama penerima"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_messages",
    )
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    context = models.JSONField(_("konteks"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    # A worker owns a SENDING message until lease_expires_at; lease_token says which worker (claim) it is, so a
    # worker whose lease was taken over can never record a result over the newer claim.
    lease_token = models.CharField(_("token klaim"), max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(_("klaim berakhir"), null=True, blank=True)
    # Written and committed just before the provider is called (with `attempts`, the attempt's number, and a lease
    # counted from that moment); cleared by the next claim. A SENDING message whose lease ran out with this set was
    # possibly sent (IN_DOUBT); without it the dead worker never called the provider (safe to queue again at once).
    attempt_started_at = models.DateTimeField(_("percobaan dimulai"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    provider_message_id = models.CharField(_("ID pesan penyedia"), max_length=200, blank=True)
    delivery_status = models.CharField(
        _("status pengantaran"), max_length=32, blank=True, help_text=_("Dari penyedia: sent, delivered, read, failed.")
    )
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=64)
    source_key = models.CharField(_("kunci sumber"), max_length=200, blank=True)
    # The one message sent to an address that has opted out: the confirmation of that opt-out.
    ignore_opt_out = models.BooleanField(
        _("abaikan berhenti berlangganan"), default=False,
        help_text=_("Hanya untuk konfirmasi berhenti berlangganan itu sendiri."),
    )
    rendered_subject = models.CharField(_("subjek terkirim"), max_length=300, blank=True)
    rendered_body = models.TextField(_("isi terkirim"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("kotak keluar")
        ordering = ["-created_at", "-id"]
        # Every send updates its row twice (claim, record), and PostgreSQL writes a new entry in every index for
        # each: only the indexes a query needs. The due index also serves lookups by status alone; no LIKE index
        # (varchar_pattern_ops, which db_index/unique add to a CharField): nothing searches these by prefix.
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_outbox_due_idx"),
            models.Index(fields=["event"], name="notif_outbox_event_idx"),
            models.Index(fields=["provider_message_id"], name="notif_outbox_provider_id_idx"),
            models.Index(fields=["source_key"], name="notif_outbox_source_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["idempotency_key"], name="notif_outbox_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.event} → {self.address} ({self.get_channel_display()})"


class ChannelPreference(models.Model):
    """A user's choice of channels. No row means both channels are on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="channel_preference"
    )
    whatsapp_enabled = models.BooleanField(_("terima lewat WhatsApp"), default=True)
    email_enabled = models.BooleanField(_("terima lewat email"), default=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("preferensi kanal")
        verbose_name_plural = _("preferensi kanal")

    def __str__(self) -> str:
        return str(self.user)

    def allows(self, channel: str) -> bool:
        return {Channel.WHATSAPP: self.whatsapp_enabled, Channel.EMAIL: self.email_enabled}.get(channel, False)


class ChannelOptOut(models.Model):
    """An address that asked not to be written to (a citizen who sent STOP/BERHENTI), with or without an account.
    Keyed by address because most WhatsApp reporters have no account."""

    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("alamat"), max_length=254)
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("berhenti berlangganan")
        verbose_name_plural = _("berhenti berlangganan")
        constraints = [models.UniqueConstraint(fields=["channel", "address"], name="notif_optout_unique")]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_channel_display()})"
