"""Who handles what citizens send in. notifikasi receives the webhooks (signature, size, shape, delivery statuses)
but does not know what an inbound message means: the app that does registers a handler in its
`AppConfig.ready()` — the complaint app turns WhatsApp messages, mail to the complaints address and social-media
posts into reports (aduan/channels/). notifikasi never imports the app above it (README, "Layers").

One handler per channel:

    "whatsapp": handler(*, message: dict, profile_name: str) -> str      one message of a webhook; "duplicate" for
                                                                          a replay, else the step taken
    "email":    handler(*, raw: bytes) -> tuple[record, bool]             (the stored mail, created?); raises
                                                                          InboundEmailError for an unreadable body;
                                                                          the record has `complaint_tracking_code`
    "social":   handler(*, payload: dict) -> dict[str, int]               one Graph API webhook body, counts
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

CHANNELS = ("whatsapp", "email", "social")

# The whole raw message the e-mail webhook accepts (below DATA_UPLOAD_MAX_MEMORY_SIZE); the view refuses a larger
# body before reading it.
INBOUND_EMAIL_MAX_BYTES = 25 * 1024 * 1024

_handlers: dict[str, Callable] = {}


class InboundEmailError(ValueError):
    """The request body is not a mail we can read."""


class NoInboundHandler(LookupError):
    """No installed app handles this channel's messages."""


def inbound_handler_register(*, channel: str, handler: Callable) -> None:
    """Called from an AppConfig.ready(); registering the same handler again (tests, autoreload) changes nothing."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown inbound channel {channel!r}; one of {', '.join(CHANNELS)}")
    current = _handlers.get(channel)
    if current is not None and current is not handler:
        raise ValueError(f"inbound channel {channel!r} is already handled by {current.__module__}.{current.__name__}")
    _handlers[channel] = handler


def inbound_handler(channel: str) -> Callable:
    try:
        return _handlers[channel]
    except KeyError:
        raise NoInboundHandler(channel) from None
