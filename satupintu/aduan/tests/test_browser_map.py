"""On a phone: file a report placed on the map, follow the village, see the report on the public map, and receive the
area alert in a local SMTP server (aiosmtpd), then unsubscribe in one tap."""

import re
import socket
import time

import pytest

from satupintu.aduan import services
from satupintu.aduan.models import AreaAlert, Complaint


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    received = []

    class Collect(MessageHandler):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Collect(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield received
    finally:
        controller.stop()


def _wait_for(received, predicate, seconds=10):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = [m for m in received if predicate(m)]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"no such mail; got {[m['Subject'] for m in received]}")


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


@pytest.mark.browser
def test_report_on_the_map_and_the_village_alert_by_mail(phone_page, live_server, settings, smtp_inbox, users,
                                                         agencies, categories, village_a):
    settings.SATUPINTU_BASE_URL = live_server.url
    settings.SATUPINTU_MAP_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tile server: the pages must still work
    page = phone_page

    # Follow the village first, by e-mail; the confirmation arrives in the mailbox.
    page.goto(f"{live_server.url}/aduan/ikuti-wilayah/?village={village_a.pk}")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Alamat email atau nomor WhatsApp").fill("tetangga@example.org")
    page.get_by_label("Segera, setiap ada kabar").check()
    page.screenshot(path=str(page.artifacts / "1-ikuti.png"), full_page=True)
    page.get_by_role("button", name="Ikuti").click()
    assert page.get_by_test_id("alert-sent").is_visible()
    confirm_mail = _wait_for(smtp_inbox, lambda m: "Konfirmasi" in m["Subject"])
    assert confirm_mail["To"] == "tetangga@example.org"
    confirm_url = re.search(r"(http://\S+/konfirmasi/)", _body(confirm_mail)).group(1)
    page.goto(confirm_url)
    page.get_by_role("button", name="Ya, konfirmasi").click()
    assert page.get_by_test_id("alert-confirmed").is_visible()

    # File a report, placing it by tapping the map (the tiles fail; the map still takes the tap).
    page.goto(f"{live_server.url}/aduan/lapor/")
    page.get_by_label("Pengaduan").check()
    page.get_by_label("Judul").fill("Tiang listrik miring di Sialtong")
    page.locator("#id_description").fill("Tiang listrik di simpang masjid miring sejak angin kencang kemarin sore.")
    page.get_by_label("Kategori").select_option(str(categories["road"].pk))
    page.get_by_label("Desa/kelurahan lokasi kejadian").select_option(village_a.pk)
    page.get_by_role("button", name="Tandai di peta").click()  # Leaflet is fetched only now (page weight)
    location_map = page.get_by_test_id("location-map")
    location_map.scroll_into_view_if_needed()
    location_map.click(position={"x": 120, "y": 90})
    page.locator("#location-map[data-placed='1']").wait_for(state="attached")  # (the CSP forbids eval)
    assert page.locator("#id_latitude").input_value() and page.locator("#id_longitude").input_value()
    page.get_by_label("Nama Anda").fill("Sari Rahasia")
    page.locator("#id_reporter_phone").fill("0813 2222 3333")
    page.screenshot(path=str(page.artifacts / "2-lapor-peta.png"), full_page=True)
    page.get_by_role("button", name="Kirim laporan").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.latitude is not None and complaint.longitude is not None

    # Verified by the administrator: public, on the map, and the follower is told at once.
    services.complaint_verify(complaint=complaint, by=users["regency_admin"], agency=agencies["pupr"])
    alert_mail = _wait_for(smtp_inbox, lambda m: code in m["Subject"])
    assert alert_mail["To"] == "tetangga@example.org"
    body = _body(alert_mail)
    assert f"/aduan/lacak/{code}/" in body and "Sari Rahasia" not in body

    page.goto(f"{live_server.url}/aduan/peta/")
    page.get_by_role("button", name="Tampilkan peta").click()
    page.locator("#complaint-map[data-loaded='1']").wait_for(state="attached")
    assert page.get_by_test_id("complaint-map").get_attribute("data-points") == "1"
    page.locator("path.map-point").first.click()
    popup = page.locator(".leaflet-popup-content")
    assert "Tiang listrik miring di Sialtong" in popup.inner_text() and code in popup.inner_text()
    status_link = popup.get_by_role("link").get_attribute("href")
    assert "Tiang listrik miring di Sialtong" in page.get_by_test_id("map-latest").inner_text()  # the list, too
    assert "Sari Rahasia" not in page.content()
    page.screenshot(path=str(page.artifacts / "3-peta.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Its status page shows its place.
    page.goto(f"{live_server.url}{status_link}")
    assert page.get_by_test_id("place").is_visible()
    page.get_by_role("button", name="Tampilkan peta").click()
    page.locator("[data-testid='place-map'][data-loaded='1']").wait_for(state="visible")
    page.screenshot(path=str(page.artifacts / "4-status-tempat.png"), full_page=True)

    # One tap in the mail stops the alerts.
    unsubscribe_url = re.search(r"(http://\S+/berhenti/)", body).group(1)
    page.goto(unsubscribe_url)
    assert page.get_by_test_id("alert-unsubscribed").is_visible()
    assert AreaAlert.objects.get().unsubscribed_at is not None
