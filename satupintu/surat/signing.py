"""How a letter gets its signature, chosen by the setting `SURAT_SIGNER` ("manual" or "bsre").

- manual: the village head approves in the platform; the printed letter is signed in ink and stamped. The PDF is
  stored as rendered.
- bsre: the PDF is sent to the national electronic signature service (BSrE, through the regency's esign gateway)
  with the signer's NIK and passphrase; the signed PDF it returns is what we store. The passphrase is typed by the
  head at signing time and never stored.

Settings (each read from Django settings first, then the environment): SURAT_SIGNER, SURAT_BSRE_URL,
SURAT_BSRE_USERNAME, SURAT_BSRE_PASSWORD, SURAT_BSRE_TIMEOUT (seconds, default 30)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import httpx
from django.conf import settings
from django.utils.translation import gettext as _


class SigningError(Exception):
    """The signature could not be made; the message is for the signer (Indonesian)."""


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, default)
    return str(value)


def signer_method() -> str:
    method = setting("SURAT_SIGNER", "manual").strip().lower() or "manual"
    return method if method in ("manual", "bsre") else "manual"


@dataclass(frozen=True)
class SignRequest:
    pdf: bytes
    filename: str
    signer_nik: str
    passphrase: str


class ManualSigner:
    method = "manual"
    electronic = False

    def sign(self, request: SignRequest) -> bytes:
        return request.pdf


class BsreSigner:
    """BSrE esign-client style API: multipart POST `file`, `nik`, `passphrase`, `tampilan=invisible` with HTTP basic
    auth; the answer is the signed PDF, or JSON `{"error": "..."}` with a 4xx status."""

    method = "bsre"
    electronic = True

    def __init__(self, *, url: str, username: str, password: str, timeout: float = 30.0):
        self.url = url
        self.auth = (username, password)
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> BsreSigner:
        url = setting("SURAT_BSRE_URL")
        if not url:
            raise SigningError(_("Tanda tangan elektronik belum dikonfigurasi (SURAT_BSRE_URL kosong)."))
        return cls(
            url=url,
            username=setting("SURAT_BSRE_USERNAME"),
            password=setting("SURAT_BSRE_PASSWORD"),
            timeout=float(setting("SURAT_BSRE_TIMEOUT", "30") or 30),
        )

    def sign(self, request: SignRequest) -> bytes:
        if not request.signer_nik:
            raise SigningError(_("NIK penanda tangan untuk TTE belum diisi di pengaturan surat desa."))
        if not request.passphrase:
            raise SigningError(_("Passphrase TTE wajib diisi."))
        try:
            response = httpx.post(
                self.url,
                auth=self.auth,
                data={"nik": request.signer_nik, "passphrase": request.passphrase, "tampilan": "invisible"},
                files={"file": (request.filename, request.pdf, "application/pdf")},
                timeout=self.timeout,
            )
        except httpx.HTTPError as exc:
            raise SigningError(
                _("Layanan tanda tangan elektronik tidak dapat dihubungi (%(error)s). Coba lagi nanti.")
                % {"error": type(exc).__name__}
            ) from exc
        if response.status_code != 200:
            detail = ""
            try:
                detail = str(response.json().get("error", ""))[:200]
            except ValueError:
                detail = ""
            raise SigningError(
                _("Layanan tanda tangan elektronik menolak permintaan (kode %(status)s). %(detail)s")
                % {"status": response.status_code, "detail": detail}
            )
        if not response.content.startswith(b"%PDF"):
            raise SigningError(_("Layanan tanda tangan elektronik tidak mengembalikan berkas PDF."))
        return response.content


def get_signer() -> ManualSigner | BsreSigner:
    if signer_method() == "bsre":
        return BsreSigner.from_settings()
    return ManualSigner()
