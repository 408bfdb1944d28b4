"""Two-factor sign-in (TOTP, backup codes) for staff who can read personal data: enrolment, the code after the
password, the requirement setting (staff pages and the Django admin), and the audit of each step."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from satupintu.core.audit import audit_trail

PASSWORD = "rahasia-demo-123"

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, *, ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `ahead` steps later), computed from the device's key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + ahead * device.step
    return f"{totp.token():06d}"


def sign_in(client, username, password=PASSWORD, **data):
    return client.post("/akun/masuk/", {"username": username, "password": password, **data})


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/akun/dua-langkah/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body, "a QR code to scan"
    device = TOTPDevice.objects.get(confirmed=False)
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", body).group(1)
    assert len(key.replace(" ", "")) == 32, "the key to type by hand"
    done = client.post("/akun/dua-langkah/", {"code": code_for(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_required_staff_without_device_is_sent_to_enrolment_before_any_page(client, users, required):
    response = sign_in(client, "operator_a")
    assert response.status_code == 302 and response["Location"] == "/staf/"
    for page in ("/staf/", "/penduduk/", "/"):
        answer = client.get(page)
        assert answer.status_code == 302 and answer["Location"].startswith("/akun/dua-langkah/"), page
    assert client.get("/akun/dua-langkah/").status_code == 200


def test_enrolment_with_a_real_code_then_sign_in_asks_for_the_code(client, users, required):
    sign_in(client, "operator_a")
    device, codes = enrol(client)
    assert device.confirmed
    assert client.get("/staf/").status_code == 200
    assert StaticToken.objects.filter(device__user=users["village_operator"]).count() == 10

    client.post("/akun/keluar/")
    assert sign_in(client, "operator_a")["Location"] == "/staf/"
    asked = client.get("/staf/")
    assert asked.status_code == 302 and asked["Location"] == "/akun/masuk/kode/?next=%2Fstaf%2F"
    wrong = client.post("/akun/masuk/kode/", {"code": "000000", "next": "/staf/"})
    assert wrong.status_code == 200 and "Kode salah" in wrong.content.decode()
    assert client.get("/staf/").status_code == 302
    time.sleep(1.1)  # django-otp's own throttle: a second after one wrong code
    # The code of the next step (the one of enrolment cannot be used twice).
    right = client.post("/akun/masuk/kode/", {"code": code_for(device, ahead=1), "next": "/staf/"})
    assert right.status_code == 302 and right["Location"] == "/staf/"
    assert client.get("/staf/").status_code == 200

    actions = [e.action for e in audit_trail(users["village_operator"])]
    assert "akun.2fa_enrolled" in actions and "akun.2fa_failed" in actions and "akun.2fa_verified" in actions


def test_a_backup_code_works_once(client, users, required):
    sign_in(client, "operator_a")
    _, codes = enrol(client)
    client.post("/akun/keluar/")
    sign_in(client, "operator_a")
    assert client.post("/akun/masuk/kode/", {"code": codes[0].upper()})["Location"] == "/staf/"
    client.post("/akun/keluar/")
    sign_in(client, "operator_a")
    again = client.post("/akun/masuk/kode/", {"code": codes[0]})
    assert again.status_code == 200
    assert client.get("/staf/").status_code == 302


def test_the_admin_site_requires_the_second_factor(client, users, required):
    admin = users["regency_admin"]
    admin.is_superuser = True
    admin.save()
    client.post(
        "/admin/login/?next=/admin/", {"username": "admin_kab", "password": PASSWORD, "next": "/admin/"}
    )
    answer = client.get("/admin/")
    assert answer.status_code == 302 and answer["Location"].startswith("/akun/dua-langkah/")


def test_citizens_are_not_asked_and_nothing_is_required_by_default(client, users, settings):
    settings.TWO_FACTOR_REQUIRED = True
    sign_in(client, "warga")
    assert client.get("/aduan/saya/").status_code == 200
    client.post("/akun/keluar/")
    settings.TWO_FACTOR_REQUIRED = False  # the default: the demo accounts sign in with the password alone
    sign_in(client, "operator_a")
    assert client.get("/staf/").status_code == 200


def test_a_session_older_than_the_requirement_is_caught(client, users, settings):
    sign_in(client, "operator_a")
    assert client.get("/staf/").status_code == 200
    settings.TWO_FACTOR_REQUIRED = True
    assert client.get("/staf/")["Location"].startswith("/akun/dua-langkah/")


def test_voluntary_enrolment_is_asked_for_even_when_not_required(client, users):
    sign_in(client, "operator_a")
    device, _ = enrol(client)
    client.post("/akun/keluar/")
    sign_in(client, "operator_a")
    assert client.get("/staf/")["Location"].startswith("/akun/masuk/kode/")


def test_wrong_codes_count_towards_the_account_lock(client, users, required):
    sign_in(client, "operator_a")
    enrol(client)
    client.post("/akun/keluar/")
    sign_in(client, "operator_a")
    answers = [client.post("/akun/masuk/kode/", {"code": "000000"}).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session, "a lock signs the half-signed-in session out"
    assert sign_in(client, "operator_a").status_code == 429


def test_removal_is_audited_and_sends_back_to_enrolment_when_required(client, users, required):
    sign_in(client, "operator_a")
    enrol(client)
    renewed = client.post("/akun/dua-langkah/kode-cadangan/")
    assert len(re.findall(r"<li><code>", renewed.content.decode())) == 10
    client.post("/akun/dua-langkah/hapus/")
    assert not TOTPDevice.objects.filter(user=users["village_operator"]).exists()
    assert client.get("/staf/")["Location"].startswith("/akun/dua-langkah/")
    actions = [e.action for e in audit_trail(users["village_operator"])]
    assert "akun.2fa_backup_codes_renewed" in actions and "akun.2fa_removed" in actions


def test_admin_removes_a_lost_phone_audited_and_never_sees_the_key(client, users):
    sign_in(client, "operator_a")
    device, codes = enrol(client)
    admin = users["regency_admin"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in page and "otpauth://" not in page
    static = users["village_operator"].staticdevice_set.get()
    assert not any(
        code in client.get(f"/admin/otp_static/staticdevice/{static.pk}/change/").content.decode()
        for code in codes
    )
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    removed = audit_trail(users["village_operator"]).get(action="akun.2fa_removed")
    assert removed.actor == admin and removed.data["by_admin"] is True
