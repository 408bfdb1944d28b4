"""Demo regions: the deployment's regency (default Kabupaten Serdang Bedagai, 12.18) with all its villages, plus the
district table of the whole country so that NIKs of residents born elsewhere validate."""

from django.conf import settings

from .loader import regions_load_from_lokal


def seed(*, stdout, options) -> None:
    report = regions_load_from_lokal(prefix=settings.SATUPINTU_REGENCY_CODE)
    if report.changed:
        for line in report.lines():
            stdout.write(f"  {line}")
