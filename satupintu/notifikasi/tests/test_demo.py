import io

import pytest

from satupintu.notifikasi import demo
from satupintu.notifikasi.models import OutboxMessage, SocialCandidate


@pytest.mark.django_db
def test_demo_is_idempotent_and_sends_nothing():
    demo.seed(stdout=io.StringIO(), options={})
    demo.seed(stdout=io.StringIO(), options={})
    assert SocialCandidate.objects.count() == len(demo.DEMO_CANDIDATES)
    assert not OutboxMessage.objects.exists()
