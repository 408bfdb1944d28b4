"""Tasks are thin: load by id, call a service."""

from django_tasks import task

from .services import outbox_maintenance, outbox_send


@task()
def send_outbox_message(message_id: int) -> str:
    return outbox_send(message_id=message_id)


@task()
def outbox_maintenance_task() -> dict:
    return outbox_maintenance()
