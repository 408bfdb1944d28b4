"""The one list of messages the platform sends (Froide's mail_registry): event name -> subject, body and the
approved WhatsApp template that carries it outside the 24-hour window.

Texts are lazy translations with `%(name)s` placeholders. They are rendered when the message is SENT, inside
`translation.override(<recipient's language>)`, from the context stored on the outbox row — so a message waiting
for a retry is still rendered in the recipient's language and with the data of the moment the event happened."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from satupintu.core.formatting import humanize, humanize_context


class UnknownEvent(LookupError):
    """No template is registered for this event name."""


class TemplateContextError(ValueError):
    """The context lacks a placeholder the template needs."""


@dataclass(frozen=True)
class MessageTemplate:
    event: str
    subject: Any
    body: Any
    whatsapp_template: str = ""
    whatsapp_params: tuple[str, ...] = field(default_factory=tuple)

    def render(self, *, context: dict, language: str = "id") -> tuple[str, str]:
        """(subject, body) in `language`. Raises TemplateContextError naming the missing placeholder."""
        with translation.override(language or "id"):
            try:
                values = humanize_context(context)  # dates as people read them, in this language
                return str(self.subject) % values, str(self.body) % values
            except KeyError as exc:
                raise TemplateContextError(
                    f"Template {self.event!r} needs context key {exc.args[0]!r}; got {sorted(context)}"
                ) from exc

    def whatsapp_parameters(self, *, context: dict, language: str = "id") -> list[str]:
        """Body parameters of the approved WhatsApp template, in order ({{1}}, {{2}}, ...)."""
        missing = [name for name in self.whatsapp_params if name not in context]
        if missing:
            raise TemplateContextError(f"WhatsApp template of {self.event!r} needs context keys {missing}")
        with translation.override(language or "id"):
            return [str(humanize(context[name])) for name in self.whatsapp_params]


_templates: dict[str, MessageTemplate] = {}


def register_template(
    *,
    event: str,
    subject,
    body,
    whatsapp_template: str = "",
    whatsapp_params: tuple[str, ...] = (),
) -> MessageTemplate:
    """Register the texts of one event. Registering the same event again replaces it (module reloads in tests)."""
    if not event or not isinstance(event, str):
        raise ValueError("event must be a non-empty string such as 'aduan.verified'")
    template = MessageTemplate(
        event=event,
        subject=subject,
        body=body,
        whatsapp_template=whatsapp_template,
        whatsapp_params=tuple(whatsapp_params),
    )
    _templates[event] = template
    return template


def get_template(event: str) -> MessageTemplate:
    try:
        return _templates[event]
    except KeyError:
        known = ", ".join(sorted(_templates)) or "(none)"
        raise UnknownEvent(
            f"No message template registered for event {event!r}. Call "
            f"satupintu.notifikasi.registry.register_template(event={event!r}, ...) in your AppConfig.ready(). "
            f"Known events: {known}"
        ) from None
