"""The contract other apps call: register_template / get_template and notify(...)."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from satupintu.notifikasi.models import ChannelPreference, OutboxMessage, OutboxStatus
from satupintu.notifikasi.registry import TemplateContextError, UnknownEvent, get_template, register_template
from satupintu.notifikasi.services import Recipient, channel_opt_out, idempotency_key_for, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(users):
    user = users["citizen"]
    user.phone = "0812-3456-7890"
    user.email = "Warga@Example.id"
    user.save()
    return user


def test_unknown_event_is_a_clear_error():
    with pytest.raises(UnknownEvent, match="No message template registered for event 'nope.nothing'"):
        get_template("nope.nothing")


def test_template_renders_in_the_recipients_language():
    tpl = register_template(event="test.lang", subject=_("Pesan uji dari %(site)s"), body=_("Halo %(name)s"))
    subject, body = tpl.render(context={"site": "Satu Pintu", "name": "Ani"}, language="id")
    assert subject == "Pesan uji dari Satu Pintu"
    assert body == "Halo Ani"
    with pytest.raises(TemplateContextError, match="'name'"):
        tpl.render(context={"site": "x"}, language="id")


def test_notify_writes_one_row_per_channel_and_is_idempotent(citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            event="notifikasi.test", recipients=[Recipient(user=citizen)],
            context={"site": "Satu Pintu", "name": "Ani"}, key="uji:1",
        )
    assert sorted(r.channel for r in rows) == ["email", "whatsapp"]
    by_channel = {r.channel: r for r in rows}
    assert by_channel["whatsapp"].address == "6281234567890"
    assert by_channel["email"].address == "warga@example.id"
    assert by_channel["email"].idempotency_key == idempotency_key_for(key="uji:1", channel="email", address="warga@example.id")
    assert all(r.status == OutboxStatus.QUEUED and r.context == {"site": "Satu Pintu", "name": "Ani"} for r in rows)
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = notify(
            event="notifikasi.test", recipients=[Recipient(user=citizen)],
            context={"site": "Satu Pintu", "name": "Ani"}, key="uji:1",
        )
    assert {r.pk for r in again} == {r.pk for r in rows}
    assert OutboxMessage.objects.count() == 2
    assert callbacks == []  # nothing new, nothing enqueued


def test_notify_again_with_a_new_address_inserts_only_that_row(citizen, django_capture_on_commit_callbacks):
    """One insert returns exactly the rows it created: the earlier row comes back too, only the new one is sent."""
    citizen.email = ""
    citizen.save()
    first = notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "S", "name": "A"},
                   key="uji:partial")
    assert [r.channel for r in first] == ["whatsapp"]
    citizen.email = "ani@example.id"
    citizen.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = notify(event="notifikasi.test", recipients=[Recipient(user=citizen)],
                       context={"site": "S", "name": "A"}, key="uji:partial")
    assert [r.channel for r in again] == ["whatsapp", "email"]  # ordered by id
    assert again[0].pk == first[0].pk
    stored = OutboxMessage.objects.get(pk=again[1].pk)  # the returned id is the stored row's
    assert (stored.channel, stored.address, stored.status) == ("email", "ani@example.id", OutboxStatus.QUEUED)
    assert again[1].created_at == stored.created_at
    assert OutboxMessage.objects.count() == 2
    assert len(callbacks) == 1  # one enqueue, for the email row only


def test_notify_respects_preferences_and_opt_out(citizen, users):
    ChannelPreference.objects.create(user=citizen, whatsapp_enabled=False, email_enabled=True)
    rows = notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "S", "name": "A"},
                  key="uji:2")
    assert [r.channel for r in rows] == ["email"]

    # An opted-out address is checked when sending (test_sending): the row is written and never reaches the provider.
    channel_opt_out(channel="whatsapp", address="6281111111111", reason="BERHENTI")
    [row] = notify(event="notifikasi.test", recipients=[Recipient(name="Budi", phone="+62 811-1111-1111")],
                   context={"site": "S", "name": "B"}, key="uji:3")
    assert (row.address, row.ignore_opt_out) == ("6281111111111", False)


def test_notify_rolls_back_with_the_callers_transaction(citizen):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "S", "name": "A"},
               key="uji:4")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


def test_notify_rejects_bad_context(citizen):
    with pytest.raises(TypeError, match="JSON"):
        notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": object(), "name": "A"},
               key="uji:5")
    with pytest.raises(TemplateContextError):
        notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "S"}, key="uji:6")
    with pytest.raises(UnknownEvent):
        notify(event="tidak.ada", recipients=[Recipient(user=citizen)], context={}, key="uji:7")


def test_after_commit_the_task_sends_it(citizen, django_capture_on_commit_callbacks):
    """Test settings run tasks immediately; WhatsApp is unconfigured so it goes to the log, email to locmem."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "Satu Pintu", "name": "Ani"},
               key="uji:8")
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.subject == "Pesan uji dari Satu Pintu"
    assert "Halo Ani" in sent.body
    email_row = OutboxMessage.objects.get(channel="email")
    assert sent.extra_headers["Message-ID"] == f"<{email_row.idempotency_key}@satupintu.local>"
    assert email_row.provider_message_id == sent.extra_headers["Message-ID"]


def test_user_sets_channel_preferences(client, citizen):
    from django.urls import reverse

    from satupintu.core.audit import audit_trail

    client.force_login(citizen)
    page = client.get(reverse("notifikasi:preferences"))
    assert page.status_code == 200 and "0812-3456-7890" in page.content.decode()
    response = client.post(reverse("notifikasi:preferences"), {"email_enabled": "on"})
    assert response.status_code == 302
    pref = ChannelPreference.objects.get(user=citizen)
    assert (pref.whatsapp_enabled, pref.email_enabled) == (False, True)
    assert [e.action for e in audit_trail(pref)] == ["notifikasi.preference"]
    rows = notify(event="notifikasi.test", recipients=[Recipient(user=citizen)], context={"site": "S", "name": "A"},
                  key="uji:pref")
    assert [r.channel for r in rows] == ["email"]
