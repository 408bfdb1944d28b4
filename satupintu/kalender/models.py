from django.db import models
from django.utils.translation import gettext_lazy as _


class Holiday(models.Model):
    """A day off that the `holidays` package does not know: cuti bersama, a local holiday, or an extra day off set by
    the regent. National public holidays come from the package and need no row.

    A row of kind "hari kerja" does the opposite: it cancels a holiday the package has on that date (a cuti bersama
    withdrawn by a new SKB, a moving holiday the package estimated on the wrong day), so the date is a working day
    again when it is a weekday."""

    class Kind(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        LOCAL = "lokal", _("Hari libur daerah")
        OTHER = "lain", _("Libur lain")
        WORKING_DAY = "hari_kerja", _("Hari kerja (libur dibatalkan)")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.CUTI_BERSAMA)
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
