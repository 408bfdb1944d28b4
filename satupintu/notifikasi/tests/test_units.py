from datetime import timedelta

import pytest

from satupintu.core.phones import normalize_phone
from satupintu.notifikasi.selectors import village_match
from satupintu.notifikasi.services import backoff_delay
from satupintu.notifikasi.signatures import sign, signature_valid


@pytest.mark.parametrize(("raw", "expected"), [
    ("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890"), ("81234567890", "6281234567890"),
    ("6281234567890", "6281234567890"), ("12", ""), ("", ""), ("0812345678901234567", ""),
])
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


def test_backoff_grows_with_jitter_and_is_capped(settings):
    settings.OUTBOX_BACKOFF_BASE = 30
    settings.OUTBOX_BACKOFF_MAX = 600
    for attempts, low, high in ((1, 15, 30), (2, 30, 60), (3, 60, 120), (10, 300, 600)):
        delays = {backoff_delay(attempts) for _ in range(20)}
        assert all(timedelta(seconds=low) <= d <= timedelta(seconds=high) for d in delays)
        assert len(delays) > 1  # jitter: retries after an outage do not all fire together


def test_signature():
    body = b'{"a":1}'
    assert signature_valid(body=body, header=sign(body, "s3cret"), secret="s3cret")
    assert not signature_valid(body=body, header=sign(body, "other"), secret="s3cret")
    assert not signature_valid(body=body + b" ", header=sign(body, "s3cret"), secret="s3cret")
    assert not signature_valid(body=body, header=sign(body, ""), secret="")


@pytest.mark.django_db
def test_village_match(regency):
    from satupintu.wilayah.models import District, Village

    assert village_match("Sialtong").village.code == "12.18.01.2001"
    assert village_match("  desa SIALTONG ").village.code == "12.18.01.2001"
    assert village_match("Kelurahan Pekan Dolok Masihul").village.code == "12.18.02.1001"
    assert village_match("Sialtongg").village.code == "12.18.01.2001"  # one letter off
    assert village_match("Atlantis").village is None
    # the same name in two districts: ask, then accept "name, district"
    Village.objects.create(code="12.18.02.2002", district=District.objects.get(code="12.18.02"), name="Sialtong")
    ambiguous = village_match("Sialtong")
    assert ambiguous.village is None and len(ambiguous.candidates) == 2
    assert village_match("Sialtong, Dolok Masihul").village.code == "12.18.02.2002"
    assert village_match("sialtong, kecamatan kotarih").village.code == "12.18.01.2001"


def test_periodic_job_is_registered():
    from satupintu.core.periodic import jobs

    job = next(j for j in jobs() if j.name == "notifikasi.outbox_maintenance")
    assert job.every == timedelta(minutes=1)
