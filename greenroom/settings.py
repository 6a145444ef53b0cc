"""Greenroom's settings, read from the environment (see README "Configuration")."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    # A fixed key is only acceptable for local development and tests; production sets SECRET_KEY.
    "dev-only-insecure-key-set-SECRET_KEY-in-production-0123456789abcdef"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "core",
    "activations",
    "helplines",
    "calendars",
    "django_tasks",
    "django_tasks_db",
    "notifications",
    "signups",
    "stock",
    "printables",
    "rota",
    "kiosk",
    "impact",
    "welfare",
    "api",
    "greenroom",
]

MIDDLEWARE = [
    "core.request_log.RequestLogMiddleware",  # first: times and logs every answer
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "greenroom.compression.PublicGZipMiddleware",  # public pages only: see greenroom/compression.py (BREACH)
    "csp.middleware.CSPMiddleware",
    "api.guard.ApiGuardMiddleware",  # 413 before anything reads an oversized body; JSON errors under /api/
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language.AttendeeLanguageMiddleware",  # ?lang=, Accept-Language, English; views add what they know
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "greenroom.urls"
WSGI_APPLICATION = "greenroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.language.page_context",  # LANG, LANG_DIR and the language switcher
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default. It is tuned for a server with several workers: WAL lets readers
# run beside the writer, IMMEDIATE transactions take the write lock when a transaction starts (so
# a read-then-write cannot deadlock), and a busy timeout makes writers wait instead of failing
# with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'greenroom.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=30000;"),
    }
    # Tests use a file, not memory, so that concurrency tests can open several connections.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-greenroom.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Redis is an optimisation: when it is unreachable, pages are served without it and rate limits count
# per process (core/resilient_cache.py), and /healthz says "degraded".
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.resilient_cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Serialized calendar events (activations/ical.py), kept against their version; a locmem cache
# needs room for every event of the feeds (the default keeps 300 entries).
CACHES["calendar"] = {**CACHES["default"], "KEY_PREFIX": "ical"}
if CACHES["calendar"]["BACKEND"].endswith("LocMemCache"):
    CACHES["calendar"].update(LOCATION="greenroom-calendar", OPTIONS={"MAX_ENTRIES": 50000})

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "admin:login"
# An unsafe or missing ?next= on the admin log-in lands on the admin, not on Django's /accounts/profile/ (404).
LOGIN_REDIRECT_URL = "admin:index"

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("pt", "Português"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("sv", "Svenska"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("ar", "العربية"),  # right-to-left: base.html sets dir="rtl"
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"  # stored times are UTC; pages show each venue's own zone

# --- Static files (whitenoise serves them in every mode) -----------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # DEBUG=0: `collectstatic` writes hashed names, .gz and .br copies and staticfiles.json, and
        # whitenoise caches hashed names forever; names not collected yet fall back to plain ones.
        # DEBUG=1 (`make run`): plain names straight from the apps' folders.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "greenroom.staticstorage.StaticStorage"
    },
}
WHITENOISE_USE_FINDERS = True  # tests and a fresh checkout work before collectstatic
WHITENOISE_MANIFEST_STRICT = False

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Greenroom <noreply@greenroom.invalid>")

# The outbox (notifications/): every email and SMS is a row written with the change that caused
# it, delivered by `manage.py worker` through django-tasks' database queue.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"}
    if os.environ.get("GREENROOM_TASKS", "database") == "database"
    # `immediate` (the test suite) runs each delivery right after the commit, in the same process.
    else {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}
NOTIFICATIONS_RETRY_BASE = float(os.environ.get("NOTIFICATIONS_RETRY_BASE", "30"))  # seconds, doubling
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "8"))
NOTIFICATIONS_CLAIM_LEASE = float(os.environ.get("NOTIFICATIONS_CLAIM_LEASE", "120"))  # seconds
NOTIFICATIONS_QUIET_HOURS = (21, 8)  # non-urgent SMS wait from 21:00 to 08:00 at the venue
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console")  # or "twilio" (any provider of that shape)
SMS_URL = os.environ.get("SMS_URL", "https://api.twilio.com")
SMS_ACCOUNT_SID = os.environ.get("SMS_ACCOUNT_SID", "")
SMS_AUTH_TOKEN = os.environ.get("SMS_AUTH_TOKEN", "")
SMS_FROM = os.environ.get("SMS_FROM", "")

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # security.W021: HSTS preload is a one-way commitment for the whole domain; deployments that
    # want it submit their domain themselves.
    "security.W021",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # no legitimate request body is larger

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# --- Greenroom ------------------------------------------------------------------------------
GREENROOM_RETENTION_DAYS = int(os.environ.get("GREENROOM_RETENTION_DAYS", "30"))
# Seat leases (signups/services/leases.py): places each kiosk holds per session of the day so it can
# confirm people for certain while offline; how long it may use a lease after renewing it; the most it may ask.
GREENROOM_KIOSK_LEASE_PLACES = int(os.environ.get("GREENROOM_KIOSK_LEASE_PLACES", "2"))
GREENROOM_KIOSK_LEASE_MINUTES = int(os.environ.get("GREENROOM_KIOSK_LEASE_MINUTES", "30"))
GREENROOM_KIOSK_LEASE_MAX = int(os.environ.get("GREENROOM_KIOSK_LEASE_MAX", "10"))

# --- Rate limits (core/ratelimit.py) ----------------------------------------------------
# Per client IP for the public; kiosks and organizers are not limited per IP. Generous because a
# festival crowd on one mobile carrier can share a handful of addresses (carrier-grade NAT).
GREENROOM_RATE_LIMITS = {
    # Public sign-ups (signups/limits.py says what each keys on): per IP, a crowd behind one address
    # fits; per IP + session + browser and per email, one client hammering is slowed.
    "signups": os.environ.get("GREENROOM_RATE_SIGNUPS", "300/10m"),
    "signups_per_client_session": os.environ.get("GREENROOM_RATE_SIGNUPS_PER_CLIENT_SESSION", "5/10m"),
    "signups_per_email": os.environ.get("GREENROOM_RATE_SIGNUPS_PER_EMAIL", "5/10m"),
    "wrong_number_reports": os.environ.get("GREENROOM_RATE_WRONG_NUMBER_REPORTS", "10/h"),
    "admin_login_failures": os.environ.get("GREENROOM_RATE_ADMIN_LOGIN_FAILURES", "5/15m"),
}
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
RATELIMIT_PROXY_COUNT = int(os.environ.get("RATELIMIT_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Every line passes core/log_scrub.py: URL patterns instead of paths (tokens), no email address.
    "filters": {"scrub_secrets": {"()": "core.log_scrub.ScrubSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["scrub_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # greenroom/request_log.py logs one line per request instead (route pattern, no personal data)
        "greenroom.requests": {"level": os.environ.get("REQUEST_LOG_LEVEL") or os.environ.get("LOG_LEVEL", "INFO")},
    },
}
