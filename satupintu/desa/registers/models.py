"""The data some statutory village registers (Buku Administrasi Desa, Permendagri 47/2016) need and the rest of the
platform does not hold: the village's regulations, the letters it receives, and the people staying in the village
for a while without being its residents. Each is kept by the village operator through the editor's sections and
printed in its book; the fields are the book's columns."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOTE = pgettext_lazy("buku administrasi desa", "keterangan")


class VillageRegulation(models.Model):
    """A regulation made in the village (Buku Peraturan di Desa, A.1)."""

    class Kind(models.TextChoices):
        PERDES = "perdes", _("Peraturan Desa")
        PERKADES = "perkades", _("Peraturan Kepala Desa")
        BERSAMA = "bersama", _("Peraturan Bersama Kepala Desa")

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="regulations")
    kind = models.CharField(_("jenis peraturan"), max_length=10, choices=Kind.choices, default=Kind.PERDES)
    number = models.CharField(_("nomor ditetapkan"), max_length=60)
    enacted_on = models.DateField(_("tanggal ditetapkan"))
    title = models.CharField(_("tentang"), max_length=255)
    summary = models.TextField(_("uraian singkat"), blank=True)
    agreed_on = models.DateField(_("tanggal kesepakatan dengan BPD"), null=True, blank=True)
    reported_number = models.CharField(_("nomor dilaporkan"), max_length=60, blank=True)
    reported_on = models.DateField(_("tanggal dilaporkan"), null=True, blank=True)
    gazette_number = models.CharField(_("nomor Lembaran Desa"), max_length=60, blank=True)
    gazette_on = models.DateField(_("tanggal diundangkan dalam Lembaran Desa"), null=True, blank=True)
    bulletin_number = models.CharField(_("nomor Berita Desa"), max_length=60, blank=True)
    bulletin_on = models.DateField(_("tanggal diundangkan dalam Berita Desa"), null=True, blank=True)
    note = models.CharField(NOTE, max_length=255, blank=True)

    class Meta:
        verbose_name = _("peraturan di desa")
        verbose_name_plural = _("peraturan di desa")
        ordering = ["village", "enacted_on", "id"]
        indexes = [models.Index(fields=["village", "enacted_on"], name="desa_regulation_village_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.title}"


class IncomingLetter(models.Model):
    """A letter the village office received (the incoming half of the Buku Agenda; the outgoing half is the letters
    the village issued through `surat`)."""

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="incoming_letters")
    received_on = models.DateField(_("tanggal diterima"))
    number = models.CharField(_("nomor surat"), max_length=120)
    dated = models.DateField(_("tanggal surat"))
    sender = models.CharField(_("pengirim"), max_length=200)
    subject = models.CharField(_("isi singkat"), max_length=255)
    note = models.CharField(NOTE, max_length=255, blank=True)

    class Meta:
        verbose_name = _("surat masuk")
        verbose_name_plural = _("surat masuk")
        ordering = ["village", "received_on", "id"]
        indexes = [models.Index(fields=["village", "received_on"], name="desa_incoming_village_date")]

    def __str__(self) -> str:
        return f"{self.number} ({self.sender})"


class TemporaryResident(models.Model):
    """Someone staying in the village for a while who is not on its register (Buku Penduduk Sementara, B.4)."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.CASCADE, related_name="temporary_residents"
    )
    name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(
        _("jenis kelamin"), max_length=1, choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))]
    )
    identity_number = models.CharField(_("nomor identitas/tanda pengenal"), max_length=40)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    nationality = models.CharField(_("kewarganegaraan"), max_length=60, default="WNI")
    descent = models.CharField(_("keturunan"), max_length=60, blank=True)
    came_from = models.CharField(_("datang dari"), max_length=255)
    purpose = models.CharField(_("maksud dan tujuan kedatangan"), max_length=255)
    host = models.CharField(_("nama dan alamat yang didatangi"), max_length=255)
    arrived_on = models.DateField(_("datang tanggal"))
    left_on = models.DateField(_("pergi tanggal"), null=True, blank=True)
    note = models.CharField(NOTE, max_length=255, blank=True)

    class Meta:
        verbose_name = _("penduduk sementara")
        verbose_name_plural = _("penduduk sementara")
        ordering = ["village", "arrived_on", "id"]
        indexes = [models.Index(fields=["village", "arrived_on"], name="desa_temporary_village_date")]

    def __str__(self) -> str:
        return self.name
