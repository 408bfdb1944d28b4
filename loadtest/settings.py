"""Settings of the server under load test: the production settings, over plain HTTP on loopback, with the per-address
limits raised (every simulated citizen comes from 127.0.0.1) and the notifications printed, not sent."""

import os

os.environ.setdefault("SECRET_KEY", "loadtest-only-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from satupintu.config.settings.production import *  # noqa: E402,F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ADUAN_RATE_LIMIT_IP = (1_000_000, 3600)
ADUAN_RATE_LIMIT_PHONE = (1_000_000, 3600)
AXES_ENABLED = False  # the staff users sign in many times from one address
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
