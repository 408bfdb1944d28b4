"""The shapes of Meta's webhook payloads (WhatsApp Cloud API, Facebook Page and Instagram), enforced before the
services read them.

A correctly signed body can still hold anything JSON allows: `{"entry": "x"}`, `{"entry": [null]}`, a number where
a text is expected, a NUL character (PostgreSQL refuses it), a lone surrogate (not encodable as UTF-8), a latitude
of 1e300. `conform` walks the payload against a declared shape: a value of the wrong type is dropped (a list
element, or a dict key), text is cleaned and cut to its length, and keys the shape does not declare are kept
(cleaned) so stored raw payloads stay complete. The services then see only the types they expect; the view answers
200 and logs what was dropped, because Meta resends a delivery that is not answered 200 for days, and a payload
that is malformed now will be malformed then too."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_DEPTH = 32  # Meta's payloads nest about 8 deep; deeper structures are dropped, not walked


@dataclass(frozen=True)
class Text:
    """A string (NUL removed, lone surrogates replaced), cut to `max_length`."""

    max_length: int = 20_000


@dataclass(frozen=True)
class Ident:
    """An identifier: a string or an integer (not a boolean), given as a string; dropped when longer than
    `max_length` (cutting it could make two different ids equal)."""

    max_length: int = 200


@dataclass(frozen=True)
class Number:
    """A finite number (or a numeric string) within [low, high]."""

    low: float
    high: float


@dataclass(frozen=True)
class Flag:
    """A boolean."""


class _Drop:
    pass


DROP = _Drop()


def clean_text(value: str) -> str:
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _clean_any(value, depth: int):
    """An undeclared value: kept with its type, text cleaned, non-finite numbers and too-deep nesting removed."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {clean_text(str(k)): _clean_any(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_any(v, depth + 1) for v in value]
    return value


def conform(value, shape, problems: list[str], path: str = "$", depth: int = 0):
    """`value` made to fit `shape`, or DROP. `shape` is a dict (declared keys), a one-element list (every element
    of that shape), a Text, Ident, Number or Flag. Each dropped value's path is appended to `problems`."""
    if depth > MAX_DEPTH:
        problems.append(path)
        return DROP
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            problems.append(path)
            return DROP
        result = {}
        for key, item in value.items():
            key = clean_text(str(key))
            if key in shape:
                fitted = conform(item, shape[key], problems, f"{path}.{key}", depth + 1)
                if fitted is not DROP:
                    result[key] = fitted
            else:
                result[key] = _clean_any(item, depth + 1)
        return result
    if isinstance(shape, list):
        if not isinstance(value, list):
            problems.append(path)
            return DROP
        fitted = (conform(item, shape[0], problems, f"{path}[{i}]", depth + 1) for i, item in enumerate(value))
        return [item for item in fitted if item is not DROP]
    if isinstance(shape, Text):
        if not isinstance(value, str):
            problems.append(path)
            return DROP
        return clean_text(value)[: shape.max_length]
    if isinstance(shape, Ident):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or len(value) > shape.max_length:
            problems.append(path)
            return DROP
        return clean_text(value)
    if isinstance(shape, Number):
        number = value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                number = None
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number) or not (
            shape.low <= number <= shape.high
        ):
            problems.append(path)
            return DROP
        return value
    if isinstance(shape, Flag):
        if not isinstance(value, bool):
            problems.append(path)
            return DROP
        return value
    raise TypeError(f"unknown shape {shape!r}")


# A Unix time in seconds or milliseconds, as a number or a string of digits.
TIMESTAMP = Number(0, 10**14)

_WHATSAPP_MESSAGE = {
    "id": Ident(),
    "from": Ident(32),
    "timestamp": TIMESTAMP,
    "type": Text(32),
    "text": {"body": Text(8192)},
    "image": {"id": Ident(), "caption": Text(8192), "mime_type": Text(100), "sha256": Text(200)},
    "button": {"text": Text(1024), "payload": Text(1024)},
    "interactive": {"type": Text(32), "button_reply": {"id": Ident(), "title": Text(1024)},
                    "list_reply": {"id": Ident(), "title": Text(1024), "description": Text(1024)}},
    "location": {"latitude": Number(-90, 90), "longitude": Number(-180, 180), "name": Text(300),
                 "address": Text(300), "url": Text(500)},
    "context": {"from": Ident(32), "id": Ident()},
}

_WHATSAPP_STATUS = {
    "id": Ident(),
    "status": Text(32),
    "timestamp": TIMESTAMP,
    "recipient_id": Ident(32),
    "biz_opaque_callback_data": Text(512),
    "errors": [{"code": Ident(32), "title": Text(1000), "message": Text(1000),
                "error_data": {"details": Text(1000)}}],
    "conversation": {"id": Ident(), "origin": {"type": Text(64)}, "expiration_timestamp": TIMESTAMP},
    "pricing": {"billable": Flag(), "pricing_model": Text(64), "category": Text(64), "type": Text(64)},
}

WHATSAPP = {
    "object": Text(64),
    "entry": [{
        "id": Ident(),
        "changes": [{
            "field": Text(64),
            "value": {
                "messaging_product": Text(32),
                "metadata": {"display_phone_number": Ident(32), "phone_number_id": Ident()},
                "contacts": [{"wa_id": Ident(32), "profile": {"name": Text(200)}}],
                "messages": [_WHATSAPP_MESSAGE],
                "statuses": [_WHATSAPP_STATUS],
            },
        }],
    }],
}

_SOCIAL_AUTHOR = {"id": Ident(), "name": Text(200), "username": Text(200)}

SOCIAL = {
    "object": Text(64),
    "entry": [{
        "id": Ident(),
        "time": TIMESTAMP,
        "changes": [{
            "field": Text(64),
            "value": {
                "verb": Text(32), "item": Text(32), "from": _SOCIAL_AUTHOR, "comment_id": Ident(), "post_id": Ident(),
                "parent_id": Ident(), "id": Ident(), "media_id": Ident(), "message": Text(20_000),
                "text": Text(20_000), "permalink_url": Text(500), "created_time": Ident(64),
                "media": {"id": Ident(), "media_product_type": Text(64)},
            },
        }],
        "messaging": [{
            "sender": {"id": Ident()},
            "recipient": {"id": Ident()},
            "timestamp": TIMESTAMP,
            "message": {"mid": Ident(), "text": Text(20_000), "is_echo": Flag()},
        }],
    }],
}


def whatsapp(payload) -> tuple[dict, list[str]]:
    """A WhatsApp Cloud API payload fitted to WHATSAPP, and the paths of what was dropped."""
    problems: list[str] = []
    fitted = conform(payload, WHATSAPP, problems)
    return ({} if fitted is DROP else fitted), problems


def social(payload) -> tuple[dict, list[str]]:
    """A Page/Instagram payload fitted to SOCIAL, and the paths of what was dropped."""
    problems: list[str] = []
    fitted = conform(payload, SOCIAL, problems)
    return ({} if fitted is DROP else fitted), problems
