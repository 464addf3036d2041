"""The one settings module. Everything that differs between machines comes from ``ALLIANCE_*``
environment variables (see ``alliance.config`` and the README's configuration table)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alliance import config
from alliance.core import crypto

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

MODE = config.choice(
    "ALLIANCE_MODE",
    "development",
    "development (local defaults) or production (secure cookies, HSTS, secrets required)",
    choices=("development", "production"),
)
PRODUCTION = MODE == "production"
DEBUG = config.boolean(
    "ALLIANCE_DEBUG", not PRODUCTION, "Django's debug pages; never in production"
)
DEMO = config.boolean(
    "ALLIANCE_DEMO", False, "demo mode: the login page lists the demo users and their password"
)
DATA_DIR = Path(
    config.text(
        "ALLIANCE_DATA_DIR",
        str(PROJECT_DIR / "var"),
        "folder for the SQLite database, uploaded files and collected static files",
    )
)

DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = config.text(
    "ALLIANCE_SECRET_KEY", "", "secret for signing sessions and tokens; required in production"
)
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "ALLIANCE_SECRET_KEY (or ALLIANCE_SECRET_KEY_FILE) must be set in production; "
            "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20
# Personal data at rest (passport details): Fernet keys, the first encrypts (alliance.core.crypto).
FIELD_ENCRYPTION_KEYS = crypto.keys_setting(
    config.words(
        "ALLIANCE_FIELD_ENCRYPTION_KEY",
        "",
        "Fernet keys encrypting personal data at rest, comma-separated, the newest first; "
        "required in production",
    ),
    production=PRODUCTION,
    secret_key=SECRET_KEY,
)
ALLOWED_HOSTS = config.words(
    "ALLIANCE_ALLOWED_HOSTS",
    "" if PRODUCTION else "127.0.0.1,localhost,testserver",
    "host names served, comma-separated",
)
CSRF_TRUSTED_ORIGINS = config.words(
    "ALLIANCE_CSRF_TRUSTED_ORIGINS",
    "",
    "origins such as https://alliance.example.org, comma-separated",
)
SITE_URL = config.text(
    "ALLIANCE_SITE_URL", "http://127.0.0.1:8000", "the public address, used in e-mails and feeds"
)

# The alliance this installation serves: name, colours and logo are settings.
ALLIANCE_NAME = config.text(
    "ALLIANCE_NAME", "Asian Universities Alliance", "the alliance's full name"
)
ALLIANCE_SHORT_NAME = config.text("ALLIANCE_SHORT_NAME", "AUA", "the alliance's short name")
ALLIANCE_PRIMARY_COLOUR = config.colour(
    "ALLIANCE_PRIMARY_COLOUR", "#7a1f3d", "main brand colour, as #rrggbb"
)
ALLIANCE_ACCENT_COLOUR = config.colour(
    "ALLIANCE_ACCENT_COLOUR", "#c8912b", "accent colour, as #rrggbb"
)
ALLIANCE_LOGO_URL = config.text(
    "ALLIANCE_LOGO_URL", "", "address of the alliance's logo image; empty shows the short name"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found by FORM_RENDERER below
    "rules.apps.AutodiscoverRulesConfig",
    "django_countries",
    "django_htmx",
    "csp",
    "ninja",  # serves the API docs page (Swagger UI) from its own static files, not a CDN
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "alliance.core",
    "alliance.members",
    "alliance.events",
    "alliance.mobility",
    "alliance.knowledge",
    "alliance.governance",
    "alliance.programmes",
    "alliance.reports",
    "alliance.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alliance.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alliance.core.middleware.PrivateCacheMiddleware",
    "alliance.core.db_router.PrimaryAfterWriteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alliance.core.middleware.TimezoneMiddleware",
    "alliance.core.permissions.LoginRequiredMiddleware",
]

ROOT_URLCONF = "alliance.urls"
WSGI_APPLICATION = "alliance.wsgi.application"

# Widgets may use the project's templates (alliance/templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
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
                "django.template.context_processors.tz",
                "alliance.core.context_processors.alliance",
            ],
        },
    }
]

# Database: SQLite by default (WAL, busy timeout, immediate transactions), PostgreSQL by URL.
DATABASE_URL = config.url(
    "ALLIANCE_DATABASE_URL",
    f"sqlite:///{DATA_DIR / 'alliance.sqlite3'}",
    "sqlite:///path/to/file.sqlite3 or postgres://user:password@host:5432/name",
    schemes=("sqlite", "postgres", "postgresql"),
)
_database = dj_database_url.parse(
    DATABASE_URL, conn_max_age=0 if DATABASE_URL.startswith("sqlite") else 60
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # Every transaction takes the write lock at BEGIN, so two writers queue on the busy
        # timeout instead of failing halfway with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        # Reads through a memory map of up to 256 MB (the operating system's page cache, shared
        # by every worker), not SQLite's small private cache: search's full-text index stays warm.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=30000; PRAGMA mmap_size=268435456;"
        ),
    }
else:
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
# Optional read replicas of a PostgreSQL primary (see alliance/core/db_router.py).
_replica_urls = config.words(
    "ALLIANCE_DATABASE_REPLICA_URLS",
    "",
    "postgres://… of read replicas, comma-separated; reads go there, writes to the primary",
)
DATABASE_REPLICAS = []
for _n, _url in enumerate(_replica_urls, start=1):
    DATABASES[f"replica_{_n}"] = {
        **dj_database_url.parse(_url, conn_max_age=60),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica_{_n}")
DATABASE_ROUTERS = ["alliance.core.db_router.ReplicaRouter"]
REPLICA_LAG_SECONDS = config.integer(
    "ALLIANCE_REPLICA_LAG_SECONDS",
    10,
    "seconds a person who has just written keeps reading from the primary",
    minimum=1,
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and rate limits: local memory by default; Redis so that limits hold across workers.
CACHE_URL = config.url(
    "ALLIANCE_CACHE_URL",
    "",
    "redis://host:6379/1 for a shared cache (rate limits across workers)",
    schemes=("redis", "rediss"),
)
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "alliance"}
    )
}

# Background work: Celery when a broker is configured, in-process otherwise.
BROKER_URL = config.url(
    "ALLIANCE_BROKER_URL",
    "",
    "redis://… or amqp://… to run background tasks in Celery workers",
    schemes=("redis", "rediss", "amqp", "amqps"),
)
CELERY_BROKER_URL = BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = (
    config.url(
        "ALLIANCE_RESULT_BACKEND_URL",
        "",
        "where Celery keeps task results (redis://…); optional",
        schemes=("redis", "rediss"),
    )
    or None
)
CELERY_TASK_ALWAYS_EAGER = not BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
# Scheduled work, in one place (run by `celery -A alliance beat`).
CELERY_BEAT_SCHEDULE = {
    "events.erase_passport_details": {
        "task": "events.erase_passport_details",
        "schedule": crontab(hour=3, minute=17),
    },
    "events.lapse_offers": {"task": "events.lapse_offers", "schedule": 300.0},
    # governance: close written resolutions past their deadline; remind voters
    "governance.close_written_resolutions": {
        "task": "governance.close_written_resolutions",
        "schedule": 300.0,
    },
    "governance.remind_written_voters": {
        "task": "governance.remind_written_voters",
        "schedule": 3600.0,
    },
    # programmes: ask hosts for their review; remind of reports and reviews due
    "programmes.send_outcome_reminders": {
        "task": "programmes.send_outcome_reminders",
        "schedule": crontab(hour=2, minute=41),
    },
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"

# Accounts (django-allauth): e-mail login, verification, reset, TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_OPEN = config.boolean(
    "ALLIANCE_SIGNUP_OPEN",
    True,
    "anyone may create an account (applicants); invitations work either way",
)
ACCOUNT_ADAPTER = "alliance.core.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "alliance.core.accounts.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ALLIANCE_SHORT_NAME}] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ALLIANCE_SHORT_NAME

# E-mail: SMTP when a host is set, else printed to the console.
EMAIL_HOST = config.text(
    "ALLIANCE_EMAIL_HOST", "", "SMTP server; empty prints e-mails to the console"
)
EMAIL_PORT = config.integer("ALLIANCE_EMAIL_PORT", 587, "SMTP port", minimum=1)
EMAIL_HOST_USER = config.text("ALLIANCE_EMAIL_USER", "", "SMTP user")
EMAIL_HOST_PASSWORD = config.text("ALLIANCE_EMAIL_PASSWORD", "", "SMTP password")
EMAIL_USE_TLS = config.boolean("ALLIANCE_EMAIL_TLS", True, "STARTTLS to the SMTP server")
EMAIL_TIMEOUT = 15  # seconds; a hanging SMTP server must not hold a page for long
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = config.text(
    "ALLIANCE_FROM_EMAIL",
    "secretariat@alliance.invalid",
    "sender address of the platform's e-mails",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Languages and time: English, Simplified Chinese and Arabic (right to left).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "alliance_language"
COUNTRIES_OVERRIDE = {
    "HK": _("Hong Kong SAR, China"),
    "MO": _("Macao SAR, China"),
    "TW": _("Taiwan, China"),
}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
    # Personal documents (passport scans): outside MEDIA_ROOT, never given a public address;
    # served only through views that check permissions.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "private", "base_url": "/private-files-have-no-url/"},
    },
}
# Stored files in S3-compatible object storage (AWS, MinIO, Ceph…) instead of the data folder:
# logos under media/, personal documents under private/, both served only through signed,
# short-lived addresses or through our own views.
S3_BUCKET = config.text(
    "ALLIANCE_S3_BUCKET", "", "S3 bucket for stored files (empty: the data folder)"
)
_s3 = {
    "bucket_name": S3_BUCKET,
    "endpoint_url": config.text(
        "ALLIANCE_S3_ENDPOINT_URL", "", "S3 endpoint (empty: AWS); https://minio.example.org"
    )
    or None,
    "region_name": config.text("ALLIANCE_S3_REGION", "", "S3 region") or None,
    "access_key": config.text("ALLIANCE_S3_ACCESS_KEY_ID", "", "S3 access key id") or None,
    "secret_key": config.text("ALLIANCE_S3_SECRET_ACCESS_KEY", "", "S3 secret access key") or None,
    "default_acl": None,
    "querystring_auth": True,
    "querystring_expire": 300,
    "signature_version": "s3v4",
    "file_overwrite": False,
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "private"},
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = config.integer(
    "ALLIANCE_IMPORT_MAX_BYTES",
    20 * 1024 * 1024,
    "largest CSV file accepted by an import, in bytes",
    minimum=1024,
)
UPLOAD_MAX_BYTES = config.integer(
    "ALLIANCE_UPLOAD_MAX_BYTES",
    5 * 1024 * 1024,
    "largest file a person may attach to a form (PDF, JPEG or PNG), in bytes",
    minimum=1024,
)
GOVERNANCE_NOTICE_DAYS = config.integer(
    "ALLIANCE_GOVERNANCE_NOTICE_DAYS",
    15,
    "days before a meeting its notice must be sent (the default of each new meeting)",
    minimum=0,
)
# Written resolutions: voters who have not voted are reminded this many days
# before the deadline.
GOVERNANCE_REMINDER_DAYS = config.integer(
    "ALLIANCE_GOVERNANCE_REMINDER_DAYS",
    2,
    "days before a written resolution's deadline its voters who have not voted are reminded",
    minimum=0,
)

# Security: a Content Security Policy with no inline script or style, secure cookies in production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = (
    config.integer("ALLIANCE_SESSION_HOURS", 12, "hours a login lasts without activity", minimum=1)
    * 3600
)
SESSION_SAVE_EVERY_REQUEST = False
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-alliance-session"
    CSRF_COOKIE_NAME = "__Host-alliance-csrf"
    SECURE_SSL_REDIRECT = config.boolean(
        "ALLIANCE_SSL_REDIRECT", True, "redirect plain HTTP to HTTPS (off when a proxy does it)"
    )
    SECURE_HSTS_SECONDS = config.integer(
        "ALLIANCE_HSTS_SECONDS", 31536000, "HSTS max-age in seconds"
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # WeasyPrint and fontTools narrate every PDF at INFO; keep their warnings only.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
    "root": {
        "handlers": ["console"],
        "level": config.choice(
            "ALLIANCE_LOG_LEVEL",
            "INFO",
            "DEBUG, INFO, WARNING or ERROR",
            choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        ),
    },
}
