"""Settings shared by every environment. All deployment-specific values come from the environment here, in one place.

Production differs from development only by environment values (see production.py for the checks)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("SATUPINTU_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Satu Pintu: foundation first, then the services that stand on it.
    "satupintu.core",
    "satupintu.wilayah",
    "satupintu.organisasi",
    "satupintu.akun",
    "satupintu.kalender",
    "satupintu.notifikasi",
    "satupintu.penduduk",
    "satupintu.aduan",
    "satupintu.bansos",
    "satupintu.ppid",
    "satupintu.surat",
    "satupintu.desa",
    "satupintu.adminduk",
    "satupintu.spmb",
    "satupintu.keuangan",
    "satupintu.antrean",
    "satupintu.portal",
    "satupintu.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A view failing because the database is unavailable answers 503 "coba lagi" (satupintu/core/outage.py; failures
    # inside middleware reach the same page through handler500).
    "satupintu.core.outage.DatabaseOutageMiddleware",
    # Content-Security-Policy on every response (satupintu/core/csp.py): scripts and styles only from /static/.
    "satupintu.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for pages of visitors without a session only (BREACH: see satupintu/core/compression.py).
    "satupintu.core.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A village's or an agency's own host name (VillageSite/AgencySite.hostname) serves its site; every such host
    # must be covered by ALLOWED_HOSTS (a name, or a suffix like ".desa.id"), desa/hosts.py.
    "satupintu.desa.middleware.SiteHostMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user who owes a second factor (TWO_FACTOR_REQUIRED, or a device of their own) sees nothing else.
    "satupintu.akun.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "satupintu.core.middleware.RequestContextMiddleware",
    # Public GET pages of anonymous visitors who wrote nothing lately read from the replica, when one is configured.
    "satupintu.core.replica.ReplicaReadMiddleware",
    # Last: turns a sign-in lock-out (django-axes) into the sign-in page saying until when.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "satupintu.config.urls"
WSGI_APPLICATION = "satupintu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "satupintu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "satupintu.portal.context_processors.platform",
            ],
        },
    },
]

# One DATABASE_URL; the embedded default is a SQLite file under var/.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'satupintu.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the task worker writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

# A PostgreSQL streaming replica for public reads that may lag a second or two (satupintu/core/replica.py). Unset: one
# database for everything. Tests mirror it onto "default"; tests/replica/ checks it against a real standby.
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["satupintu.core.replica.ReplicaRouter"]
# A browser that wrote reads from the primary for this long (read-your-writes without asking the replica's lag).
REPLICA_STICKY_SECONDS = int(env("REPLICA_STICKY_SECONDS", "15"))
# Only these apps' models are read from the replica, and only by these public views ("app:*" = the whole namespace).
REPLICA_APPS = ["wilayah", "organisasi", "kalender", "penduduk", "aduan", "ppid", "desa", "portal", "spmb", "keuangan"]
REPLICA_READ_VIEWS = [
    "aduan:list", "aduan:map", "aduan:map_data", "aduan:map_heat", "aduan:stats", "aduan:status", "aduan:thanks",
    "ppid:index", "ppid:dip_list", "ppid:dip_detail", "ppid:archive_list", "ppid:archive_detail", "ppid:archive_similar",
    "ppid:archive_figures",
    "desa:home", "desa:profile", "desa:article", "desa:articles", "desa:gallery", "desa:downloads",
    "desa:village_products", "desa:product", "desa:budget_latest", "desa:budget", "desa:population", "desa:portal",
    "desa:catalogue",
    "portal:home", "portal:articles", "portal:article", "portal:gallery", "portal:agencies", "portal:agency_home",
    "portal:agency_profile", "portal:agency_gallery", "portal:agency_service", "portal:agency_article",
    "portal:agency_articles", "portal:emall", "portal:emall_product",
    "spmb:ranking_index", "spmb:ranking", "spmb:prestasi_table",
    "keuangan:realisation",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "akun.User"
LOGIN_URL = "akun:login"
LOGIN_REDIRECT_URL = "core:staff"
LOGOUT_REDIRECT_URL = "core:home"
# Sign-in throttle (django-axes, counted in the database: one count for every process). Failures of one account
# (from anywhere) and of one client address (any account) are counted separately; either limit locks for
# SIGNIN_LOCKOUT_MINUTES. The count lapses after that long without a failure. See satupintu/akun/throttle.py.
AUTHENTICATION_BACKENDS = [
    "satupintu.akun.throttle.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGNIN_FAILURES_PER_ACCOUNT = int(env("SIGNIN_FAILURES_PER_ACCOUNT", "5"))
SIGNIN_FAILURES_PER_ADDRESS = int(env("SIGNIN_FAILURES_PER_ADDRESS", "20"))
SIGNIN_LOCKOUT_MINUTES = int(env("SIGNIN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "satupintu.akun.throttle.SignInThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = SIGNIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=SIGNIN_LOCKOUT_MINUTES)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends when it said it would
AXES_RESET_ON_SUCCESS = True  # the account's own count only (throttle.py): a sign-in does not clear an address
AXES_CLIENT_IP_CALLABLE = "satupintu.akun.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "satupintu.akun.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit trail (AuditEvent) already
AXES_VERBOSE = False
# Password reset: e-mails per address and requests per client address within the window (no account enumeration:
# the same answer either way).
PASSWORD_RESET_PER_EMAIL = int(env("PASSWORD_RESET_PER_EMAIL", "3"))
PASSWORD_RESET_PER_ADDRESS = int(env("PASSWORD_RESET_PER_ADDRESS", "10"))
PASSWORD_RESET_WINDOW_MINUTES = int(env("PASSWORD_RESET_WINDOW_MINUTES", "60"))
# Two-factor sign-in (TOTP app, with one-time backup codes). Off by default so the demo accounts sign in with the
# README password; production sets TWO_FACTOR_REQUIRED=1. Roles listed (default: every staff role: each one opens
# complaint reporters' identities, and the village roles the NIK register) and Django-admin users must then enrol
# before any page. A user who enrolled of their own accord is always asked for a code.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
TWO_FACTOR_REQUIRED_ROLES = env_list(
    "TWO_FACTOR_REQUIRED_ROLES",
    "village_operator,village_head,opd_admin,opd_head,ppid_officer,regency_admin,regent",
)
OTP_TOTP_ISSUER = env("SATUPINTU_SITE_NAME", "Satu Pintu")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# Dates for people: "15 Desember 2026 pukul 09.30 WIB" / "15 December 2026, 09:30 WIB" (satupintu/formats).
FORMAT_MODULE_PATH = ["satupintu.formats"]
LOCALE_PATHS = [BASE_DIR / "satupintu" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "satupintu" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Private files (complaint, PPID and letter attachments, signed letters): never under MEDIA_ROOT, never served.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
# The app serves MEDIA_ROOT itself (core/media.py) unless the reverse proxy does: SERVE_MEDIA=0 behind nginx.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Behind nginx: private files go out by X-Accel-Redirect to this internal location (deploy/nginx.conf) after the app
# checked who may read them; empty: the app streams them itself.
PRIVATE_FILES_ACCEL_PREFIX = env("PRIVATE_FILES_ACCEL_PREFIX", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

REDIS_URL = env("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "satupintu"}
    )
}
# Rate limits (core/ratelimit.py) count in one place for every process: "cache" (Redis, with REDIS_URL) or
# "database" (a table); never per-process memory. Behind N reverse proxies that append to X-Forwarded-For, set
# TRUSTED_PROXY_COUNT=N so each client has its own address (0: REMOTE_ADDR, the proxy's, is used).
RATELIMIT_BACKEND = env("RATELIMIT_BACKEND", "cache" if REDIS_URL else "database")
RATELIMIT_CACHE = env("RATELIMIT_CACHE", "default")
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Tasks: Django's tasks API through the django-tasks backport; rows in the database by default.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# At scale the same tasks may run on Redis (RQ) instead: TASKS_BACKEND=django_tasks_rq.RQBackend with REDIS_URL, and
# workers `manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default` instead of db_worker. The
# outbox stays the record of what is to be sent: a task lost with Redis is queued again by the periodic job
# (notifikasi outbox_maintenance).
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    INSTALLED_APPS.append("django_rq")
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": env("RQ_URL", REDIS_URL or "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 300}}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Satu Pintu <noreply@satupintu.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "satupintu.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # django-axes logs every sign-in at INFO; its failures and lock-outs (WARNING) are kept.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Satu Pintu ---------------------------------------------------------------------------------------------
# The one regency this deployment serves (Kemendagri code). Default: Kabupaten Serdang Bedagai.
SATUPINTU_REGENCY_CODE = env("SATUPINTU_REGENCY_CODE", "12.18")
SATUPINTU_SITE_NAME = env("SATUPINTU_SITE_NAME", "Satu Pintu")
# The regency's face (core/branding.py): its name (default: Kemendagri's name of SATUPINTU_REGENCY_CODE) and colours
# as #rrggbb; white text sits on BRAND and BRAND_DARK (a system check warns below 4.5:1). The logo is uploaded in the admin.
SATUPINTU_REGENCY_NAME = env("SATUPINTU_REGENCY_NAME", "")
SATUPINTU_BRAND_COLOR = env("SATUPINTU_BRAND_COLOR", "#0b5394")
SATUPINTU_BRAND_COLOR_DARK = env("SATUPINTU_BRAND_COLOR_DARK", "#073763")
SATUPINTU_ACCENT_COLOR = env("SATUPINTU_ACCENT_COLOR", "#f1c232")
# Hosts images may come from besides the site itself (Content-Security-Policy img-src), e.g. a map tile server
# "https://tile.openstreetmap.org". Comma-separated origins.
SATUPINTU_IMG_HOSTS = env_list("SATUPINTU_IMG_HOSTS")
# The small map of a village office (desa profile, desa/maps.py): tiles from this server ({z}/{x}/{y}; its origin is
# allowed in img-src). Empty: no map, only the link to OpenStreetMap.
SATUPINTU_MAP_TILES = env("SATUPINTU_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_MAP_TILE_ORIGIN = "/".join(SATUPINTU_MAP_TILES.split("/")[:3]) if SATUPINTU_MAP_TILES.startswith("https://") else ""
# Where the complaints map opens when no located report exists yet: "lat,lon" (default: Serdang Bedagai).
ADUAN_MAP_CENTRE = tuple(float(v) for v in env("ADUAN_MAP_CENTRE", "3.37,99.05").split(","))
SATUPINTU_BASE_URL = env("SATUPINTU_BASE_URL", "http://127.0.0.1:8000")
# Host names of the platform itself (besides SATUPINTU_BASE_URL's); any other allowed host may be a village's own.
SATUPINTU_PLATFORM_HOSTS = env_list("SATUPINTU_PLATFORM_HOSTS")

# --- Channels (notifikasi): with no WhatsApp token, WhatsApp messages go to the log -----------------------------
WHATSAPP_TOKEN = env("WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET = env("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = env("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_API_BASE = env("WHATSAPP_API_BASE", "https://graph.facebook.com")
WHATSAPP_API_VERSION = env("WHATSAPP_API_VERSION", "v21.0")
WHATSAPP_TIMEOUT = float(env("WHATSAPP_TIMEOUT", "15"))
SOCIAL_APP_SECRET = env("SOCIAL_APP_SECRET", "")  # empty: the WhatsApp app secret (one Meta app)
SOCIAL_VERIFY_TOKEN = env("SOCIAL_VERIFY_TOKEN", "")
INBOUND_EMAIL_TOKEN = env("INBOUND_EMAIL_TOKEN", "")
COMPLAINTS_EMAIL = env("COMPLAINTS_EMAIL", "aduan@satupintu.local")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
OUTBOX_MAX_ATTEMPTS = int(env("OUTBOX_MAX_ATTEMPTS", "6"))
OUTBOX_BACKOFF_BASE = float(env("OUTBOX_BACKOFF_BASE", "30"))
OUTBOX_BACKOFF_MAX = float(env("OUTBOX_BACKOFF_MAX", "3600"))
OUTBOX_LEASE_SECONDS = float(env("OUTBOX_LEASE_SECONDS", "300"))
OUTBOX_RECONCILE_SECONDS = float(env("OUTBOX_RECONCILE_SECONDS", "120"))

# --- Letters (surat): signing adapter -----------------------------------------------------------------------
SURAT_SIGNER = env("SURAT_SIGNER", "manual")  # "manual" or "bsre"
SURAT_BSRE_URL = env("SURAT_BSRE_URL", "")
SURAT_BSRE_USERNAME = env("SURAT_BSRE_USERNAME", "")
SURAT_BSRE_PASSWORD = env("SURAT_BSRE_PASSWORD", "")

# --- Civil registration (adminduk): certificate numbers and documents (adminduk/numbering.py, documents.py) -------
# The pattern of certificate numbers: {regency} (1218), {code} (below), {date:...} (the registration day), {serial:..}.
ADMINDUK_NUMBER_FORMAT = env("ADMINDUK_NUMBER_FORMAT", "{regency}-{code}-{date:%d%m%Y}-{serial:04d}")
# LU: birth within ADMINDUK_BIRTH_REPORT_DAYS, LT: later (UU 24/2013); KM: death.
ADMINDUK_NUMBER_CODES = {"birth": env("ADMINDUK_CODE_BIRTH", "LU"), "birth_late": env("ADMINDUK_CODE_BIRTH_LATE", "LT"),
                         "death": env("ADMINDUK_CODE_DEATH", "KM"), "death_late": env("ADMINDUK_CODE_DEATH_LATE", "KM")}
ADMINDUK_BIRTH_REPORT_DAYS = int(env("ADMINDUK_BIRTH_REPORT_DAYS", "60"))
ADMINDUK_DEATH_REPORT_DAYS = int(env("ADMINDUK_DEATH_REPORT_DAYS", "30"))
ADMINDUK_PLACE = env("ADMINDUK_PLACE", "")  # the place printed before the date of signing (default: the regency)
ADMINDUK_OFFICE_ADDRESS = env("ADMINDUK_OFFICE_ADDRESS", "")
ADMINDUK_SIGNER_NIK = env("ADMINDUK_SIGNER_NIK", "")  # the registrar's NIK for BSrE signing

# Content-Security-Policy (django-csp 4; satupintu/core/csp.py relaxes styles for the admin only). No inline script,
# no inline style (the regency's colours carry the request's nonce), images from here, data: and SATUPINTU_IMG_HOSTS.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *SATUPINTU_IMG_HOSTS, *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
