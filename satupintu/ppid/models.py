"""Public information service (PPID) under UU 14/2008 and Perki 1/2021.

An `InfoRequest` is received by the PPID Utama (the agency with ``is_ppid_utama``) and forwarded to the PPID
Pelaksana of the OPD that holds the information. Every change goes through `services/`, which applies a step of
`workflow.py`: state, an `InfoRequestEvent` (the requester's timeline) and an audit event in the same transaction.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.codes import TrackingCode
from satupintu.core.storage import private_storage


def new_follow_token() -> str:
    return secrets.token_urlsafe(18)


# The short code printed on the receipt and in messages, in the style of complaints (core.codes); it shows the
# request's status, not its documents.
TRACKING_CODE = TrackingCode("PPID")


def new_tracking_code() -> str:
    """PPID-XXXX-XXXX: the field default the migrations name."""
    return TRACKING_CODE.new()


def normalize_tracking_code(value: str) -> str:
    return TRACKING_CODE.normalize(value)


class Counter(models.Model):
    """One row per (series, year): the last number handed out. Locked with SELECT ... FOR UPDATE while a number is
    taken, so concurrent requests get consecutive numbers with no gaps or duplicates."""

    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="ppid_counter_series_year")]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last}"


class IdKind(models.TextChoices):
    NIK = "nik", _("NIK (KTP)")
    PASSPORT = "paspor", _("Paspor")
    OTHER = "lain", _("Identitas lain")


class AccessMode(models.TextChoices):
    VIEW = "melihat", _("Melihat/membaca/mendengarkan/mencatat")
    COPY = "salinan", _("Mendapatkan salinan informasi")


class CopyFormat(models.TextChoices):
    HARDCOPY = "hardcopy", _("Salinan cetak (hardcopy)")
    SOFTCOPY = "softcopy", _("Salinan elektronik (softcopy)")


class Delivery(models.TextChoices):
    PICK_UP = "ambil", _("Mengambil langsung")
    POST = "pos", _("Pos")
    COURIER = "kurir", _("Kurir")
    EMAIL = "email", _("Email")
    FAX = "faksimili", _("Faksimili")


class Status(models.TextChoices):
    RECEIVED = "received", _("Diterima PPID Utama")
    FORWARDED = "forwarded", _("Diteruskan ke PPID Pelaksana")
    EXTENDED = "extended", _("Jangka waktu diperpanjang")
    ANSWERED = "answered", _("Dijawab")


class Outcome(models.TextChoices):
    GRANTED = "diberikan", _("Informasi diberikan seluruhnya")
    PARTIAL = "sebagian", _("Informasi diberikan sebagian")
    REFUSED = "ditolak", _("Permohonan ditolak (informasi dikecualikan)")
    NOT_HELD = "tidak_dikuasai", _("Informasi tidak dikuasai")
    OTHER_BODY = "badan_lain", _("Informasi dikuasai badan publik lain")


class ExemptionGround(models.TextChoices):
    """UU 14/2008 Pasal 17: the exemptions a refusal may rely on."""

    A = "17a", _("Pasal 17 huruf a — menghambat proses penegakan hukum")
    B = "17b", _("Pasal 17 huruf b — mengganggu perlindungan hak kekayaan intelektual dan persaingan usaha sehat")
    C = "17c", _("Pasal 17 huruf c — membahayakan pertahanan dan keamanan negara")
    D = "17d", _("Pasal 17 huruf d — mengungkapkan kekayaan alam Indonesia")
    E = "17e", _("Pasal 17 huruf e — merugikan ketahanan ekonomi nasional")
    F = "17f", _("Pasal 17 huruf f — merugikan kepentingan hubungan luar negeri")
    G = "17g", _("Pasal 17 huruf g — mengungkapkan isi akta otentik yang bersifat pribadi dan wasiat")
    H = "17h", _("Pasal 17 huruf h — mengungkap rahasia pribadi")
    I = "17i", _("Pasal 17 huruf i — memorandum atau surat antar/intra badan publik yang dirahasiakan")  # noqa: E741
    J = "17j", _("Pasal 17 huruf j — informasi yang tidak boleh diungkapkan berdasarkan undang-undang")


class InfoForm(models.TextChoices):
    PAPER = "cetak", _("Cetak (kertas)")
    ELECTRONIC = "elektronik", _("Elektronik")
    BOTH = "keduanya", _("Cetak dan elektronik")


class Verdict(models.TextChoices):
    """How the requester judges the outcome (Froide/Alaveteli's request status as the requester sees it)."""

    FULL = "lengkap", _("Dijawab seluruhnya")
    PARTIAL = "sebagian", _("Dijawab sebagian")
    REFUSED = "ditolak", _("Ditolak")
    NO_REPLY = "tidak_dijawab", _("Tidak dijawab")


class InfoRequest(models.Model):
    """Permohonan informasi publik (Perki 1/2021 form)."""

    number = models.CharField(_("nomor registrasi"), max_length=30, unique=True)
    tracking_code = models.CharField(
        _("kode lacak"), max_length=14, unique=True, default=new_tracking_code, editable=False,
        help_text=_("Kode pendek pada tanda terima (PPID-XXXX-XXXX) untuk melihat status permohonan."),
    )
    # The secret of the requester's own link (tracking page with documents, objection form). Requests made before
    # the short code had only this as their "kode lacak"; it still opens the tracking page.
    follow_token = models.CharField(_("token tautan pribadi"), max_length=40, unique=True, default=new_follow_token)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True)

    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun pemohon"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="info_requests",
    )
    requester_name = models.CharField(_("nama pemohon"), max_length=200)
    id_kind = models.CharField(_("jenis identitas"), max_length=10, choices=IdKind.choices, default=IdKind.NIK)
    id_number = models.CharField(_("nomor identitas"), max_length=40, blank=True)
    id_pending = models.BooleanField(
        _("identitas perlu dilengkapi"), default=False,
        help_text=_("Permohonan dari kanal lain (mis. aduan) yang belum mencantumkan nomor identitas."),
    )
    address = models.TextField(_("alamat"), blank=True)
    phone = models.CharField(_("telepon/WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    information = models.TextField(_("rincian informasi yang dibutuhkan"))
    purpose = models.TextField(_("tujuan penggunaan informasi"))
    access_mode = models.CharField(_("cara memperoleh informasi"), max_length=10, choices=AccessMode.choices)
    copy_format = models.CharField(_("bentuk salinan"), max_length=10, choices=CopyFormat.choices, blank=True)
    delivery = models.CharField(_("cara mendapatkan salinan"), max_length=10, choices=Delivery.choices, blank=True)

    agency = models.ForeignKey(
        "organisasi.Agency", verbose_name=_("PPID yang menangani"), on_delete=models.PROTECT,
        related_name="info_requests",
    )
    forwarded_at = models.DateTimeField(_("diteruskan pada"), null=True, blank=True)
    source_complaint = models.ForeignKey(
        "aduan.Complaint", verbose_name=_("berasal dari aduan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="info_requests",
    )

    received_on = models.DateField(_("tanggal diterima"), db_index=True)
    due_date = models.DateField(_("batas waktu jawaban"))
    extended_at = models.DateTimeField(_("diperpanjang pada"), null=True, blank=True)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    late_notified_at = models.DateTimeField(_("pemberitahuan terlambat"), null=True, blank=True)

    outcome = models.CharField(_("keputusan"), max_length=20, choices=Outcome.choices, blank=True)
    answer_text = models.TextField(_("isi pemberitahuan tertulis"), blank=True)
    refusal_ground = models.CharField(
        _("dasar pengecualian"), max_length=5, choices=ExemptionGround.choices, blank=True
    )
    consequence_test = models.TextField(_("uji konsekuensi"), blank=True)
    other_body = models.TextField(_("badan publik yang menguasai informasi"), blank=True)
    held_form = models.CharField(_("bentuk informasi yang dikuasai"), max_length=12, choices=InfoForm.choices, blank=True)
    fee = models.DecimalField(_("biaya (Rp)"), max_digits=12, decimal_places=0, default=0)
    answered_on = models.DateField(_("tanggal pemberitahuan tertulis"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dijawab oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    # The requester's own classification of the outcome (through their secret link), counted per agency in the
    # public archive's figures (Alaveteli's "was this request successful?").
    requester_verdict = models.CharField(_("penilaian pemohon"), max_length=15, choices=Verdict.choices, blank=True)
    requester_verdict_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)

    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ["-received_on", "-number"]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_answered(self) -> bool:
        return self.status == Status.ANSWERED

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    def is_late(self, today=None) -> bool:
        """Answered after the deadline, or still unanswered after it."""
        if self.answered_on:
            return self.answered_on > self.due_date
        return (today or timezone.localdate()) > self.due_date

    @property
    def masked_id_number(self) -> str:
        return mask_id(self.id_number)

    @property
    def contact(self) -> str:
        return " / ".join(x for x in (self.phone, self.email) if x)


def mask_id(value: str) -> str:
    """Keep the first four and last two characters: enough for staff to match a caller, useless to anyone else."""
    if not value:
        return ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


# A kind is its audit action's name without "ppid.": a timeline row and its audit row name the step alike.
class EventKind(models.TextChoices):
    RECEIVED = "received", _("Permohonan diterima")
    FORWARDED = "forwarded", _("Diteruskan ke PPID Pelaksana")
    EXTENDED = "extended", _("Jangka waktu diperpanjang")
    ANSWERED = "answered", _("Pemberitahuan tertulis diberikan")
    LATE = "late", _("Melewati batas waktu")
    ID_COMPLETED = "identity_completed", _("Identitas pemohon dilengkapi")
    COMPLAINT_HISTORY = "from_complaint", _("Riwayat dari aduan")
    OBJECTION_FILED = "objection_filed", _("Keberatan diajukan")
    OBJECTION_ANSWERED = "objection_answered", _("Keberatan ditanggapi atasan PPID")
    DISPUTE_RECORDED = "dispute_recorded", _("Sengketa ke Komisi Informasi dicatat")
    CLASSIFIED = "classified", _("Pemohon menilai hasil permohonan")
    ARCHIVE_REDACTED = "archive_redacted", _("Salinan arsip publik disamarkan")
    ARCHIVE_ATTACHMENT = "archive_attachment", _("Lampiran arsip publik disamarkan")
    ARCHIVE_PUBLISHED = "archive_published", _("Diterbitkan di arsip publik")
    ARCHIVE_WITHDRAWN = "archive_withdrawn", _("Ditarik dari arsip publik")


class InfoRequestEvent(models.Model):
    """The request's timeline. `public` events are shown to the requester on the tracking page; notes written here
    must never hold the requester's identity number or contact details."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    public = models.BooleanField(_("tampil untuk pemohon"), default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat permohonan")
        verbose_name_plural = _("riwayat permohonan")

    def __str__(self) -> str:
        return f"{self.request.number} {self.kind}"


def attachment_path(instance: AnswerAttachment, filename: str) -> str:
    # A random directory: the files are served only through a permission-checked view, never by guessable URL.
    return f"ppid/jawaban/{instance.request_id}/{secrets.token_hex(8)}/{filename}"


class AnswerAttachment(models.Model):
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_path, max_length=300, storage=private_storage)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran jawaban")
        verbose_name_plural = _("lampiran jawaban")

    def __str__(self) -> str:
        return self.original_name


class ObjectionGround(models.TextChoices):
    """UU 14/2008 Pasal 35 ayat (1): the seven grounds of an objection."""

    REFUSED = "35a", _("Permohonan ditolak dengan alasan pengecualian Pasal 17")
    PERIODIC_NOT_PUBLISHED = "35b", _("Informasi berkala tidak disediakan")
    NOT_ANSWERED = "35c", _("Permohonan informasi tidak ditanggapi")
    NOT_AS_ASKED = "35d", _("Permohonan ditanggapi tidak sebagaimana yang diminta")
    NOT_MET = "35e", _("Permohonan informasi tidak dipenuhi")
    UNREASONABLE_FEE = "35f", _("Pengenaan biaya yang tidak wajar")
    LATE = "35g", _("Informasi disampaikan melebihi jangka waktu")


class ObjectionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan, menunggu tanggapan atasan PPID")
    ANSWERED = "answered", _("Ditanggapi atasan PPID")


class ObjectionDecision(models.TextChoices):
    UPHELD = "diterima", _("Keberatan diterima: PPID wajib memberikan informasi")
    PARTLY_UPHELD = "sebagian", _("Keberatan diterima sebagian")
    REJECTED = "ditolak", _("Keberatan ditolak: keputusan PPID dikuatkan")


class Objection(models.Model):
    """Keberatan to the PPID's superior (UU 14/2008 Pasal 35-36)."""

    number = models.CharField(_("nomor keberatan"), max_length=30, unique=True)
    request = models.ForeignKey(InfoRequest, on_delete=models.PROTECT, related_name="objections")
    grounds = models.JSONField(_("alasan keberatan"), default=list)
    case = models.TextField(_("kasus posisi"))
    status = models.CharField(
        _("status"), max_length=12, choices=ObjectionStatus.choices, default=ObjectionStatus.SUBMITTED
    )
    filed_on = models.DateField(_("tanggal keberatan"))
    due_date = models.DateField(_("batas waktu tanggapan"))
    decision = models.CharField(_("tanggapan atasan PPID"), max_length=10, choices=ObjectionDecision.choices, blank=True)
    answer_text = models.TextField(_("isi tanggapan"), blank=True)
    superior_name = models.CharField(_("nama atasan PPID"), max_length=200, blank=True)
    answered_on = models.DateField(_("tanggal tanggapan"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispute_filed = models.BooleanField(_("diajukan ke Komisi Informasi"), null=True, blank=True)
    dispute_filed_on = models.DateField(_("tanggal pengajuan sengketa"), null=True, blank=True)
    dispute_reference = models.CharField(_("nomor register sengketa"), max_length=100, blank=True)
    dispute_note = models.TextField(_("catatan sengketa"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-filed_on", "-number"]
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")

    def __str__(self) -> str:
        return self.number

    def get_grounds_display(self) -> list[str]:
        labels = dict(ObjectionGround.choices)
        return [str(labels.get(g, g)) for g in self.grounds]


class InfoCategory(models.TextChoices):
    PERIODIC = "berkala", _("Informasi berkala")
    IMMEDIATE = "serta_merta", _("Informasi serta merta")
    ON_REQUEST = "setiap_saat", _("Informasi tersedia setiap saat")
    EXEMPT = "dikecualikan", _("Informasi dikecualikan")


def dip_path(instance: PublicInfoItem, filename: str) -> str:
    return f"ppid/dip/{instance.agency_id}/{secrets.token_hex(8)}/{filename}"


class PublicInfoItem(models.Model):
    """One row of an agency's Daftar Informasi Publik (DIP)."""

    agency = models.ForeignKey("organisasi.Agency", verbose_name=pgettext_lazy("badan publik PPID", "OPD"), on_delete=models.PROTECT, related_name="dip_items")
    title = models.CharField(_("judul informasi"), max_length=300)
    summary = models.TextField(_("ringkasan isi informasi"), blank=True)
    holding_unit = models.CharField(_("pejabat/unit yang menguasai"), max_length=200, blank=True)
    responsible_officer = models.CharField(_("penanggung jawab pembuatan"), max_length=200, blank=True)
    made_when = models.CharField(_("waktu pembuatan"), max_length=100, blank=True)
    made_where = models.CharField(_("tempat pembuatan"), max_length=200, blank=True)
    form = models.CharField(_("bentuk informasi"), max_length=12, choices=InfoForm.choices, default=InfoForm.ELECTRONIC)
    retention_period = models.CharField(_("jangka waktu penyimpanan"), max_length=100, blank=True)
    category = models.CharField(_("kategori"), max_length=15, choices=InfoCategory.choices, db_index=True)
    document = models.FileField(_("dokumen"), upload_to=dip_path, blank=True, max_length=300, storage=private_storage)
    link = models.URLField(_("tautan"), blank=True, max_length=500)
    legal_ground = models.CharField(_("dasar hukum pengecualian"), max_length=300, blank=True)
    is_published = models.BooleanField(_("ditampilkan"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency__name", "category", "title"]
        verbose_name = _("daftar informasi publik")
        verbose_name_plural = _("daftar informasi publik")

    def __str__(self) -> str:
        return self.title

    @property
    def is_exempt(self) -> bool:
        return self.category == InfoCategory.EXEMPT


# --- Public archive of answered requests ---------------------------------------------------------------------------


class Topic(models.TextChoices):
    BUDGET = "anggaran", _("Anggaran dan keuangan")
    PROCUREMENT = "pengadaan", _("Pengadaan barang/jasa")
    INFRASTRUCTURE = "infrastruktur", _("Infrastruktur dan jalan")
    HEALTH = "kesehatan", _("Kesehatan")
    EDUCATION = "pendidikan", _("Pendidikan")
    POPULATION = "kependudukan", _("Kependudukan")
    PERMITS = "perizinan", _("Perizinan")
    ENVIRONMENT = "lingkungan", _("Lingkungan hidup")
    SOCIAL = "sosial", _("Bantuan sosial")
    GOVERNMENT = "pemerintahan", _("Pemerintahan dan kepegawaian")
    OTHER = "lainnya", _("Lainnya")


class ArchiveState(models.TextChoices):
    DRAFT = "draft", _("Disiapkan (belum tampil)")
    PUBLISHED = "published", _("Tampil di arsip publik")
    WITHDRAWN = "withdrawn", _("Ditarik dari arsip publik")


class ArchiveEntry(models.Model):
    """The public copy of an answered request (Froide's published FoiRequest with its redacted messages).

    Everything the archive shows is stored here, already redacted by the PPID officer: the question and answer are
    copies with the marked words and the requester's identity masked (`redaction.redact_text`), never the request's
    own fields read at view time; the requester's name, identity number, address and contact have no column here at
    all. Only entries in state PUBLISHED are public."""

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="archive")
    state = models.CharField(_("status arsip"), max_length=10, choices=ArchiveState.choices,
                             default=ArchiveState.DRAFT)
    agency = models.ForeignKey("organisasi.Agency", verbose_name=pgettext_lazy("badan publik PPID", "OPD"),
                               on_delete=models.PROTECT, related_name="archive_entries")
    topic = models.CharField(_("topik"), max_length=15, choices=Topic.choices, default=Topic.OTHER)
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("judul"), max_length=200)
    question = models.TextField(_("informasi yang diminta (disamarkan)"))
    answer = models.TextField(_("jawaban (disamarkan)"))
    outcome = models.CharField(_("keputusan"), max_length=20, choices=Outcome.choices, blank=True)
    answered_on = models.DateField(_("tanggal jawaban"), null=True, blank=True)
    mask_terms = models.JSONField(_("kata yang disamarkan"), default=list, blank=True)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("arsip jawaban")
        verbose_name_plural = _("arsip jawaban")
        indexes = [
            # Each filter of the archive, with the newest first read from the index (no sort of thousands of rows).
            models.Index(fields=["state", "published_at"], name="ppid_archive_state_pub"),
            models.Index(fields=["state", "year", "published_at"], name="ppid_archive_year"),
            models.Index(fields=["agency", "state", "published_at"], name="ppid_archive_agency"),
            models.Index(fields=["topic", "state", "published_at"], name="ppid_archive_topic"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.state == ArchiveState.PUBLISHED


def archive_path(instance: ArchiveAttachment, filename: str) -> str:
    return f"ppid/arsip/{instance.entry_id}/{secrets.token_hex(8)}/{filename}"


class RedactionMethod(models.TextChoices):
    AREA = "area", _("Area disamarkan pada berkas")
    REPLACED = "ganti", _("Diganti berkas yang sudah disamarkan")


class ArchiveAttachment(models.Model):
    """A public copy of an answer attachment: the original re-drawn with the marked areas blacked out (every page
    rendered to an image, so no text or object under a box survives) or a redacted file the officer uploaded. The
    original `AnswerAttachment` is never served from the archive."""

    entry = models.ForeignKey(ArchiveEntry, on_delete=models.CASCADE, related_name="attachments")
    source = models.ForeignKey(AnswerAttachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("berkas"), upload_to=archive_path, max_length=300, storage=private_storage)
    name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    method = models.CharField(_("cara penyamaran"), max_length=5, choices=RedactionMethod.choices)
    areas = models.JSONField(_("area yang disamarkan"), default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lampiran arsip")
        verbose_name_plural = _("lampiran arsip")

    def __str__(self) -> str:
        return self.name
