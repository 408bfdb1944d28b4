"""Complaints by WhatsApp, e-mail and social media, driven end to end through notifikasi's webhooks (the URLs the
providers call) against a fake WhatsApp Cloud API. They live here, with the app that files the reports: notifikasi's
own tests import nothing above it."""

from satupintu.notifikasi.tests.conftest import fake_whatsapp  # noqa: F401 - the shared fixture
