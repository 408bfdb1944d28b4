import datetime as dt
import re

import pytest
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from satupintu.core.audit import audit_trail
from satupintu.penduduk import mandiri
from satupintu.penduduk.models import Family, ResidentCredential, ResidentStatus
from satupintu.penduduk.tests.factories import ResidentFactory

UNKNOWN_NIK = "1218010505900999"
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+')


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def family(village_a):
    return Family.objects.create(kk_number="1218010101260001", village=village_a)


@pytest.fixture
def resident(village_a, family):
    return ResidentFactory(village=village_a, family=family, family_relation="kepala", birth_date=dt.date(1985, 4, 9))


def test_pin_issue_hashes_and_audits(resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert len(pin) == 6 and pin.isdigit()
    credential = ResidentCredential.objects.get(resident=resident)
    assert pin not in credential.pin_hash and check_password(pin, credential.pin_hash)
    event = list(audit_trail(resident))[-1]
    assert event.action == "mandiri_pin_issued" and pin not in str(event.data) + event.note


def test_pin_issue_needs_scope(resident, users):
    with pytest.raises(PermissionDenied):
        mandiri.resident_pin_issue(resident=resident, by=users["village_operator_b"])


def test_sign_in_with_pin(resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert mandiri.resident_authenticate(nik=resident.nik, pin=pin) == resident
    assert mandiri.resident_authenticate(nik=resident.nik, pin="000001") is None


def test_lockout_after_five_failures_for_fifteen_minutes(resident, users, monkeypatch):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    wrong = "111112" if pin != "111112" else "111113"
    for _ in range(5):
        assert mandiri.resident_authenticate(nik=resident.nik, pin=wrong) is None
    credential = ResidentCredential.objects.get(resident=resident)
    assert credential.locked_until > timezone.now() + dt.timedelta(minutes=14)
    assert mandiri.resident_authenticate(nik=resident.nik, pin=pin) is None  # the right PIN does not help now
    assert "mandiri_locked" in [e.action for e in audit_trail(resident)]

    _move_clock_to(credential.locked_until, monkeypatch)
    assert mandiri.resident_authenticate(nik=resident.nik, pin=pin) == resident


def _move_clock_to(moment, monkeypatch):
    from satupintu.core import ratelimit

    monkeypatch.setattr(ratelimit, "_clock", lambda: moment.timestamp())


def test_new_pin_at_counter_unlocks(resident, users):
    mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    for _ in range(5):
        mandiri.resident_authenticate(nik=resident.nik, pin="999998")
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert mandiri.resident_authenticate(nik=resident.nik, pin=pin) == resident


def test_inactive_resident_cannot_sign_in(resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    resident.status = ResidentStatus.MOVED
    resident.save()
    assert mandiri.resident_authenticate(nik=resident.nik, pin=pin) is None


def test_register_matches_nik_kk_and_birth_date(resident, family):
    assert mandiri.resident_register(nik=resident.nik, kk_number=family.kk_number, birth_date=resident.birth_date) == resident
    assert mandiri.resident_register(nik=resident.nik, kk_number=family.kk_number, birth_date=dt.date(1985, 4, 10)) is None
    assert mandiri.resident_register(nik=resident.nik, kk_number="1218010101269999", birth_date=resident.birth_date) is None
    assert mandiri.resident_register(nik=UNKNOWN_NIK, kk_number=family.kk_number, birth_date=resident.birth_date) is None


def test_register_does_not_replace_an_existing_pin(resident, family, users):
    mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert mandiri.resident_register(nik=resident.nik, kk_number=family.kk_number, birth_date=resident.birth_date) is None


def test_weak_pins_are_refused(resident):
    assert mandiri.pin_problem("123456")
    assert mandiri.pin_problem("777777")
    assert mandiri.pin_problem("090485", resident=resident)  # DDMMYY of the birth date
    assert mandiri.pin_problem("12a456")
    assert mandiri.pin_problem("402917") is None


# --- Pages ----------------------------------------------------------------------------------------------------


def _login(client, nik, pin):
    return client.post(reverse("penduduk:mandiri_login"), {"nik": nik, "pin": pin})


def _normalised(response, nik):
    return CSRF.sub("", response.content.decode().replace(nik, "X"))


def test_same_message_for_unknown_nik_wrong_pin_and_malformed(client, resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    message = str(mandiri.SIGN_IN_FAILED)
    unknown = _login(client, UNKNOWN_NIK, "482913")
    wrong = _login(client, resident.nik, "482914" if pin != "482914" else "482915")
    malformed = _login(client, "12345", "1")
    bodies = [r.content.decode() for r in (unknown, wrong, malformed)]
    assert all(r.status_code == 200 for r in (unknown, wrong, malformed))
    assert all(message in body for body in bodies)
    # Nothing else in the page differs by the reason (the NIK typed is echoed back in every case).
    assert _normalised(unknown, UNKNOWN_NIK) == _normalised(wrong, resident.nik)


def test_locked_says_until_when_and_the_same_for_an_unknown_nik(client, resident, users, monkeypatch):
    """Issue 13 bug 10: after the lock the resident is told it is locked and until when (local time, Indonesian long
    form); a NIK that does not exist locks after as many tries, with the same page."""
    import time

    bucket = mandiri.LOCK_MINUTES * 60 // 10  # every try in one bucket of the limiter, so both locks end together
    start = time.time() // bucket * bucket
    _move_clock_to(dt.datetime.fromtimestamp(start + 1, tz=dt.UTC), monkeypatch)
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    wrong = "999990" if pin != "999990" else "999991"
    known = [_login(client, resident.nik, wrong) for _ in range(5)]
    unknown = [_login(client, UNKNOWN_NIK, wrong) for _ in range(5)]
    for attempts in (known, unknown):
        assert all(str(mandiri.SIGN_IN_FAILED) in r.content.decode() for r in attempts[:4])
        assert "dikunci sementara" in attempts[4].content.decode()  # the fifth wrong PIN locks, and says so
    locked_known = _login(client, resident.nik, pin)  # the right PIN does not help while locked
    locked_unknown = _login(client, UNKNOWN_NIK, pin)
    html = locked_known.content.decode()
    assert "dikunci sementara" in html and str(mandiri.SIGN_IN_FAILED) not in html
    until = ResidentCredential.objects.get(resident=resident).locked_until
    # Locked until the window (15 minutes) has passed since the end of the tries' bucket (a tenth of it).
    assert until == dt.datetime.fromtimestamp(start + bucket + 15 * 60, tz=dt.UTC)
    from satupintu.core.ratelimit import until_text

    assert until_text(until) in html and " WIB" in html
    assert re.search(r"setelah \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
                     r"November|Desember) \d{4} pukul \d{2}\.\d{2} WIB", html)
    assert "mandiri_locked" in [e.action for e in audit_trail(resident)]
    # Known and unknown NIK: the same page (the same minute, as both locked within the same bucket).
    assert _normalised(locked_known, resident.nik) == _normalised(locked_unknown, UNKNOWN_NIK)
    assert _normalised(known[4], resident.nik) == _normalised(unknown[4], UNKNOWN_NIK)


def test_sign_in_page_flow_and_my_data_is_masked(client, resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    response = _login(client, resident.nik, pin)
    assert response.status_code == 302 and response["Location"] == reverse("penduduk:mandiri_home")
    page = client.get(reverse("penduduk:mandiri_home")).content.decode()
    assert resident.name in page
    assert resident.nik not in page and resident.masked_nik in page
    assert resident.family.kk_number not in page

    client.post(reverse("penduduk:mandiri_logout"))
    response = client.get(reverse("penduduk:mandiri_home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("penduduk:mandiri_login"))


def test_new_pin_ends_existing_sessions(client, resident, users):
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    _login(client, resident.nik, pin)
    mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    assert client.get(reverse("penduduk:mandiri_home")).status_code == 302


def test_registration_page_flow(client, resident, family):
    response = client.post(reverse("penduduk:mandiri_register"), {
        "nik": resident.nik, "kk_number": family.kk_number, "birth_date": "1985-04-09",
    })
    assert response["Location"] == reverse("penduduk:mandiri_set_pin")
    response = client.post(reverse("penduduk:mandiri_set_pin"), {"pin": "123456", "pin_again": "123456"})
    assert "terlalu mudah ditebak" in response.content.decode()
    response = client.post(reverse("penduduk:mandiri_set_pin"), {"pin": "402917", "pin_again": "402917"})
    assert response["Location"] == reverse("penduduk:mandiri_home")
    assert mandiri.resident_authenticate(nik=resident.nik, pin="402917") == resident


def test_registration_failure_message_is_generic(client, resident, family):
    response = client.post(reverse("penduduk:mandiri_register"), {
        "nik": resident.nik, "kk_number": family.kk_number, "birth_date": "1985-04-10",
    })
    assert str(mandiri.REGISTER_FAILED) in response.content.decode()


def test_ip_rate_limit(client, resident, settings, monkeypatch):
    monkeypatch.setattr(mandiri, "IP_MAX_ATTEMPTS", 3)
    for _ in range(3):
        _login(client, UNKNOWN_NIK, "482913")
    response = _login(client, UNKNOWN_NIK, "482913")
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_my_data_lists_the_other_family_members(client, resident, family, village_a, users):
    wife = ResidentFactory(village=village_a, family=family, family_relation="istri", sex="P", name="Siti Aminah")
    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    _login(client, resident.nik, pin)
    page = client.get(reverse("penduduk:mandiri_home")).content.decode()
    assert "Siti Aminah" in page and wife.nik not in page


def test_death_ends_self_service(client, resident, users):
    from satupintu.penduduk.services import resident_status_change

    pin = mandiri.resident_pin_issue(resident=resident, by=users["village_operator"])
    _login(client, resident.nik, pin)
    resident_status_change(resident=resident, by=users["village_operator"], status=ResidentStatus.DECEASED)
    assert client.get(reverse("penduduk:mandiri_home")).status_code == 302
    assert not ResidentCredential.objects.filter(resident=resident).exists()
