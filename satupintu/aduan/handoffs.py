"""Where a complaint leaves the complaint service for another one: a request for information goes to the PPID
(UU 14/2008 applies from then on). The receiving app registers its function in its AppConfig.ready(), so the
complaint app never imports the app above it (README, "Layers"); ppid imports aduan, never the other way."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_receivers: dict[str, Callable] = {}


def handoff_register(*, kind: str, receiver: Callable) -> None:
    """`receiver(*, complaint, by)` takes over the complaint and returns what it made (e.g. an InfoRequest)."""
    _receivers[kind] = receiver


def handoff_receiver(kind: str) -> Callable:
    try:
        return _receivers[kind]
    except KeyError:
        raise ImproperlyConfigured(f"no installed app takes complaints handed off as {kind!r}") from None
