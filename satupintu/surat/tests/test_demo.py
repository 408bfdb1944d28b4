import io

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.core.models import AuditEvent
from satupintu.surat import demo
from satupintu.surat.models import LetterRequest

from .conftest import make_resident


def test_demo_is_idempotent_and_covers_every_state(village_a):
    UserFactory(username="operator_desa", role=Role.VILLAGE_OPERATOR, village=village_a)
    UserFactory(username="kades", role=Role.VILLAGE_HEAD, village=village_a)
    out = io.StringIO()
    demo.seed(stdout=out, options={})
    assert "dilewati" in out.getvalue()  # no residents yet: no letters, no error
    for i in range(6):
        make_resident(village_a, nik=f"121801150590{i + 1:04d}", name=f"Warga Demo {i}")
    demo.seed(stdout=out, options={})
    letters = LetterRequest.objects.all()
    assert sorted(letters.values_list("status", flat=True)) == sorted(
        ["checking", "incomplete", "awaiting_signature", "ready", "picked_up", "ready"]
    )
    assert letters.filter(revoked_at__isnull=False).count() == 1
    assert all(letter.pdf for letter in letters.filter(signed_at__isnull=False))
    before = (letters.count(), AuditEvent.objects.count())
    demo.seed(stdout=out, options={})
    assert (LetterRequest.objects.count(), AuditEvent.objects.count()) == before
