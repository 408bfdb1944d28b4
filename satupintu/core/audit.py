"""The one way to record a change of state. Call it inside the transaction of the change."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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


def actor_display(event: AuditEvent | None = None, *, label: str = "", user=None) -> str:
    """Who acted, for people to read: "Rina Wati (Operator desa)" instead of the recorded "operator_desa
    (village_operator)". The role is the one recorded at the time; the name is the account's full name when the
    account still exists (load `actor` with select_related), else the recorded user name. "" when nobody signed in
    (a resident through self-service, the system)."""
    if event is not None:
        label, user = event.actor_label, event.actor if event.actor_id else None
    username, _sep, rest = (label or "").partition(" (")
    role = rest[:-1] if rest.endswith(")") else getattr(user, "role", "")
    name = ((user.get_full_name() or user.get_username()) if user is not None else username).strip()
    if not name:
        return ""
    # The role labels from the user model's field (akun's Role choices), so core does not import the app above it.
    label = dict(get_user_model()._meta.get_field("role").flatchoices).get(role)
    return f"{name} ({label})" if label else name
