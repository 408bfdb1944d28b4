import pytest

from .fake_whatsapp import FakeWhatsApp


@pytest.fixture
def fake_whatsapp(settings):
    """A running fake Cloud API, with the settings pointing at it and backoff made tiny."""
    fake = FakeWhatsApp().start()
    settings.WHATSAPP_API_BASE = fake.base_url
    settings.WHATSAPP_TOKEN = fake.state.token
    settings.WHATSAPP_PHONE_NUMBER_ID = fake.state.phone_number_id
    settings.WHATSAPP_APP_SECRET = "test-app-secret"
    settings.WHATSAPP_VERIFY_TOKEN = "test-verify-token"
    settings.WHATSAPP_TIMEOUT = 5
    settings.OUTBOX_BACKOFF_BASE = 0.001
    settings.OUTBOX_BACKOFF_MAX = 0.002
    yield fake
    fake.stop()
