"""Issue 12 finding 1: staff sign-in is throttled per account and per address, locks saying until when, and every
sign-in, failure, refusal, lock-out and sign-out is audited (never the password)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from satupintu.core.audit import audit_trail
from satupintu.core.models import AuditEvent
from satupintu.core.ratelimit import until_text

PASSWORD = "rahasia-demo-123"
WRONG = "tebakan-salah-XYZ"

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, *, ip="203.0.113.7", path="/akun/masuk/", **extra):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, users):
    statuses = [sign_in(client, "admin_kab", WRONG).status_code for _ in range(40)]
    assert statuses[:4] == [200] * 4, "the first failures are ordinary wrong-password answers"
    assert set(statuses[4:]) == {429}, "the fifth failure locks the account"
    response = sign_in(client, "admin_kab", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert client.get("/staf/").status_code == 302


def test_lock_message_says_until_when_and_the_lock_holds_from_another_address(client, users):
    for _ in range(5):
        response = sign_in(client, "admin_kab", WRONG)
    last_failure = AccessAttempt.objects.filter(username="admin_kab").latest("attempt_time").attempt_time
    until = until_text(last_failure + timedelta(minutes=15))
    body = response.content.decode()
    assert f"Akun dikunci sampai {until}." in body
    assert " pukul " in until and until.endswith(" WIB")
    # The account, not the address, is locked: the right password from elsewhere is refused too ...
    other = sign_in(client, "admin_kab", PASSWORD, ip="198.51.100.20")
    assert other.status_code == 429 and f"Akun dikunci sampai {until}." in other.content.decode()
    assert not signed_in(client)
    # ... while another account from the first address still signs in.
    assert sign_in(client, "bupati", PASSWORD).status_code == 302


def test_lock_ends_when_it_said(client, users):
    for _ in range(5):
        sign_in(client, "admin_kab", WRONG)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = sign_in(client, "admin_kab", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_a_sign_in_clears_the_accounts_count_not_the_addresss(client, users, settings):
    settings.SIGNIN_FAILURES_PER_ADDRESS = 6
    for name in ("a1", "a2", "a3", "a4", "a5"):
        sign_in(client, name, WRONG)
    assert sign_in(client, "warga", PASSWORD).status_code == 302  # the attacker's own account
    client.logout()
    response = sign_in(client, "a6", WRONG)
    assert response.status_code == 429, "signing in to one's own account does not reset the address's count"


def test_address_limit_across_accounts_and_forwarded_for(client, users, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(19):
        assert (
            client.post(
                "/akun/masuk/",
                {"username": f"nama{n}", "password": WRONG},
                HTTP_X_FORWARDED_FOR="203.0.113.50",
                **proxy,
            ).status_code
            == 200
        )
    response = client.post(
        "/akun/masuk/",
        {"username": "nama19", "password": WRONG},
        HTTP_X_FORWARDED_FOR="203.0.113.50",
        **proxy,
    )
    assert response.status_code == 429
    assert "Coba lagi setelah" in response.content.decode() and "WIB" in response.content.decode()
    # The same proxy, another client behind it: its own count.
    response = client.post(
        "/akun/masuk/",
        {"username": "bupati", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.51",
        **proxy,
    )
    assert response.status_code == 302


def test_admin_login_is_throttled_too(client, users):
    users["regency_admin"].is_superuser = True
    users["regency_admin"].save()
    for _ in range(5):
        response = sign_in(client, "admin_kab", WRONG, path="/admin/login/?next=/admin/")
    assert response.status_code == 429
    assert "Akun dikunci sampai" in response.content.decode()
    assert sign_in(client, "admin_kab", PASSWORD, path="/admin/login/?next=/admin/").status_code == 429
    assert not signed_in(client)


def test_every_sign_in_failure_lock_and_sign_out_is_audited_without_the_password(client, users):
    admin = users["regency_admin"]
    assert sign_in(client, "admin_kab", PASSWORD).status_code == 302
    client.post("/akun/keluar/", REMOTE_ADDR="203.0.113.7")
    for _ in range(6):
        sign_in(client, "admin_kab", WRONG)
    sign_in(client, "tidak_ada", WRONG)
    actions = [e.action for e in audit_trail(admin)]
    assert actions == [
        "akun.signed_in",
        "akun.signed_out",
        *["akun.sign_in_failed"] * 4,
        "akun.locked_out",
        "akun.sign_in_refused",
    ]
    signed = audit_trail(admin).first()
    assert signed.actor == admin and signed.ip_address == "203.0.113.7" and signed.channel == "web"
    lock = audit_trail(admin).get(action="akun.locked_out")
    assert lock.data["locked_by"] == "account" and lock.data["locked_until"]
    unknown = AuditEvent.objects.get(action="akun.sign_in_failed", data__username="tidak_ada")
    assert unknown.ip_address == "203.0.113.7"
    stored = " ".join(
        [str(e.data) + e.note for e in AuditEvent.objects.all()]
        + [a.post_data + a.get_data for a in AccessAttempt.objects.all()]
    )
    assert WRONG not in stored and PASSWORD not in stored
