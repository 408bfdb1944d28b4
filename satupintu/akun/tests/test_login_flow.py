import re

import pytest
from django.core import mail

from satupintu.core.audit import audit_trail


@pytest.mark.django_db
def test_login_and_logout(client, users):
    response = client.post("/akun/masuk/", {"username": "admin_pupr", "password": "rahasia-demo-123"})
    assert response.status_code == 302 and response["Location"] == "/staf/"
    assert "Admin OPD" in client.get("/staf/").content.decode()
    client.post("/akun/keluar/")
    assert client.get("/staf/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_indonesian_error(client, users):
    response = client.post("/akun/masuk/", {"username": "admin_pupr", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode().lower()


@pytest.mark.django_db
def test_password_reset_by_email(client, users):
    users["citizen"].email = "warga@example.id"
    users["citizen"].save()
    response = client.post("/akun/lupa-sandi/", {"email": "warga@example.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^/]+(/akun/atur-sandi/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "Sandi-baru-yang-kuat-42", "new_password2": "Sandi-baru-yang-kuat-42"})
    assert response.status_code == 302
    assert client.login(username="warga", password="Sandi-baru-yang-kuat-42")


@pytest.mark.django_db
def test_unknown_email_reveals_nothing(client, users):
    response = client.post("/akun/lupa-sandi/", {"email": "tidak-ada@example.id"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_role_change_in_admin_is_audited(client, users, village_a):
    admin = users["regency_admin"]
    admin.is_superuser = True  # the Django admin is the back office of the regency administrator
    admin.save()
    client.force_login(admin)
    target = users["citizen2"]
    response = client.post(
        f"/admin/akun/user/{target.pk}/change/",
        {
            "username": target.username, "first_name": "", "last_name": "", "email": target.email,
            "role": "village_operator", "village": village_a.pk, "agency": "", "phone": "", "language": "id",
            "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = audit_trail(target).last()
    assert event.action == "user.scope_changed"
    assert (event.from_state, event.to_state) == ("citizen", "village_operator")
    assert event.actor == users["regency_admin"]
