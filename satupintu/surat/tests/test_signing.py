"""The BSrE adapter against a local fake of the signing gateway (threaded http.server)."""

import threading
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from satupintu.surat import services
from satupintu.surat.models import VillageLetterProfile
from satupintu.surat.signing import BsreSigner, SigningError, SignRequest, get_signer

from .conftest import counter_request

SIGNED_MARK = b"%% signed by fake BSrE"


class FakeBsre(BaseHTTPRequestHandler):
    received: list[dict] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body
        )
        parts = {part.get_param("name", header="content-disposition"): part.get_payload(decode=True)
                 for part in message.iter_parts()}
        self.received.append({"auth": self.headers.get("Authorization"), "parts": parts})
        if parts.get("passphrase") != b"rahasia-tte":
            payload = b'{"error": "Passphrase salah"}'
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
        else:
            payload = parts["file"] + SIGNED_MARK
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def fake_bsre():
    FakeBsre.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBsre)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/sign/pdf"
    server.shutdown()
    server.server_close()


def test_adapter_posts_pdf_with_credentials_and_returns_signed_pdf(fake_bsre):
    signer = BsreSigner(url=fake_bsre, username="desa", password="sandi")
    signed = signer.sign(SignRequest(pdf=b"%PDF-1.7 isi", filename="s.pdf", signer_nik="1218011505900001",
                                     passphrase="rahasia-tte"))
    assert signed == b"%PDF-1.7 isi" + SIGNED_MARK
    request = FakeBsre.received[0]
    assert request["auth"].startswith("Basic ")
    assert request["parts"]["nik"] == b"1218011505900001"
    assert request["parts"]["tampilan"] == b"invisible"


def test_adapter_reports_refusal_in_indonesian(fake_bsre):
    signer = BsreSigner(url=fake_bsre, username="desa", password="sandi")
    with pytest.raises(SigningError) as exc:
        signer.sign(SignRequest(pdf=b"%PDF-1.7", filename="s.pdf", signer_nik="1218011505900001", passphrase="salah"))
    assert "menolak" in str(exc.value) and "Passphrase salah" in str(exc.value)


def test_unreachable_service_is_a_clear_error():
    signer = BsreSigner(url="http://127.0.0.1:9/api/sign/pdf", username="u", password="p", timeout=2)
    with pytest.raises(SigningError) as exc:
        signer.sign(SignRequest(pdf=b"%PDF", filename="s.pdf", signer_nik="1", passphrase="x"))
    assert "tidak dapat dihubungi" in str(exc.value)


def test_setting_selects_the_adapter(settings, monkeypatch):
    monkeypatch.delenv("SURAT_SIGNER", raising=False)
    settings.SURAT_SIGNER = "manual"
    assert get_signer().method == "manual"
    settings.SURAT_SIGNER = ""
    monkeypatch.setenv("SURAT_SIGNER", "bsre")
    monkeypatch.setenv("SURAT_BSRE_URL", "http://127.0.0.1:9/")
    assert get_signer().method == "bsre"


def test_signing_through_bsre_stores_the_signed_pdf(users, letter_types, resident_a, village_a, settings, fake_bsre):
    settings.SURAT_SIGNER = "bsre"
    settings.SURAT_BSRE_URL = fake_bsre
    settings.SURAT_BSRE_USERNAME = "desa"
    settings.SURAT_BSRE_PASSWORD = "sandi"
    VillageLetterProfile.objects.create(village=village_a, bsre_signer_nik="1218011505900009")
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_request_verify(letter=letter, by=users["village_operator"])

    with pytest.raises(ValidationError) as exc:
        services.letter_sign(letter=letter, by=users["village_head"], passphrase="salah")
    assert "Passphrase salah" in exc.value.messages[0]
    letter.refresh_from_db()
    assert letter.number == "" and not letter.pdf

    letter = services.letter_sign(letter=letter, by=users["village_head"], passphrase="rahasia-tte")
    with letter.pdf.open("rb") as fh:
        stored = fh.read()
    assert stored.startswith(b"%PDF") and stored.endswith(SIGNED_MARK)
    assert letter.signature_method == "bsre" and letter.sequence == 1
