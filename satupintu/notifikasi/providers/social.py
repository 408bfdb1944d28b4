"""Replies on Facebook and Instagram threads through the Graph API (plain httpx, like providers/whatsapp.py).

A report taken from a comment or post is answered on that thread with its tracking link. The outbox calls `reply`
through a "system" delivery the complaint service registers; these calls carry no idempotency key the Graph API
would honour, so `reply` first looks on the thread for a reply of ours that already carries `marker` (the tracking
code): a call that timed out after Meta had posted it, then sent again, finds it and posts nothing new. That is
what makes the reply appear once even when the API fails and recovers.

Endpoints (Graph API): a Facebook post or comment gets a comment: POST /{object-id}/comments (message); an
Instagram comment gets a reply: POST /{comment-id}/replies (message); an Instagram media (a mention) a comment:
POST /{media-id}/comments. Reading back: GET the same edge with fields=id,message,text,from."""

from __future__ import annotations

import httpx

from .. import conf
from ..services.outbox import PermanentDeliveryError, TemporaryDeliveryError, UncertainDeliveryError


def _edge(channel: str, kind: str) -> str:
    if channel == "instagram" and kind == "comment":
        return "replies"
    return "comments"


def _client() -> httpx.Client:
    timeout = conf.social_timeout()
    return httpx.Client(
        base_url=conf.social_api_base(),
        params={"access_token": conf.social_page_token()},
        timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)),
    )


def _error(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return f"HTTP {response.status_code}: {error.get('message', '')} (code {error.get('code', '?')})"
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:300]}"


def _raise_for(response: httpx.Response) -> None:
    if response.status_code == 429 or response.status_code >= 500:
        raise TemporaryDeliveryError(_error(response))
    if response.status_code >= 400:
        raise PermanentDeliveryError(_error(response))


def find_reply(client: httpx.Client, *, path: str, marker: str, own_id: str) -> str | None:
    """The id of a reply on `path` that carries `marker` (and is ours, when our account id is known)."""
    response = client.get(path, params={"fields": "id,message,text,from", "limit": 100})
    _raise_for(response)
    for item in response.json().get("data") or []:
        author = str((item.get("from") or {}).get("id", ""))
        if marker in (item.get("message") or item.get("text") or "") and (
            not own_id or author in ("", own_id)
        ):
            return str(item.get("id"))
    return None


def reply(*, channel: str, kind: str, object_id: str, message: str, marker: str) -> str:
    """Post `message` under `object_id` once; returns the id of the reply (found or new)."""
    if not conf.social_configured():
        return f"console:{channel}:{object_id}"
    path = f"/{conf.whatsapp_api_version()}/{object_id}/{_edge(channel, kind)}"
    try:
        with _client() as client:
            found = find_reply(client, path=path, marker=marker, own_id=conf.social_account_id(channel))
            if found:
                return found
            response = client.post(path, data={"message": message})
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        raise TemporaryDeliveryError(f"Graph API tidak terjangkau: {exc}") from exc
    except httpx.TransportError as exc:  # the reply may have been posted; the next attempt looks for it first
        raise TemporaryDeliveryError(
            f"Tidak ada jawaban dari Graph API: {type(exc).__name__}: {exc}"
        ) from exc
    _raise_for(response)
    try:
        return str(response.json()["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UncertainDeliveryError(f"Jawaban Graph API tidak dikenali: {response.text[:300]}") from exc
