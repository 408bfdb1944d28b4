"""surat.permissions, role by scope, and what the views answer: 404 for a letter outside the scope, 403 for an
action the user may not take on a letter they can see."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from satupintu.surat import permissions
from satupintu.surat.models import LetterStatus

from .conftest import counter_request

A, B = "12.18.01.2001", "12.18.02.2001"  # village_a (the operator's and the head's), village_b (operator_b's)
EVERYONE = ("anonymous", "citizen", "village_operator", "village_head", "village_operator_b", "opd_admin", "ppid_utama",
            "regency_admin", "regent")


def _user(users, key):
    return AnonymousUser() if key == "anonymous" else users[key]


def _table(allowed: set[tuple[str, str]]):
    """Every (user, village) pair, expected True exactly for `allowed`."""
    return [(key, village, (key, village) in allowed) for key in EVERYONE for village in (A, B)]


@pytest.mark.parametrize(("key", "village", "expected"), _table(
    {("village_operator", A), ("village_head", A), ("village_operator_b", B)}
))
def test_can_handle_letters(users, key, village, expected):
    assert permissions.can_handle_letters(_user(users, key), village) is expected
    assert permissions.can_handle_letter(_user(users, key), SimpleNamespace(village_id=village)) is expected


@pytest.mark.parametrize(("key", "village", "expected"), _table({("village_head", A)}))
def test_can_sign_letters(users, key, village, expected):
    assert permissions.can_sign_letters(_user(users, key), village) is expected
    assert permissions.can_sign_letter(_user(users, key), SimpleNamespace(village_id=village)) is expected


@pytest.mark.parametrize(("key", "expected"), [
    ("anonymous", False), ("citizen", False), ("opd_admin", False), ("ppid_utama", False),
    ("village_operator", True), ("village_head", True), ("village_operator_b", True),
    ("regency_admin", True), ("regent", True),
])
def test_can_work_letters(users, key, expected):
    assert permissions.can_work_letters(_user(users, key)) is expected


def test_an_inactive_head_may_do_nothing(users):
    head = users["village_head"]
    head.is_active = False
    assert not permissions.can_sign_letters(head, A) and not permissions.can_handle_letters(head, A)
    assert not permissions.can_work_letters(head)


@pytest.mark.parametrize(("resident_id", "actor", "expected"), [
    (1, "applicant", True), (2, "applicant", False),
    (1, "village_operator", True), (1, "village_operator_b", False), (1, "regent", False), (1, "citizen", False),
])
def test_can_act_on_request(users, resident_id, actor, expected):
    letter = SimpleNamespace(village_id=A, resident_id=resident_id)
    if actor == "applicant":
        allowed = permissions.can_act_on_request(letter, resident=SimpleNamespace(pk=1))
    else:
        allowed = permissions.can_act_on_request(letter, by=users[actor])
    assert allowed is expected


# --- What the views answer ---------------------------------------------------------------------------------------

ACTIONS = ["submit_action", "verify_action", "return_action", "cancel_action", "sign_action", "picked_up_action",
           "revoke_action", "attach_action"]


@pytest.mark.parametrize("name", ACTIONS)
def test_another_villages_staff_get_404_on_every_action(client, users, letter_types, resident_a, name):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator_b"])
    assert client.post(reverse(f"surat:{name}", args=[letter.pk]), {"note": "x"}).status_code == 404
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CHECKING


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("key", ["regent", "regency_admin"])
def test_regency_roles_see_a_letter_but_get_403_on_every_action(client, users, letter_types, resident_a, name, key):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users[key])
    assert client.get(reverse("surat:detail", args=[letter.pk])).status_code == 200
    assert client.post(reverse(f"surat:{name}", args=[letter.pk]), {"note": "x"}).status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CHECKING


@pytest.mark.parametrize("name", ["sign_action", "revoke_action"])
def test_the_operator_sees_a_letter_but_gets_403_on_the_heads_actions(client, users, letter_types, resident_a, name):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator"])
    assert client.post(reverse(f"surat:{name}", args=[letter.pk]), {"note": "x"}).status_code == 403


def test_an_unknown_letter_is_404_also_for_the_head(client, users, letter_types):
    client.force_login(users["village_head"])
    assert client.post(reverse("surat:sign_action", args=[999_999])).status_code == 404
    assert client.get(reverse("surat:detail", args=[999_999])).status_code == 404


def test_an_attachment_of_another_villages_letter_is_404(client, users, letter_types, resident_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.core.tests import uploads
    from satupintu.surat import services

    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    attachment = services.letter_attachment_add(
        letter=letter, label="KTP", uploaded=SimpleUploadedFile("ktp.pdf", uploads.PDF_PLAIN), by=users["village_operator"]
    )
    url = reverse("surat:staff_attachment", args=[attachment.pk])
    client.force_login(users["village_operator_b"])
    assert client.get(url).status_code == 404
    client.force_login(users["village_operator"])
    assert client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    response = client.post(reverse("surat:verify_action", args=[letter.pk]))
    assert response.status_code == 302 and "masuk" in response["Location"]
