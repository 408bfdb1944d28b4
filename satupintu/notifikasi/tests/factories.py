"""Outbox messages through the outbox's own services: `notify` queues them (one row per reachable channel, as every
app does), `outbox_send` delivers, `outbox_cancel` cancels.

    OutboxMessageFactory()                    # queued, by e-mail (the test settings deliver to locmem)
    OutboxMessageFactory(state="sent")
    OutboxMessageFactory(channel="whatsapp", state="cancelled")
"""

from __future__ import annotations

import factory

from satupintu.core.tests import factories as core_factories
from satupintu.notifikasi import services
from satupintu.notifikasi.models import Channel, OutboxMessage

PATHS: dict[str, list[str]] = {
    "queued": [],
    "sent": ["send"],
    "cancelled": ["cancel"],
}


def _send(message: OutboxMessage) -> None:
    services.outbox_send(message_id=message.pk)  # returns what happened ("sent"); the row is read back after


STEPS = {
    "send": _send,
    "cancel": lambda m: services.outbox_cancel(message=m, reason="Dibatalkan petugas."),
}


def walk_to(message: OutboxMessage, state: str) -> OutboxMessage:
    message = core_factories.walk_to(message, state, paths=PATHS, steps=STEPS, current=message.status)
    message.refresh_from_db()
    return message


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    """One message of `event` (default: the channels app's own test message) to one address on `channel`."""

    class Meta:
        model = OutboxMessage

    event = "notifikasi.test"
    channel = Channel.EMAIL
    name = "Siti Aminah"
    address = factory.LazyAttributeSequence(
        lambda o, n: f"warga{n}@example.id" if o.channel == Channel.EMAIL else f"62812{n % 10**8:08d}"
    )
    context = factory.LazyAttribute(lambda o: {"name": o.name, "site": "Satu Pintu"})
    key = factory.Sequence(lambda n: f"test:{n}")
    state = "queued"

    @classmethod
    def _create(cls, model_class, *args, event, channel, name, address, context, key, state="queued"):
        if state not in PATHS:
            raise ValueError(f"unknown state {state!r}; a factory can reach: {', '.join(PATHS)}")
        where = {"email": address} if channel == Channel.EMAIL else {"phone": address}
        (message,) = services.notify(event=event, recipients=[services.Recipient(name=name, **where)], context=context,
                                     key=key)
        return walk_to(message, state)
