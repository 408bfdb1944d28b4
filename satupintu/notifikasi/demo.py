"""Demo data of the channels app: a few social-media candidates for the regency administrator's queue. Nothing is
sent at seed time (no OutboxMessage is created). Idempotent: candidates are keyed by channel + external id."""

from datetime import timedelta

from django.utils import timezone

DEMO_CANDIDATES = [
    ("facebook", "demo-fb-1", "comment", "Rudi Hartono", "100000001",
     "Pak Bupati, jembatan gantung di Dusun III sudah miring, anak sekolah takut menyeberang. Mohon segera diperbaiki."),
    ("instagram", "demo-ig-1", "comment", "", "warga.kotarih",
     "Air PDAM sudah tiga hari tidak mengalir di Kotarih Baru. Tolong dicek @pemkab."),
    ("manual", "demo-manual-1", "manual", "Ketua RT 03", "",
     "Diteruskan dari grup WhatsApp warga: parit di depan pasar tersumbat, air masuk ke rumah warga setiap hujan."),
]


def seed(*, stdout, options) -> None:
    from .models import SocialCandidate

    created = 0
    for i, (channel, external_id, kind, name, handle, text) in enumerate(DEMO_CANDIDATES):
        _obj, was_created = SocialCandidate.objects.get_or_create(
            channel=channel,
            external_id=external_id,
            defaults={"kind": kind, "author_name": name, "author_handle": handle, "text": text,
                      "posted_at": timezone.now() - timedelta(hours=3 * (i + 1))},
        )
        created += was_created
    if created:
        stdout.write(f"  {created} kandidat aduan media sosial contoh")
