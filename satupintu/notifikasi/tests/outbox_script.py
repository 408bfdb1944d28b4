"""Steps of the worker-kill test, run in their own processes against a file database (the settings come from the
environment: DJANGO_SETTINGS_MODULE, DATABASE_URL, TASKS_BACKEND, WHATSAPP_*).

    python -m satupintu.notifikasi.tests.outbox_script setup N        # migrate, then queue N messages
    python -m satupintu.notifikasi.tests.outbox_script settle FILE     # periodic job, status webhooks, db_worker --batch
    python -m satupintu.notifikasi.tests.outbox_script resend          # periodic job, db_worker --batch
    python -m satupintu.notifikasi.tests.outbox_script state           # the rows and their audit actions

`settle` and `resend` print the periodic job's figures and, on the last line, the state: JSON
{idempotency_key: {"status", "attempts", "attempt_started_at" (epoch seconds or null), "next_attempt_at", "actions"}}.

(Each Django start costs seconds on a busy machine, so steps that follow each other share a process.)"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from satupintu.notifikasi import conf
    from satupintu.notifikasi.models import WhatsAppContact
    from satupintu.notifikasi.services import Recipient, notify, outbox_maintenance
    from satupintu.notifikasi.signatures import sign

    command = argv[0]
    if command == "setup":
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
        n = int(argv[1])
        phones = [f"628129{i:07d}" for i in range(n)]
        WhatsAppContact.objects.bulk_create(
            [WhatsAppContact(phone=p, last_inbound_at=timezone.now()) for p in phones], ignore_conflicts=True
        )
        with transaction.atomic():  # one state change notifying many people; tasks are enqueued on commit
            for i, phone in enumerate(phones):
                notify(event="notifikasi.test", recipients=[Recipient(name=f"Warga {i}", phone=phone)],
                       context={"site": "Satu Pintu", "name": f"Warga {i}"}, key=f"kill:{i}")
    elif command in ("settle", "resend"):
        from django.core.management import call_command

        # The periodic job, run after the lease of the dead workers has run out: the messages whose provider call
        # had started become "in doubt", the others go back to the queue ...
        print(json.dumps(outbox_maintenance()))
        if command == "settle":  # ... then Meta's status webhooks arrive (echoing biz_opaque_callback_data) ...
            with open(argv[1]) as fh:
                payloads = json.load(fh)
            client = Client()
            for payload in payloads:
                body = json.dumps(payload).encode()
                response = client.post(reverse("notifikasi:whatsapp_webhook"), data=body,
                                       content_type="application/json",
                                       headers={"X-Hub-Signature-256": sign(body, conf.whatsapp_app_secret())})
                assert response.status_code == 200, response.content
        # ... and a fresh worker drains the queue.
        call_command("db_worker", batch=True, startup_delay=False, interval=0.05, reload=False, verbosity=0)
        print(json.dumps(_state()))
    elif command == "state":
        print(json.dumps(_state()))
    else:
        raise SystemExit(f"unknown command {command}")


def _state() -> dict:
    from satupintu.core.models import AuditEvent
    from satupintu.notifikasi.models import OutboxMessage

    actions: dict[str, list[str]] = {}
    for object_id, action in AuditEvent.objects.filter(action__startswith="outbox.").order_by("created_at", "id") \
            .values_list("object_id", "action"):
        actions.setdefault(object_id, []).append(action)
    return {
        m.idempotency_key: {
            "status": m.status, "attempts": m.attempts,
            "attempt_started_at": m.attempt_started_at.timestamp() if m.attempt_started_at else None,
            "next_attempt_at": m.next_attempt_at.timestamp(),
            "actions": actions.get(str(m.pk), []),
        }
        for m in OutboxMessage.objects.all()
    }


if __name__ == "__main__":
    main(sys.argv[1:])
