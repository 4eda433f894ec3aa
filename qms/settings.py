"""Settings for the QMS document system, read from the environment.

QMS_ENV selects a profile: "development" (default: DEBUG on, a throwaway secret, SQLite)
or "production" (DEBUG off, a real SECRET_KEY required, HTTPS-only cookies, HSTS).
Every variable is listed in the README's configuration table.
"""

from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from qms.core.network import parse_networks
from qms.env import database_config, envbool, envchoice, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

QMS_ENV = envchoice("QMS_ENV", "development", {"development", "production", "test"})
PRODUCTION = QMS_ENV == "production"

DEBUG = envbool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when QMS_ENV=production.")

if PRODUCTION:
    SECRET_KEY = envstr("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters in production.")
else:
    SECRET_KEY = envstr("SECRET_KEY", "django-insecure-development-only-key-change-me")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if not PRODUCTION else [])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when QMS_ENV=production.")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# Proxies (addresses or CIDR ranges) whose X-Forwarded-For is believed: qms/core/network.py.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", [])
try:
    TRUSTED_PROXY_NETWORKS = parse_networks(TRUSTED_PROXIES)
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc

# Public base URL printed in QR codes of PDF copies (a phone must reach it).
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "qms.core",
    "processes",
    "audits",
    "quality",
    "api",
    "ninja",  # only for its Swagger UI template and static assets (served by the app: no CDN)
    "cases",
]

MIDDLEWARE = [
    # First, so that every response gets the policy, including those made by the middleware below it.
    "qms.core.middleware.ContentSecurityPolicyMiddleware",
    "qms.core.requestid.RequestIdMiddleware",  # a request id on every response and log line
    # Counts every request by view and status with its latency (/metrics); early, so redirects count too.
    "qms.core.health.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qms.core.middleware.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "api.v1.middleware.ApiMiddleware",  # /api/v1/: the caller's language, the log of every token use
]

ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"

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
                "qms.core.context_processors.navigation",
                "qms.core.context_processors.edition",
            ],
        },
    },
]

DATABASES = {"default": database_config(envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'qms.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "qms.core.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"  # oversight lands on the provincial overview, everyone else on My work
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese first, English available per user.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
FORMAT_MODULE_PATH = ["qms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded files and stored PDFs: the local folder MEDIA_ROOT (one machine), or an S3-compatible bucket that
# every web node and worker shares (MEDIA_STORAGE=s3). Code reaches files only through Django's storage API.
MEDIA_STORAGE = envchoice("MEDIA_STORAGE", "local", {"local", "s3"})
if MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": envstr("S3_BUCKET", required=True),
        "endpoint_url": envstr("S3_ENDPOINT_URL"),  # empty: AWS itself
        "region_name": envstr("S3_REGION", "us-east-1"),
        "access_key": envstr("S3_ACCESS_KEY_ID"),
        "secret_key": envstr("S3_SECRET_ACCESS_KEY"),
        "location": envstr("S3_PREFIX", ""),
        # Private objects, no public or pre-signed URLs: every file leaves through a permission-checked view.
        "default_acl": "private",
        "querystring_auth": False,
        # Same names as the local folder: a taken name gets a suffix, nothing is overwritten silently.
        "file_overwrite": False,
        "signature_version": "s3v4",
        "addressing_style": envchoice("S3_ADDRESSING_STYLE", "path", {"path", "virtual"}),
    }}
else:
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads: refuse anything over this size (bytes) before it reaches a form.
# PostgreSQL role the application runs as (owns nothing); migrate, run as the owner, grants it its rights.
QMS_DB_RUNTIME_ROLE = envstr("QMS_DB_RUNTIME_ROLE", "")
QMS_MAX_UPLOAD_BYTES = envint("QMS_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Nonconformities (audits app): reminders before an action's due date, escalation to the
# department head after it, the effectiveness check after the last action, citizens' feedback
# accepted per sender address per hour.
QMS_ACTION_REMINDER_DAYS = envint("QMS_ACTION_REMINDER_DAYS", 3, minimum=0, maximum=60)
QMS_ACTION_ESCALATION_DAYS = envint("QMS_ACTION_ESCALATION_DAYS", 7, minimum=0, maximum=365)
QMS_EFFECTIVENESS_CHECK_DAYS = envint("QMS_EFFECTIVENESS_CHECK_DAYS", 30, minimum=0, maximum=365)
QMS_FEEDBACK_PER_HOUR = envint("QMS_FEEDBACK_PER_HOUR", 5, minimum=1, maximum=1000)
# API: unrecognised tokens accepted per client address within the window before it answers 429 (api/v1/auth.py).
QMS_API_FAILED_TOKEN_LIMIT = envint("QMS_API_FAILED_TOKEN_LIMIT", 10, minimum=1, maximum=10000)
QMS_API_FAILED_TOKEN_MINUTES = envint("QMS_API_FAILED_TOKEN_MINUTES", 15, minimum=1, maximum=1440)
# Anonymous lookups of a one-stop file's status per client address per hour, the status page and the API's
# /public/files/<code> counted together (cases/public/services.py; file codes are sequential).
QMS_CASE_LOOKUPS_PER_HOUR = envint("QMS_CASE_LOOKUPS_PER_HOUR", 30, minimum=1, maximum=100000)
# Bounds of one PDF render (a forked child process): wall-clock seconds and extra address space.
QMS_PDF_TIMEOUT = envint("QMS_PDF_TIMEOUT", 120, minimum=5, maximum=3600)
QMS_PDF_MEMORY_MB = envint("QMS_PDF_MEMORY_MB", 768, minimum=128, maximum=16384)
FILE_UPLOAD_PERMISSIONS = 0o640

# E-mail: notifications for anything waiting on a person.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "qms@localhost")

# Background work: Django's tasks API, stored in the database, run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Login throttling: five wrong passwords lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "qms.core.network.client_ip"  # the same address as the feedback limit
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Content Security Policy: every asset comes from the app itself (intranets have no internet).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# Health and metrics (qms/core/health): /readyz fails when the oldest waiting task is older than this;
# /metrics answers a bearer METRICS_TOKEN or an address in METRICS_ALLOWED_IPS (nobody when both are empty).
QMS_READY_MAX_QUEUE_LAG = envint("QMS_READY_MAX_QUEUE_LAG", 600, minimum=10)
METRICS_TOKEN = envstr("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", [])
try:
    METRICS_ALLOWED_NETWORKS = parse_networks(METRICS_ALLOWED_IPS)
except ValueError as exc:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_IPS: {exc}") from exc
# The daily scheduler's jobs run once per day across every node (qms/core/models.JobRun); a failed one is
# tried again on the next pass.

LOG_FORMAT = envchoice("LOG_FORMAT", "plain", {"plain", "json"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries the id of the request it was written for (qms/core/requestid.py; "-" outside requests).
    "filters": {"request_id": {"()": "qms.core.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "qms.core.health.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}
