"""The one way to record a change of state. Call it inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import request_context
from .models import AuditEvent


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return ""
    return f"{actor.get_username()} ({getattr(actor, 'role', '')})"


def audit_record(
    *,
    obj: models.Model,
    action: str,
    actor=None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    channel: str | None = None,
) -> AuditEvent:
    ctx = request_context.current()
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
        data=data or {},
        ip_address=ctx.ip_address,
        channel=channel or ctx.channel,
    )


def audit_trail(obj: models.Model):
    """Events of one object, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
    ).order_by("created_at", "id")
