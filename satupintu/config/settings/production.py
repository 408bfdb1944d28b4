"""Production: everything from the environment; refuses to start when it would be unsafe."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEBUG, SECRET_KEY, env_bool

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY wajib diisi di lingkungan produksi (SECRET_KEY must be set in production).")
if len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY terlalu pendek; minimal 32 karakter (SECRET_KEY is too short).")
if DEBUG:
    raise ImproperlyConfigured("DEBUG tidak boleh aktif di produksi (DEBUG must be off in production).")
if "*" in ALLOWED_HOSTS:  # noqa: F405
    # Village and agency sites answer on their own host names (desa/middleware.py): each must be listed (or a suffix
    # such as ".desa.id"), never every host: a forged Host header would otherwise reach password-reset links.
    raise ImproperlyConfigured("ALLOWED_HOSTS tidak boleh '*' di produksi (list the host names or suffixes).")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(__import__("os").environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)  # the preload list is hard to leave: opt in
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if WHATSAPP_TOKEN and not (WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN):  # noqa: F405
    import warnings

    warnings.warn(
        "WHATSAPP_TOKEN diisi tetapi WHATSAPP_APP_SECRET/WHATSAPP_VERIFY_TOKEN kosong: webhook menolak semua pesan masuk.",
        stacklevel=1,
    )
