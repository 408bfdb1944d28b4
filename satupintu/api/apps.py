from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "satupintu.api"
    label = "api"
    verbose_name = _("API dan data terbuka")
    public_nav: tuple = ()
    staff_nav: tuple = ()

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from satupintu.aduan.models import Category, ComplaintEvent
        from satupintu.core import periodic
        from satupintu.notifikasi.services import delivery_register
        from satupintu.wilayah.models import Village

        from . import keys, services, webhooks
        from .lapor import services as lapor
        from .models import ApiClient, LaporRule, WebhookSubscription
        from .tasks import events_catch_up_task, lapor_sync_task

        delivery_register(event=lapor.FORWARD_EVENT, deliver=lapor.deliver_forward)
        delivery_register(event=lapor.STATUS_EVENT, deliver=lapor.deliver_status)
        delivery_register(event=webhooks.EVENT, deliver=webhooks.deliver)
        # Signals only to decouple apps (STYLE.md): aduan does not know this app exists.
        post_save.connect(_complaint_event_saved, sender=ComplaintEvent, dispatch_uid="api.complaint_event")
        webhooks.subscriptions_memo.clear_on_change(WebhookSubscription)
        keys.clients_memo.clear_on_change(ApiClient)
        services.lookups.clear_on_change(Category, Village)
        lapor.rules_memo.clear_on_change(LaporRule)
        periodic.register(name="api.lapor_sync", task=lapor_sync_task, every=timedelta(minutes=5))
        # Timeline rows written in bulk (the sweep's auto-close) send no signal: caught up every minute (dispatch.py).
        periodic.register(name="api.events_catch_up", task=events_catch_up_task, every=timedelta(minutes=1))


def _complaint_event_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .dispatch import on_complaint_event

    on_complaint_event(instance)
