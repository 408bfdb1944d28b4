from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SocialChannel(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    MANUAL = "manual", _("Ditempel manual")


class CandidateStatus(models.TextChoices):
    NEW = "new", _("Baru")
    CONVERTED = "converted", _("Dijadikan aduan")
    LINKED = "linked", _("Ditautkan ke aduan")
    DISMISSED = "dismissed", _("Diabaikan")


class SocialCandidate(models.Model):
    """A comment or message from a social account (or pasted by an operator) that may be a complaint. It becomes a
    report only when the regency administrator decides so: public posts are not always meant as reports."""

    channel = models.CharField(_("kanal"), max_length=16, choices=SocialChannel.choices)
    external_id = models.CharField(_("ID eksternal"), max_length=200, null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=32, blank=True, help_text=_("comment, message, mention, ..."))
    author_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    author_handle = models.CharField(_("akun pengirim"), max_length=200, blank=True)
    text = models.TextField(_("isi"))
    permalink = models.URLField(_("tautan"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("waktu unggah"), null=True, blank=True)
    raw = models.JSONField(_("data asli"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.NEW, db_index=True
    )
    complaint_tracking_code = models.CharField(_("kode lacak aduan"), max_length=40, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ditempel oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ditangani oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    handled_at = models.DateTimeField(_("ditangani"), null=True, blank=True)
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("kandidat aduan media sosial")
        verbose_name_plural = _("kandidat aduan media sosial")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="notif_candidate_unique", condition=models.Q(external_id__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.text[:60]}"
