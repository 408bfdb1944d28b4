"""The one interface to SP4N-LAPOR! and its HTTP implementation.

The national API is not public, so everything it is assumed to do sits behind `LaporAdapter` (three calls) and the
configuration below; a deployment that learns the real API changes this module only. Errors are the outbox's
delivery errors, so a forward or a status update is retried with the outbox's guarantees (notifikasi):
`TemporaryDeliveryError` (network, 429, 5xx: retried with backoff; 429's Retry-After respected),
`UncertainDeliveryError` (sent, no answer: re-sent later under the same Idempotency-Key, which the national side
de-duplicates on, so the report is created once), `PermanentDeliveryError` (4xx: given up, shown in the outbox).

Settings (Django settings or environment): LAPOR_API_BASE (empty: the connector is off), LAPOR_CLIENT_ID,
LAPOR_CLIENT_SECRET (OAuth2 client credentials at {base}/oauth/token), LAPOR_INSTANCE (our agency id there),
LAPOR_TIMEOUT (seconds, default 10), LAPOR_ADAPTER (dotted path of another implementation, e.g. for tests)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from satupintu.notifikasi.services import (
    PermanentDeliveryError,
    TemporaryDeliveryError,
    UncertainDeliveryError,
)


def _setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return os.environ.get(name, default) if value is None else str(value)


def is_configured() -> bool:
    return bool(_setting("LAPOR_API_BASE"))


@dataclass(frozen=True)
class LaporItem:
    """One report as the national channel lists it: ours (source_ref = our tracking code) or one filed there."""

    lapor_id: str
    status: str
    title: str = ""
    description: str = ""
    answer: str = ""
    category: str = ""
    village_code: str = ""
    source_ref: str = ""
    is_anonymous: bool = False
    is_confidential: bool = False
    extra: dict = field(default_factory=dict)


class LaporAdapter(Protocol):
    def submit(self, *, payload: dict, idempotency_key: str) -> str:
        """Create the report there; returns its id. The same key again returns the same id (no second report)."""

    def update_status(self, *, lapor_id: str, payload: dict, idempotency_key: str) -> None:
        """Tell the national channel of a step taken here (status, public note, answer)."""

    def changes(self, *, since: str) -> tuple[list[LaporItem], str]:
        """Reports changed there after the cursor `since` ("" = from the start): (items, the next cursor)."""


class HttpLaporAdapter:
    """JSON over HTTPS with an OAuth2 client-credentials token, renewed before it expires and once on a 401."""

    _lock = threading.Lock()
    _token: tuple[str, float] | None = None  # (token, expiry) shared by the process's threads

    def __init__(self):
        self.base = _setting("LAPOR_API_BASE").rstrip("/")
        self.client_id = _setting("LAPOR_CLIENT_ID")
        self.client_secret = _setting("LAPOR_CLIENT_SECRET")
        self.instance = _setting("LAPOR_INSTANCE")
        self.timeout = float(_setting("LAPOR_TIMEOUT", "10"))
        if not self.base:
            raise PermanentDeliveryError("SP4N-LAPOR! belum dikonfigurasi (LAPOR_API_BASE kosong).")

    # --- token -------------------------------------------------------------------------------------------------
    @classmethod
    def forget_token(cls) -> None:
        with cls._lock:
            cls._token = None

    def _bearer(self, client: httpx.Client) -> str:
        with self._lock:
            cached = type(self)._token
            if cached and cached[1] > time.monotonic() + 30:
                return cached[0]
        response = self._send(client, "POST", "/oauth/token", data={
            "grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.client_secret,
        }, authorised=False)
        body = response.json()
        token = body["access_token"]
        with self._lock:
            type(self)._token = (token, time.monotonic() + float(body.get("expires_in", 3600)))
        return token

    # --- one call ------------------------------------------------------------------------------------------------
    def _send(self, client: httpx.Client, method: str, path: str, *, authorised: bool = True,
              headers: dict | None = None, retry_auth: bool = True, **kwargs) -> httpx.Response:
        all_headers = dict(headers or {})
        if authorised:
            all_headers["Authorization"] = f"Bearer {self._bearer(client)}"
        try:
            response = client.request(method, self.base + path, headers=all_headers, timeout=self.timeout, **kwargs)
        except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError) as exc:
            if method == "GET":
                raise TemporaryDeliveryError(f"SP4N-LAPOR! tidak menjawab: {type(exc).__name__}") from exc
            raise UncertainDeliveryError(f"SP4N-LAPOR! tidak menjawab setelah permintaan terkirim: "
                                         f"{type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise TemporaryDeliveryError(f"SP4N-LAPOR! tidak dapat dihubungi: {type(exc).__name__}: {exc}") from exc
        if response.status_code == 401 and authorised and retry_auth:
            self.forget_token()  # expired or revoked token: one fresh token, one more try
            return self._send(client, method, path, headers=headers, retry_auth=False, **kwargs)
        if response.status_code == 429 or response.status_code >= 500:
            wait = response.headers.get("Retry-After", "")
            raise TemporaryDeliveryError(f"SP4N-LAPOR! HTTP {response.status_code}"
                                         + (f", Retry-After {wait}" if wait else ""))
        if response.status_code >= 400:
            raise PermanentDeliveryError(f"SP4N-LAPOR! menolak: HTTP {response.status_code} {response.text[:300]}")
        return response

    def submit(self, *, payload: dict, idempotency_key: str) -> str:
        with httpx.Client() as client:
            response = self._send(client, "POST", "/v1/laporan", json={**payload, "instansi": self.instance},
                                  headers={"Idempotency-Key": idempotency_key})
        return str(response.json()["id"])

    def update_status(self, *, lapor_id: str, payload: dict, idempotency_key: str) -> None:
        with httpx.Client() as client:
            self._send(client, "POST", f"/v1/laporan/{lapor_id}/tindak-lanjut", json=payload,
                       headers={"Idempotency-Key": idempotency_key})

    def changes(self, *, since: str) -> tuple[list[LaporItem], str]:
        with httpx.Client() as client:
            response = self._send(client, "GET", "/v1/laporan", params={"instansi": self.instance, "sejak": since})
        body = response.json()
        items = [LaporItem(
            lapor_id=str(d["id"]), status=d.get("status", ""), title=d.get("judul", ""),
            description=d.get("isi", ""), answer=d.get("tindak_lanjut", ""), category=d.get("kategori", ""),
            village_code=d.get("kode_desa", ""), source_ref=d.get("ref_instansi", "") or "",
            is_anonymous=bool(d.get("anonim")), is_confidential=bool(d.get("rahasia")),
        ) for d in body.get("data", [])]
        return items, str(body.get("cursor", since))


def lapor_adapter() -> LaporAdapter:
    return import_string(_setting("LAPOR_ADAPTER", "satupintu.api.lapor.adapter.HttpLaporAdapter"))()
