"""Area alerts: confirmation first, then immediate messages or a daily digest, one-tap unsubscribe, opt-outs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from satupintu.aduan import alerts
from satupintu.aduan.models import AreaAlert
from satupintu.aduan.tests.factories import ComplaintFactory, walk_to
from satupintu.notifikasi.models import OutboxMessage
from satupintu.notifikasi.services import outbox_send
from satupintu.notifikasi.services.preferences import channel_opt_out

pytestmark = pytest.mark.django_db

ADDRESS = "warga.pengikut@example.org"


def alert_messages(event=None):
    qs = OutboxMessage.objects.filter(event__startswith="aduan.alert", address__in=[ADDRESS, "6281377778888"])
    return list(qs.filter(event=event) if event else qs)


def subscribe(client, village, **extra):
    data = {"via": "email", "address": ADDRESS, "village": village.pk, "frequency": "immediate", **extra}
    response = client.post(reverse("aduan:alert_new"), data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return AreaAlert.objects.get(address=data["address"].lower() if "@" in data["address"] else "6281377778888")


def test_confirm_then_messages_then_unsubscribe(client, village_a, village_b, categories):
    alert = subscribe(client, village_a)
    [confirm] = alert_messages("aduan.alert_confirm")
    assert confirm.context["confirm_url"].endswith(reverse("aduan:alert_confirm", args=[alert.token]))
    ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    assert alert_messages("aduan.alert_new") == []  # not confirmed yet: nothing but the confirmation
    # a link scanner's GET confirms nothing; the button does
    assert client.get(reverse("aduan:alert_confirm", args=[alert.token])).status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is None
    client.post(reverse("aduan:alert_confirm", args=[alert.token]))
    alert.refresh_from_db()
    assert alert.is_active
    report = ComplaintFactory(village=village_a, category=categories["road"], state="verified",
                              reporter_name="Pelapor Tersembunyi")
    ComplaintFactory(village=village_b, category=categories["road"], state="verified")  # another village
    ComplaintFactory(village=village_a, category=categories["road"], state="verified", is_confidential=True)
    [new] = alert_messages("aduan.alert_new")
    assert new.context["code"] == report.tracking_code
    assert "Pelapor Tersembunyi" not in str(new.context)
    assert new.context["unsubscribe_url"].endswith(reverse("aduan:alert_unsubscribe", args=[alert.token]))
    walk_to(report, "answered")
    [answered] = alert_messages("aduan.alert_answered")
    assert answered.context["code"] == report.tracking_code
    # one tap
    response = client.get(reverse("aduan:alert_unsubscribe", args=[alert.token]))
    assert response.status_code == 200 and 'data-testid="alert-unsubscribed"' in response.content.decode()
    ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    assert len(alert_messages("aduan.alert_new")) == 1
    response = client.post(reverse("aduan:alert_confirm", args=[alert.token]))
    assert response.status_code == 400  # a stopped alert is not revived by its old link
    assert client.get(reverse("aduan:alert_unsubscribe", args=["no-such-token"])).status_code == 404


def test_district_and_category_scope(village_a, village_b, categories):
    alert = alerts.alert_subscribe(via="email", address=ADDRESS, district=village_a.district,
                                   category=categories["health"])
    alerts.alert_confirm(alert=alert)
    ComplaintFactory(village=village_a, category=categories["road"], state="verified")  # other category
    match = ComplaintFactory(village=village_a, category=categories["health"], state="verified")
    assert [m.context["code"] for m in alert_messages("aduan.alert_new")] == [match.tracking_code]


def test_daily_digest_once_per_day_and_only_when_something_happened(village_a, categories):
    alert = alerts.alert_subscribe(via="whatsapp", address="0813 7777 8888", village=village_a,
                                   frequency=AreaAlert.Frequency.DAILY)
    alerts.alert_confirm(alert=alert)
    AreaAlert.objects.filter(pk=alert.pk).update(digest_since=timezone.now() - timedelta(hours=1))
    first = ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    second = ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    assert alert_messages("aduan.alert_new") == []  # daily: nothing at once
    assert alerts.alerts_send_digests() == 0  # not due yet
    tomorrow = timezone.now() + timedelta(days=1)
    assert alerts.alerts_send_digests(now=tomorrow) == 1
    [digest] = alert_messages("aduan.alert_digest")
    assert digest.channel == "whatsapp" and digest.address == "6281377778888"
    assert digest.context["count"] == 2
    assert first.tracking_code in digest.context["items"] and second.tracking_code in digest.context["items"]
    assert alerts.alerts_send_digests(now=tomorrow + timedelta(hours=2)) == 0  # already had today's
    assert alerts.alerts_send_digests(now=tomorrow + timedelta(days=1, hours=1)) == 0  # nothing new: no message
    assert len(alert_messages("aduan.alert_digest")) == 1


def test_opted_out_address_gets_nothing(village_a, categories):
    alert = alerts.alert_subscribe(via="email", address=ADDRESS, village=village_a)
    alerts.alert_confirm(alert=alert)
    ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    [before] = alert_messages("aduan.alert_new")
    mail.outbox.clear()
    assert outbox_send(message_id=before.pk) == "sent"
    assert len(mail.outbox) == 1 and "Berhenti mengikuti" in mail.outbox[0].body
    channel_opt_out(channel="email", address=ADDRESS)
    ComplaintFactory(village=village_a, category=categories["road"], state="verified")
    after = [m for m in alert_messages("aduan.alert_new") if m.pk != before.pk][0]
    mail.outbox.clear()
    assert outbox_send(message_id=after.pk) == "cancelled"
    assert mail.outbox == []


def test_bad_requests_change_nothing(client, village_a):
    response = client.post(reverse("aduan:alert_new"), {"via": "email", "address": "bukan-email", "village": village_a.pk,
                                                        "frequency": "immediate"})
    assert response.status_code == 400
    response = client.post(reverse("aduan:alert_new"), {"via": "email", "address": ADDRESS, "frequency": "immediate"})
    assert response.status_code == 400  # no area
    assert not AreaAlert.objects.exists() and alert_messages() == []
    assert client.get(reverse("aduan:alert_new") + f"?village={village_a.pk}").status_code == 200
