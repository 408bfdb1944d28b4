"""Issue 12, finding 7: every webhook fuzzed with correctly signed (or correctly authenticated) bodies built from the
real payload shapes and mutated — wrong types, nulls, missing keys, huge strings, NUL, lone surrogates, unicode.
Property: never a 500, never an exception (the test client re-raises any). Deterministic for CI: derandomized, no
example database, a modest number of examples."""

import copy
import json
import time
from email.message import EmailMessage

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satupintu.core.tests import uploads
from satupintu.notifikasi.signatures import sign

pytestmark = pytest.mark.django_db

SECRET = "test-app-secret"
FUZZ = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

ODD_STRINGS = st.sampled_from([
    "", " ", "\x00", "a\x00b", "\ud800", "\udfff lone", "x" * 100_000, "\u202eRTL\u202c", "😀" * 500, "１２３",
    "²", "1e999", "-1", "NaN", "Infinity", "6281377778888", "+62 813-7777-8888", "ADU-ABCD-1234", "KIRIM", "STOP",
    "BATAL", "<script>alert(1)</script>", "Desa Sialtong", "2026-13-45T99:00:00+0000", "9" * 40,
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), ODD_STRINGS,
)
JSON_VALUES = st.recursive(
    SCALARS, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3),
    max_leaves=8,
)


def mutate(draw, value, depth=0):
    """Walk a real payload; at each node keep it, replace it with any JSON value, or (in a dict) drop or add keys."""
    action = draw(st.sampled_from(["keep", "keep", "keep", "replace"] if depth else ["keep"]))
    if action == "replace":
        return draw(JSON_VALUES)
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            if draw(st.integers(0, 9)) == 0:
                continue  # a missing key
            result[key] = mutate(draw, item, depth + 1)
        if draw(st.integers(0, 5)) == 0:
            result[draw(st.text(max_size=10))] = draw(JSON_VALUES)
        return result
    if isinstance(value, list):
        items = [mutate(draw, item, depth + 1) for item in value]
        if draw(st.integers(0, 5)) == 0:
            items.append(draw(JSON_VALUES))
        return items
    return value


def _wa(message=None, status=None) -> dict:
    value = {"messaging_product": "whatsapp",
             "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "1234567890"},
             "contacts": [{"profile": {"name": "Siti Aminah"}, "wa_id": "6281377778888"}]}
    if message:
        value["messages"] = [{"from": "6281377778888", "id": "wamid.FUZZ", "timestamp": str(int(time.time())),
                              **message}]
    if status:
        value["statuses"] = [status]
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA-1", "changes": [{"field": "messages", "value": value}]}]}


WHATSAPP_SAMPLES = [
    _wa({"type": "text", "text": {"body": "Jalan di depan SD Negeri 1 berlubang besar sejak bulan lalu"}}),
    _wa({"type": "text", "text": {"body": "desa sialtong"}}),
    _wa({"type": "text", "text": {"body": "KIRIM"}}),
    _wa({"type": "image", "image": {"id": "MEDIA-FUZZ", "mime_type": "image/jpeg", "caption": "lubang"}}),
    _wa({"type": "location", "location": {"latitude": 3.2512, "longitude": 98.9876, "name": "SD", "address": "Jl."}}),
    _wa({"type": "button", "button": {"text": "STOP", "payload": "stop"}}),
    _wa(status={"id": "wamid.OUT1", "status": "delivered", "timestamp": "1732350000", "recipient_id": "6281377778888",
                "biz_opaque_callback_data": "key-1",
                "conversation": {"id": "c1", "origin": {"type": "service"}},
                "pricing": {"billable": True, "pricing_model": "CBP", "category": "service"}}),
    _wa(status={"id": "wamid.OUT2", "status": "failed", "timestamp": "1732350000", "recipient_id": "6281377778888",
                "errors": [{"code": 131047, "title": "Re-engagement message", "message": "More than 24 hours"}]}),
]

SOCIAL_SAMPLES = [
    {"object": "page", "entry": [{"id": "PAGE-1", "time": 1732350000, "changes": [{"field": "feed", "value": {
        "from": {"id": "USER-9", "name": "Rudi Hartono"}, "item": "comment", "verb": "add", "post_id": "PAGE-1_55",
        "comment_id": "55_901", "created_time": 1732350000, "permalink_url": "https://facebook.com/x",
        "message": "Pak, jembatan gantung di Dusun III Bantan sudah miring."}}]}]},
    {"object": "instagram", "entry": [{"id": "IG-1", "time": 1732350000, "changes": [{"field": "comments", "value": {
        "from": {"id": "IGU-3", "username": "warga.kotarih"}, "id": "1790001", "media": {"id": "1780000"},
        "text": "Air PDAM mati tiga hari di Kotarih Baru"}}]}]},
    {"object": "instagram", "entry": [{"id": "IG-1", "time": 1732350000, "messaging": [{
        "sender": {"id": "IGU-4"}, "recipient": {"id": "IG-1"}, "timestamp": 1732350000123,
        "message": {"mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZA", "text": "Mau lapor pungli di kantor desa"}}]}]},
]


@st.composite
def mutated(draw, samples):
    return mutate(draw, copy.deepcopy(draw(st.sampled_from(samples))))


@pytest.fixture
def signed_post(client, settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "test-verify-token"

    def _post(url: str, payload) -> int:
        body = json.dumps(payload).encode()
        response = client.post(url, data=body, content_type="application/json",
                               headers={"X-Hub-Signature-256": sign(body, SECRET)})
        return response.status_code

    return _post


@FUZZ
@given(payload=mutated(WHATSAPP_SAMPLES))
def test_whatsapp_webhook_never_500(signed_post, fake_whatsapp, regency, payload):
    fake_whatsapp.add_media("MEDIA-FUZZ", uploads.png((40, 30)), "image/png")
    assert signed_post(reverse("notifikasi:whatsapp_webhook"), payload) < 500


@FUZZ
@given(payload=mutated(SOCIAL_SAMPLES))
def test_social_webhook_never_500(signed_post, regency, payload):
    assert signed_post(reverse("notifikasi:social_webhook"), payload) < 500


HEADER_NAMES = st.sampled_from(["From", "Subject", "Message-ID", "Content-Type", "Content-Transfer-Encoding",
                                "Auto-Submitted", "Precedence", "List-Id", "Date", "To", "X-Lain"])
ATTACHMENTS = st.sampled_from([
    ("image", "png", lambda: uploads.png()),
    ("image", "png", uploads.bomb_png),
    ("application", "pdf", lambda: uploads.PDF_OPEN_ACTION_JS),
    ("application", "pdf", lambda: uploads.PDF_PLAIN),
    ("image", "jpeg", lambda: b"not a jpeg at all"),
])


@st.composite
def raw_mails(draw):
    kind = draw(st.sampled_from(["structured", "structured", "headers", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000))
    text = st.one_of(ODD_STRINGS, st.text(max_size=200))
    if kind == "headers":
        headers = draw(st.lists(st.tuples(HEADER_NAMES, text), max_size=8))
        head = "\r\n".join(f"{name}: {value}" for name, value in headers)
        return f"{head}\r\n\r\n{draw(text)}".encode("utf-8", "replace")
    msg = EmailMessage()
    msg["From"] = draw(st.sampled_from(["Budi Santoso <budi@example.id>", "budi@example.id", "mailer-daemon@x.id",
                                        "tanpa alamat", ""]))
    msg["To"] = "aduan@satupintu.local"
    subject = " ".join(draw(text).splitlines()).replace("\ud800", "").replace("\udfff", "")
    msg["Subject"] = subject.replace("\x00", "")
    msg["Message-ID"] = f"<fuzz-{draw(st.integers(0, 10**6))}@mail.example.id>"
    body = draw(text).replace("\ud800", "?").replace("\udfff", "?")
    msg.set_content(body or "Laporan kosong?", subtype=draw(st.sampled_from(["plain", "html"])))
    for maintype, subtype, data in draw(st.lists(ATTACHMENTS, max_size=2)):
        msg.add_attachment(data(), maintype=maintype, subtype=subtype, filename=f"lampiran.{subtype}")
    if msg.is_multipart():
        msg.set_boundary("==batas-fuzz==")  # the email package would draw one from `random`
    return bytes(msg)


@FUZZ
@given(raw=raw_mails())
def test_inbound_email_webhook_never_500(client, settings, regency, raw):
    settings.INBOUND_EMAIL_TOKEN = "rahasia-masuk"
    response = client.post(reverse("notifikasi:inbound_email"), data=raw, content_type="message/rfc822",
                           headers={"X-Inbound-Token": "rahasia-masuk"})
    assert response.status_code < 500
