from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.codes import TrackingCode

TRACKING_CODE = TrackingCode("ADU")


def new_tracking_code() -> str:
    """ADU-XXXX-XXXX (core.codes): the field default the migrations name."""
    return TRACKING_CODE.new()


def normalize_tracking_code(value: str) -> str:
    return TRACKING_CODE.normalize(value)


def new_follow_token() -> str:
    return secrets.token_urlsafe(24)


class Kind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    ASPIRASI = "aspirasi", _("Aspirasi")
    PERMINTAAN_INFORMASI = "permintaan_informasi", _("Permintaan informasi")


class Channel(models.TextChoices):
    WEB = "web", _("Situs web")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    MANUAL = "manual", _("Dicatat petugas")
    # Machine channels (the api app): the national SP4N-LAPOR! channel and partners filing through Open311.
    LAPOR = "lapor", _("SP4N-LAPOR!")
    API = "api", _("Aplikasi mitra (Open311)")


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")
    DUPLICATE = "duplicate", _("Duplikat")
    CONVERTED = "converted", _("Dialihkan ke PPID")
    RETURNED = "returned", _("Dikembalikan ke admin")
    ASSIGNED = "assigned", _("Diteruskan ke OPD")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    PENDING_APPROVAL = "pending_approval", _("Menunggu persetujuan jawaban")
    ANSWERED = "answered", _("Dijawab")
    CLOSED = "closed", pgettext_lazy("status aduan", "Selesai")


CLOSED_STATES = frozenset({Status.REJECTED, Status.DUPLICATE, Status.CONVERTED, Status.CLOSED})
OPEN_STATES = frozenset(set(Status) - CLOSED_STATES)
# States in which someone on the government side owes the next step by `deadline` (ANSWERED waits for the citizen).
LATE_TRACKED_STATES = frozenset(OPEN_STATES - {Status.ANSWERED})
# Shown publicly once verified (nothing unmoderated reaches the public list) and never when confidential.
PUBLIC_STATES = frozenset(
    {
        Status.VERIFIED,
        Status.RETURNED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
        Status.PENDING_APPROVAL,
        Status.ANSWERED,
        Status.CLOSED,
    }
)


def choice_label(choices: type[models.TextChoices], value: str):
    try:
        return choices(value).label
    except ValueError:  # a value no longer among the choices shows as stored, as Django's own method does
        return value


class Complaint(models.Model):
    class Escalation(models.IntegerChoices):
        NONE = 0, _("Belum terlambat")
        OPD_ADMIN = 1, _("Terlambat: diingatkan ke admin OPD")
        OPD_HEAD = 2, _("Terlambat: dieskalasi ke kepala OPD")
        REGENT = 3, _("Terlambat: masuk daftar Bupati")

    class CloseReason(models.TextChoices):
        CONFIRMED = "confirmed", _("Dikonfirmasi selesai oleh pelapor")
        AUTO = "auto", _("Ditutup otomatis tanpa tanggapan pelapor")

    # Uniqueness by Meta constraints rather than unique=True: PostgreSQL then keeps one index per column instead of
    # two (Django adds a LIKE-pattern index for unique CharFields, and these are only ever matched exactly).
    tracking_code = models.CharField(_("kode lacak"), max_length=13, default=new_tracking_code, editable=False)
    follow_token = models.CharField(max_length=64, default=new_follow_token, editable=False)
    kind = models.CharField(_("jenis"), max_length=24, choices=Kind.choices, default=Kind.PENGADUAN)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(_("kanal"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    external_ref = models.CharField(_("ID di kanal asal"), max_length=200, blank=True)

    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("isi laporan"))
    category = models.ForeignKey(
        "aduan.Category", verbose_name=_("kategori"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints",
    )
    # FKs whose lookups are served by a composite index below carry no index of their own: every extra index is
    # written again by each update of a row (the sweep updates tens of thousands at once).
    village = models.ForeignKey(
        "wilayah.Village", verbose_name=_("desa/kelurahan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints", db_index=False,
    )
    # Copies of village.district and the category's top-level topic, so "all reports in this district / topic,
    # newest first" is one index range instead of a merge of a dozen villages or sub-categories.
    district = models.ForeignKey(
        "wilayah.District", verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, db_index=False,
    )
    topic = models.ForeignKey(
        "aduan.Category", verbose_name=_("topik"), null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        editable=False, db_index=False,
    )
    address = models.CharField(_("alamat/lokasi"), max_length=300, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)

    reporter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun pelapor"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="complaints",
    )
    reporter_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("nomor WhatsApp pelapor"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("email pelapor"), blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    # Derived from status and is_confidential by the state machine; kept as a column so the public list is one index.
    is_public = models.BooleanField(_("tampil publik"), default=False, editable=False)

    agency = models.ForeignKey(
        "organisasi.Agency", verbose_name=_("OPD penanggung jawab"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="complaints", db_index=False,
    )
    handler_unit = models.ForeignKey(
        "organisasi.Agency", verbose_name=_("unit pelaksana"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="handled_complaints",
    )
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplikat dari"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates", db_index=False,
    )
    converted_ref = models.CharField(_("nomor permohonan informasi"), max_length=64, blank=True)
    reject_reason = models.TextField(_("alasan penolakan"), blank=True)

    created_at = models.DateTimeField(_("diterima"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("diteruskan"), null=True, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    close_reason = models.CharField(_("cara ditutup"), max_length=12, choices=CloseReason.choices, blank=True)

    # The date by which whoever holds the report owes the next step (verification, answer, or the citizen's
    # reaction while answered). End of that working day, Asia/Jakarta.
    deadline = models.DateField(_("batas waktu"), null=True, blank=True)
    answer_due = models.DateField(_("batas jawaban OPD"), null=True, blank=True)
    answer_working_days = models.PositiveSmallIntegerField(_("lama menjawab (hari kerja)"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("dijawab tepat waktu"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("eskalasi"), choices=Escalation.choices, default=0)
    escalated_at = models.DateTimeField(_("dieskalasi"), null=True, blank=True)

    reopen_count = models.PositiveSmallIntegerField(_("dibuka kembali"), default=0)
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)

    class Meta:
        verbose_name = _("aduan")
        verbose_name_plural = _("aduan")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The public list: newest first, optionally narrowed by one filter. Partial indexes over public rows only
            # (SQLite cannot seek on a bare boolean column; both SQLite and PostgreSQL match `WHERE is_public`).
            # New reports are not public yet, so intake never pays for these.
            *[
                models.Index(fields=[*lead, "-created_at", "-id"], condition=models.Q(is_public=True), name=name)
                for lead, name in (
                    ([], "aduan_pub_created"),
                    (["topic"], "aduan_pub_topic"),
                    (["category"], "aduan_pub_category"),
                    (["agency"], "aduan_pub_agency"),
                    (["agency", "status"], "aduan_pub_agency_status"),  # "what has this OPD answered"
                    (["district"], "aduan_pub_district"),
                    (["district", "topic"], "aduan_pub_district_topic"),  # "roads in my kecamatan"
                    (["village"], "aduan_pub_village"),
                    (["status"], "aduan_pub_status"),
                )
            ],
            # the map's close zooms count the public reports in view live: a band of latitude, then longitude from the
            # same index entries (without it every close zoom read the whole table: seconds at a million reports)
            models.Index(fields=["latitude", "longitude"], condition=models.Q(is_public=True), name="aduan_pub_place"),
            # staff queues and the sweep: by state and deadline
            models.Index(fields=["status", "deadline"], name="aduan_status_deadline"),
            models.Index(fields=["agency", "status", "deadline"], name="aduan_agency_status"),
            models.Index(fields=["village", "created_at"], name="aduan_village_created"),
            models.Index(fields=["closed_at"], name="aduan_closed"),
            models.Index(fields=["channel", "external_ref"], name="aduan_channel_ref"),
            models.Index(fields=["reporter_phone"], name="aduan_reporter_phone"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="aduan_tracking_code_unique"),
            models.UniqueConstraint(fields=["follow_token"], name="aduan_follow_token_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5), name="aduan_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("aduan:status", args=[self.tracking_code])

    def get_follow_url(self) -> str:
        return reverse("aduan:follow", args=[self.follow_token])

    # Django's generated get_FOO_display() rebuilds a dict of every choice, hashing each lazy label (one gettext per
    # choice), on each call: two of them per row cost more than the rest of a 20-row list page. An enum lookup by
    # value gives the same label.
    def get_status_display(self) -> str:
        return choice_label(Status, self.status)

    def get_kind_display(self) -> str:
        return choice_label(Kind, self.kind)

    def get_channel_display(self) -> str:
        return choice_label(Channel, self.channel)

    @property
    def is_late(self) -> bool:
        return bool(
            self.deadline and self.status in LATE_TRACKED_STATES and self.deadline < timezone.localdate()
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def public_reporter_label(self) -> str:
        """What anyone but the system may see of the reporter."""
        if self.is_anonymous:
            return str(_("Anonim"))
        return self.reporter_name or str(_("Warga"))
