"""Queues and reservations for a service point: the regional hospital (clinics, doctors) or a public-service hall
(counters and the services each handles).

Set-up: a `ServicePoint` (with its agency, how far ahead booking opens, the NIK limit per day) has `Service`s (a clinic
or a counter service, with its letter for the number, e.g. "A-012"), `Doctor`s of a clinic, `Counter`s (a counter or
a clinic room, with the services it calls) and `Session`s (a weekday's time slot of a service, and of a doctor at a
hospital, with a quota). Closed days are the calendar's holidays (kalender) plus the point's own `ClosedDay`s.

A `Ticket` is one visit: booked online (a seat in a session) or taken at the kiosk (walk-in), with one number for the
day, kept when it is passed on (registration -> clinic -> pharmacy). Each service it passes through is a `Stage`
(queued, called, serving, done): the figures (waiting and service time) are read from the stages. `DayLock` is the
row a booking takes with SELECT ... FOR UPDATE: bookings of one point and day are serialised, so a session never gets
more bookings than its quota, a NIK never more than the limit, and numbers are never taken twice (unique constraints
on seat and number hold even if that lock were forgotten).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.codes import TrackingCode

BOOKING_CODE = TrackingCode("ANT")


def new_code() -> str:
    return BOOKING_CODE.new()


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class PointKind(models.TextChoices):
    HOSPITAL = "rumah_sakit", _("Rumah sakit")
    HALL = "mal_pelayanan", _("Mal/aula pelayanan publik")


class ServicePoint(models.Model):
    name = models.CharField(_("nama"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=PointKind.choices)
    agency = models.ForeignKey("organisasi.Agency", on_delete=models.PROTECT, related_name="service_points",
                               verbose_name=_("OPD pengelola"))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    booking_days_ahead = models.PositiveSmallIntegerField(
        _("pemesanan dibuka (hari ke depan)"), default=14,
        help_text=_("Pemesanan daring dapat dilakukan paling jauh sekian hari sebelum hari kunjungan."))
    nik_daily_limit = models.PositiveSmallIntegerField(
        _("batas antrean per NIK per hari"), default=1,
        help_text=_("Berapa nomor antrean (pesanan dan ambil di tempat) yang boleh dimiliki satu NIK pada satu hari."))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("tempat layanan")
        verbose_name_plural = _("tempat layanan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hospital(self) -> bool:
        return self.kind == PointKind.HOSPITAL


class ClosedDay(models.Model):
    """A day the point is closed besides the calendar's holidays (a local event, a power outage)."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="closed_days",
                              verbose_name=_("tempat layanan"))
    date = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        verbose_name = _("hari tutup")
        verbose_name_plural = _("hari tutup")
        constraints = [models.UniqueConstraint(fields=["point", "date"], name="antrean_closed_day_unique")]

    def __str__(self) -> str:
        return f"{self.point} {self.date}"


class ServiceKind(models.TextChoices):
    REGISTRATION = "pendaftaran", _("Pendaftaran")
    CLINIC = "poli", _("Poliklinik")
    PHARMACY = "farmasi", _("Farmasi")
    COUNTER = "loket", _("Layanan loket")


class Service(models.Model):
    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="services",
                              verbose_name=_("tempat layanan"))
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=ServiceKind.choices, default=ServiceKind.COUNTER)
    letter = models.CharField(_("huruf nomor antrean"), max_length=2,
                              help_text=_("Awalan nomor antrean, misalnya A untuk A-012."))
    minutes_per_visit = models.PositiveSmallIntegerField(_("rata-rata menit per pengunjung"), default=10)
    bookable = models.BooleanField(_("dapat dipesan daring"), default=True)
    walk_in = models.BooleanField(_("nomor langsung di anjungan"), default=True)
    next_service = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                     verbose_name=_("langkah berikutnya"),
                                     help_text=_("Ke mana pengunjung diteruskan sesudahnya (misalnya farmasi)."))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")
        ordering = ["point", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["point", "letter"], name="antrean_service_letter_unique")]

    def __str__(self) -> str:
        return self.name


class Doctor(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="doctors", verbose_name=_("poli"))
    name = models.CharField(_("nama"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("dokter")
        verbose_name_plural = _("dokter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A counter of a hall or the room of a clinic: where a number is called to. `current_*` is what the display
    board shows (denormalised, so the board is one query); `call_seq` grows with every call, so the board speaks
    each call once."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="counters",
                              verbose_name=_("tempat layanan"))
    name = models.CharField(_("nama"), max_length=100, help_text=_("Misalnya Loket 3 atau Poli Anak."))
    spoken_name = models.CharField(_("nama yang diucapkan"), max_length=100, blank=True,
                                   help_text=_("Untuk panggilan suara, misalnya loket 3."))
    services = models.ManyToManyField(Service, related_name="counters", verbose_name=_("layanan yang dilayani"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)
    current_ticket = models.ForeignKey("Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                       verbose_name=_("nomor yang dilayani"))
    current_label = models.CharField(_("nomor di layar"), max_length=12, blank=True)
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    call_seq = models.PositiveIntegerField(_("urutan panggilan"), default=0)

    class Meta:
        verbose_name = _("loket")
        verbose_name_plural = _("loket")
        ordering = ["point", "order", "name"]

    def __str__(self) -> str:
        return f"{self.name} — {self.point}"


class CounterMembership(models.Model):
    """Binds a queue officer (QUEUE_OFFICER) to the counters or clinic rooms they work at."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counter_memberships",
                             verbose_name=_("petugas"))
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="memberships",
                                verbose_name=_("loket"))

    class Meta:
        verbose_name = _("petugas loket")
        verbose_name_plural = _("petugas loket")
        constraints = [models.UniqueConstraint(fields=["user", "counter"], name="antrean_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.counter}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Senin")
    TUESDAY = 1, _("Selasa")
    WEDNESDAY = 2, _("Rabu")
    THURSDAY = 3, _("Kamis")
    FRIDAY = 4, _("Jumat")
    SATURDAY = 5, _("Sabtu")
    SUNDAY = 6, _("Minggu")


class Session(models.Model):
    """A weekday's time slot of a service (and of a doctor, at a hospital) with its quota of online bookings."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("layanan"))
    doctor = models.ForeignKey(Doctor, on_delete=models.CASCADE, null=True, blank=True, related_name="sessions",
                               verbose_name=_("dokter"))
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    starts = models.TimeField(_("mulai"))
    ends = models.TimeField(_("selesai"))
    quota = models.PositiveSmallIntegerField(_("kuota pesanan daring"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["service", "weekday", "starts"]

    def __str__(self) -> str:
        who = f" — {self.doctor}" if self.doctor_id else ""
        return f"{self.service}{who}, {self.get_weekday_display()} {self.starts:%H.%M}–{self.ends:%H.%M}"

    @property
    def label(self) -> str:
        return f"{self.starts:%H.%M}–{self.ends:%H.%M}"


class DayLock(models.Model):
    """One row per point and day, taken with SELECT ... FOR UPDATE by every ticket that day (booking, walk-in,
    move, cancel): the quota, the NIK limit and the numbers are checked and taken under it."""

    point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["point", "date"], name="antrean_day_lock_unique")]

    def __str__(self) -> str:
        return f"{self.point_id} {self.date}"


class Source(models.TextChoices):
    BOOKING = "booking", _("Pesan daring")
    WALK_IN = "walk_in", _("Datang langsung")


class TicketStatus(models.TextChoices):
    BOOKED = "booked", _("Dipesan")
    WAITING = "waiting", _("Menunggu dipanggil")
    CALLED = "called", _("Dipanggil")
    SERVING = "serving", _("Sedang dilayani")
    DONE = "done", _("Selesai")
    NO_SHOW = "no_show", _("Tidak hadir")
    CANCELLED = "cancelled", _("Dibatalkan")


ACTIVE_STATES = frozenset({TicketStatus.BOOKED, TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING})


class Ticket(models.Model):
    code = models.CharField(_("kode pesanan"), max_length=16, unique=True, default=new_code)
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    point = models.ForeignKey(ServicePoint, on_delete=models.PROTECT, related_name="tickets",
                              verbose_name=_("tempat layanan"))
    first_service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("layanan tujuan"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="tickets",
                                verbose_name=_("layanan saat ini"))
    doctor = models.ForeignKey(Doctor, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("dokter"))
    session = models.ForeignKey(Session, on_delete=models.PROTECT, null=True, blank=True, related_name="tickets",
                                verbose_name=_("sesi"))
    date = models.DateField(_("tanggal kunjungan"), db_index=True)
    letter = models.CharField(_("huruf"), max_length=2)
    number = models.PositiveIntegerField(_("nomor"))
    seat = models.PositiveSmallIntegerField(_("kursi sesi"), null=True, blank=True)
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=12, choices=TicketStatus.choices, db_index=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, db_index=True)
    jkn_number = models.CharField(_("nomor kartu JKN"), max_length=13, blank=True)
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    estimated_at = models.DateTimeField(_("perkiraan dilayani"), null=True, blank=True)
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("loket"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("hadir"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("pengingat dikirim"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status berubah"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiket antrean")
        verbose_name_plural = _("tiket antrean")
        ordering = ["date", "first_service", "number"]
        constraints = [
            models.UniqueConstraint(fields=["first_service", "date", "number"], name="antrean_ticket_number_unique"),
            models.UniqueConstraint(fields=["session", "date", "seat"], condition=Q(seat__isnull=False),
                                    name="antrean_ticket_seat_unique"),
        ]
        indexes = [models.Index(fields=["point", "date", "status"], name="antrean_ticket_day")]

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"

    @property
    def label(self) -> str:
        return f"{self.letter}-{self.number:03d}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES


class Stage(models.Model):
    """The ticket's visit to one service: queued (checked in or passed on), first called, served, finished."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="stages")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="stages")
    counter = models.ForeignKey(Counter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    queued_at = models.DateTimeField(db_index=True)
    called_at = models.DateTimeField(null=True, blank=True)
    serving_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    no_show = models.BooleanField(default=False)

    class Meta:
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["service", "queued_at"], name="antrean_stage_service_day")]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.service_id}"
