from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.memo import Memo
from satupintu.core.storage import private_storage


class Category(models.Model):
    """A topic of the LAPOR!-like tree; the default agency is the routing suggestion shown to the verifier."""

    name = models.CharField(_("nama"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    default_agency = models.ForeignKey(
        "organisasi.Agency", verbose_name=_("OPD bawaan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="aduan_categories",
    )
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori aduan")
        verbose_name_plural = _("kategori aduan")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def root_id(self) -> int:
        node = self
        while node.parent_id:
            node = node.parent
        return node.pk

    def routing_agency(self):
        """The category's default agency, else its parent's."""
        if self.default_agency_id:
            return self.default_agency
        return self.parent.routing_agency() if self.parent_id else None


class AduanSettings(models.Model):
    """The regency's deadlines, editable in the admin. One row (pk=1); defaults follow SP4N-LAPOR! practice."""

    verification_days = models.PositiveSmallIntegerField(
        _("batas verifikasi (hari kerja)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    answer_days = models.PositiveSmallIntegerField(
        _("batas jawaban OPD (hari kerja)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Dihitung sejak aduan diteruskan ke OPD. Sebagian kabupaten memakai 14."),
    )
    auto_close_days = models.PositiveSmallIntegerField(
        _("tutup otomatis setelah (hari kerja)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Aduan yang sudah dijawab ditutup bila pelapor tidak menanggapi selama ini."),
    )
    escalate_head_after = models.PositiveSmallIntegerField(
        _("eskalasi ke kepala OPD setelah terlambat (hari kerja)"), default=2, validators=[MaxValueValidator(60)]
    )
    escalate_regent_after = models.PositiveSmallIntegerField(
        _("masuk daftar Bupati setelah terlambat (hari kerja)"), default=5, validators=[MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("pengaturan aduan")
        verbose_name_plural = _("pengaturan aduan")

    def __str__(self) -> str:
        return str(_("Pengaturan aduan"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: the admin edits the one row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> AduanSettings:
        """The settings, read from the database at most once per SETTINGS_MEMO_SECONDS per process (every intake and
        every transition needs them; an admin change reaches other processes within a minute)."""
        return settings_memo.get("row", lambda: cls.objects.filter(pk=1).first() or cls(pk=1))


SETTINGS_MEMO_SECONDS = 60
settings_memo = Memo("aduan-settings", seconds=SETTINGS_MEMO_SECONDS)


def attachment_path(instance: Attachment, filename: str) -> str:
    # Random names: the citizen's file name may carry a name or NIK, and paths must not be guessable.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"aduan/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    complaint = models.ForeignKey("aduan.Complaint", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class Answer(models.Model):
    """The OPD's follow-up (tindak lanjut): drafted by the OPD admin or sub-unit, seen by the citizen only once
    the OPD head approves it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        REVISION = "revision", _("Perlu perbaikan")

    complaint = models.ForeignKey("aduan.Complaint", on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("jawaban"))
    state = models.CharField(_("status"), max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    revision_note = models.TextField(_("catatan perbaikan"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("jawaban OPD")
        verbose_name_plural = _("jawaban OPD")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_state_display()}"


class ComplaintEvent(models.Model):
    """One step in a report's story. Public events make the timeline on the status page; the rest (messages,
    instructions, internal notes) are shown to staff in scope and, for the citizen's own exchanges, on the follow
    page. The full who/when/where is in core.AuditEvent as well."""

    complaint = models.ForeignKey("aduan.Complaint", on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Public, non-identifying detail for the label (e.g. the agency's short name).
    public_detail = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    visible_to_reporter = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("riwayat aduan")
        verbose_name_plural = _("riwayat aduan")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "created_at"], name="aduan_event_complaint")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.action}"

    def get_label(self) -> str:
        from ..workflow import event_label

        return event_label(self.action, self.public_detail)
