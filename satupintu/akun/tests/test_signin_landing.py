"""Issue 13 bugs 1 and 5 (where each role lands after sign-in; the wrong-password message) and issue 12's
password-reset throttle."""

import pytest
from django.core import mail

PASSWORD = "rahasia-demo-123"

pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/akun/masuk/", {"username": username, "password": password, **extra})


def test_citizen_lands_on_their_reports(client, users):
    response = sign_in(client, "warga")
    assert response.status_code == 302 and response["Location"] == "/aduan/saya/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("username", ["operator_a", "admin_pupr", "ppid_utama", "bupati", "admin_kab"])
def test_staff_land_on_their_desk(client, users, username):
    response = sign_in(client, username)
    assert response["Location"] == "/staf/"
    assert client.get("/staf/").status_code == 200


def test_a_safe_next_is_followed_and_an_unsafe_one_is_not(client, users):
    assert sign_in(client, "warga", next="/ppid/")["Location"] == "/ppid/"
    client.logout()
    assert sign_in(client, "warga", next="https://evil.example/")["Location"] == "/aduan/saya/"


def test_wrong_password_message_does_not_double_words(client, users):
    body = sign_in(client, "admin_pupr", "salah").content.decode()
    assert "Masukkan nama pengguna dan sandi yang benar." in body
    assert "nama pengguna nama pengguna" not in body
    english = client.post(
        "/akun/masuk/", {"username": "admin_pupr", "password": "salah"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "username username" not in english.lower() and "nama pengguna nama pengguna" not in english


def test_password_reset_sends_at_most_the_limit_to_one_address(client, users, settings):
    users["citizen"].email = "warga@example.id"
    users["citizen"].save()
    answers = {client.post("/akun/lupa-sandi/", {"email": "warga@example.id"})["Location"] for _ in range(10)}
    assert answers == {"/akun/lupa-sandi/terkirim/"}, "the same answer whether or not an e-mail went"
    assert len(mail.outbox) == settings.PASSWORD_RESET_PER_EMAIL == 3


def test_password_reset_per_client_address(client, users, settings):
    settings.PASSWORD_RESET_PER_ADDRESS = 4
    for n, user in enumerate(["citizen", "citizen2", "village_operator", "village_head", "opd_admin"]):
        users[user].email = f"orang{n}@example.id"
        users[user].save()
        response = client.post(
            "/akun/lupa-sandi/", {"email": f"orang{n}@example.id"}, REMOTE_ADDR="203.0.113.9"
        )
        assert response["Location"] == "/akun/lupa-sandi/terkirim/"
    assert len(mail.outbox) == 4
    client.post("/akun/lupa-sandi/", {"email": "orang4@example.id"}, REMOTE_ADDR="203.0.113.10")
    assert len(mail.outbox) == 5, "another address has its own count"
