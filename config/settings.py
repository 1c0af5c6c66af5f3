"""Settings, read from the environment with a working local default.

DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, ... When
DATABASE_URL is unset an embedded PostgreSQL is started (config.embedded); when REDIS_URL is
unset Celery uses kombu's file-system transport. See docs/operations.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config import embedded, logs, mail
from core.client_address import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "django-insecure-local-development-only-" + "x" * 20
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "config",
    "initiatives",
    "accounts",
    "articles",
    "editorial",
    "dashboard",
    "demo",
    # Failed sign-ins counted per username + address; lock-out after AXES_FAILURE_LIMIT.
    "axes",
]

MIDDLEWARE = [
    # One line per request with the trusted client address (config/access_log.py).
    "config.access_log.AccessLogMiddleware",
    # X-Forwarded-* from anything but a trusted proxy is dropped (config/proxy.py).
    "config.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (no inline script/style) and Permissions-Policy: config/security.py
    "config.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Oversized bodies (413), huge query strings (414), NUL bytes (400): config/limits.py
    "config.limits.InputLimitsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a sign-in refused by the lock-out into the 429 page (accounts/signin.py).
    "axes.middleware.AxesMiddleware",
    # Database unreachable: 503 page / JSON with Retry-After instead of a 500 (config/outage.py)
    "config.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.roles",
                "config.context_processors.demo_data",
            ],
            "libraries": {"editorial": "editorial.templatetags"},
        },
    },
]

# --- Database: PostgreSQL always; embedded when DATABASE_URL is not given -----------------
DATABASE_URL = os.environ.get("DATABASE_URL") or embedded.database_url()
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Session settings for every connection (libpq "options"). Parallel query costs a few
# milliseconds of worker start-up per statement and competes with concurrent requests for the
# same cores: a web request's small, index-driven reads are faster without it.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
    "DB_SESSION_OPTIONS", "-c max_parallel_workers_per_gather=0"
)
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Task time limits -----------------------------------------------------------------------
# (soft, hard) seconds per task. At the soft limit the task stops and its run is closed as
# failed, saying so; at the hard limit a task that ignored it is killed and its worker process
# replaced. A hung fetch or parse therefore never holds a worker. Override per task with
# TASK_TIME_LIMITS="articles.tasks.poll_feed=60:90,articles.tasks.relink=7200:7300".
TASK_TIME_LIMITS: dict[str, tuple[int, int]] = {
    "articles.tasks.poll_feed": (180, 240),  # one feed: fetch, parse, ingest its entries
    "articles.tasks.fetch_url": (60, 90),  # one submitted page
    "articles.tasks.import_items": (900, 960),  # one API batch (at most a few thousand)
    "articles.tasks.import_text": (1800, 1860),  # one file, up to the upload limit
    "articles.tasks.import_upload": (1800, 1860),  # one file uploaded in the console
    "articles.tasks.relink": (3 * 3600, 3 * 3600 + 120),  # every stored article (1M: ~30 min)
    "articles.tasks.poll_due_feeds": (50, 60),  # every minute (beat)
    "articles.tasks.refresh_event_counts": (50, 60),  # every minute (beat)
    "articles.tasks.close_lost_runs": (120, 150),
    "articles.tasks.train_linker": (1800, 1860),  # weekly: corpus + up to 50k decisions
    "initiatives.tasks.send_daily_digests": (900, 960),
    "editorial.tasks.send_sick_feed_digest": (120, 150),
}
for _entry in filter(None, os.environ.get("TASK_TIME_LIMITS", "").replace(" ", "").split(",")):
    try:
        _name, _limits = _entry.split("=")
        _soft, _hard = (int(part) for part in _limits.split(":"))
    except ValueError:
        raise ImproperlyConfigured(
            f"TASK_TIME_LIMITS entry {_entry!r}: expected task.name=SOFT:HARD (seconds)"
        ) from None
    if not 0 < _soft < _hard:
        raise ImproperlyConfigured(
            f"TASK_TIME_LIMITS entry {_entry!r}: need 0 < soft < hard seconds"
        )
    TASK_TIME_LIMITS[_name] = (_soft, _hard)
CELERY_TASK_ANNOTATIONS = {
    name: {"soft_time_limit": soft, "time_limit": hard}
    for name, (soft, hard) in TASK_TIME_LIMITS.items()
}
# Any task not listed above.
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360

# --- Redis / broker / cache ---------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Longer than the longest task may run (its hard time limit, below), or Redis would hand
    # a still-running task to a second worker.
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "visibility_timeout": max(hard for _soft, hard in TASK_TIME_LIMITS.values()) + 600
    }
    CACHES = {
        "default": {
            # Fails soft: a Redis outage is a cache miss, not a 500 (core/cache.py).
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ct"),
            # A hung or unreachable Redis fails fast instead of holding a request or a task.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CELERY_BROKER_URL = embedded.broker_url()
    CELERY_BROKER_TRANSPORT_OPTIONS = embedded.broker_transport_options()
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Dashboard aggregates are reused until the data changes, at most this long (0: off).
DATA_CACHE_SECONDS = int(os.environ.get("DATA_CACHE_SECONDS", "60"))
# An initiative without confirmed evidence for this many days is marked "quiet" (inferred,
# never a status change: the editors' status stands).
QUIET_DAYS = int(os.environ.get("QUIET_DAYS", "180"))

CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE = {
    # Weekly: a new linker model from the week's decisions, promoted only if no worse.
    "train-linker": {
        "task": "articles.tasks.train_linker",
        "schedule": crontab(
            day_of_week=int(os.environ.get("LINKER_TRAIN_WEEKDAY", "0")), hour=3, minute=30
        ),
    },
    "poll-due-feeds": {"task": "articles.tasks.poll_due_feeds", "schedule": timedelta(minutes=1)},
    # The timeline density's per-day counts, recomputed for the days writes changed.
    "refresh-event-counts": {
        "task": "articles.tasks.refresh_event_counts",
        "schedule": timedelta(minutes=1),
    },
    # Runs whose task was lost (e.g. Redis restarted empty) are closed, saying so.
    "close-lost-runs": {
        "task": "articles.tasks.close_lost_runs",
        "schedule": timedelta(minutes=10),
    },
    # Subscribers' daily email of newly confirmed evidence (hour in UTC).
    "send-daily-digests": {
        "task": "initiatives.tasks.send_daily_digests",
        "schedule": crontab(hour=int(os.environ.get("DIGEST_HOUR_UTC", "6")), minute=0),
    },
    # Admins' email of sick feeds (failing or quiet too long; docs/console.md).
    "send-sick-feed-digest": {
        "task": "editorial.tasks.send_sick_feed_digest",
        "schedule": crontab(hour=int(os.environ.get("SICK_FEED_DIGEST_HOUR_UTC", "7")), minute=0),
    },
}

# --- Auth ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in rate limit (django-axes): the first backend refuses attempts while locked out.
AUTHENTICATION_BACKENDS = [
    "accounts.signin.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
# Per username *and* address: a wrong password from elsewhere does not lock the owner out,
# and unknown usernames count like real ones (the lock-out reveals nothing).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And per address alone, higher: one address trying many usernames (accounts/signin.py).
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_RESET_ON_SUCCESS = True
# Its start-up banner would print on every manage.py command.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
# The address axes counts is the one every limit uses (core/client_address.py).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Input limits (config/limits.py) ------------------------------------------------------
# Request bodies above this are refused with 413 (an 800,000-character article fits).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("REQUEST_MAX_BYTES", str(5 * 1024 * 1024)))
# Query strings above this are refused with 414.
MAX_QUERY_STRING_BYTES = int(os.environ.get("MAX_QUERY_STRING_BYTES", "8192"))

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / ".data" / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- REST framework -----------------------------------------------------------------------
# Anonymous clients may read the public API (set API_ANONYMOUS_READ=false to require a role).
API_ANONYMOUS_READ = env_bool("API_ANONYMOUS_READ", True)
# If-Match on initiative writes: optional by default (412 on mismatch); required → 428.
API_REQUIRE_IF_MATCH = env_bool("API_REQUIRE_IF_MATCH", False)
API_THROTTLE_RATES = {
    "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
    "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    # Failed token authentications per address; then every token from it waits (429).
    "token_failure": os.environ.get("API_THROTTLE_TOKEN_FAILURES", "20/minute"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate makes missing credentials a 401, not a 403.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrEditorWrite"],
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonThrottle",
        "api.throttling.UserThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "api.base.CSVRenderer",
    ],
    # Unknown query parameters and ordering fields are 400s that list the allowed ones.
    "DEFAULT_FILTER_BACKENDS": [
        "api.validation.StrictFilterBackend",
        "api.validation.StrictOrderingFilter",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.validation.ContentNegotiation",
    # JSON nested too deeply for the parser is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "api.validation.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.base.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cooperation Tracker API",
    "DESCRIPTION": "Initiatives, articles, statements and evidence of Iran–Iraq cooperation.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Operations grouped by resource (articles, initiatives, search, timeline…), not all
    # under one "v1" heading.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "initiatives.models.Language",
        "ArticleLanguageEnum": "articles.models.ARTICLE_LANGUAGES",
        "StatusEnum": "initiatives.models.Status",
        "SectorEnum": "initiatives.models.Sector",
        "LinkStateEnum": "articles.models.ArticleLink.State",
        "IngestionRunStateEnum": "articles.models.IngestionRun.State",
        "ClaimKindEnum": "initiatives.models.Claim.Kind",
        "ClaimRankEnum": "initiatives.models.Claim.Rank",
    },
}

# --- Ingestion ----------------------------------------------------------------------------
# Loopback fetches are refused unless this is on (only the tests' local HTTP server needs it).
INGEST_ALLOW_LOOPBACK = env_bool("INGEST_ALLOW_LOOPBACK", False)
INGEST_MAX_BYTES = int(os.environ.get("INGEST_MAX_BYTES", str(5 * 1024 * 1024)))
INGEST_TIMEOUT_SECONDS = float(os.environ.get("INGEST_TIMEOUT_SECONDS", "15"))
# Politeness: the least time between two fetches to one host, across all workers.
INGEST_HOST_DELAY_SECONDS = float(os.environ.get("INGEST_HOST_DELAY_SECONDS", "2"))
# A claimed feed poll not finished within this (its message lost with Redis) is claimed again.
INGEST_POLL_LEASE_SECONDS = float(os.environ.get("INGEST_POLL_LEASE_SECONDS", "600"))
# A running run whose task counted nothing for this long is closed as lost (beat, every 10 min).
INGEST_LOST_RUN_MINUTES = int(os.environ.get("INGEST_LOST_RUN_MINUTES", "60"))
# The ingestion console (docs/console.md): the largest file an editor may upload. A request
# (several files together) is bounded by REQUEST_MAX_BYTES too: raise both for larger files.
CONSOLE_UPLOAD_MAX_BYTES = int(
    os.environ.get("CONSOLE_UPLOAD_MAX_BYTES", str(DATA_UPLOAD_MAX_MEMORY_SIZE))
)
# The admins' daily sick-feed email: feeds failing more than N polls in a row, or with nothing
# new for M days, sent at SICK_FEED_DIGEST_HOUR_UTC.
SICK_FEED_FAILURES = int(os.environ.get("SICK_FEED_FAILURES", "5"))
SICK_FEED_QUIET_DAYS = int(os.environ.get("SICK_FEED_QUIET_DAYS", "3"))
LINK_SUGGEST_THRESHOLD = float(os.environ.get("LINK_SUGGEST_THRESHOLD", "0.35"))
LINK_AUTOCONFIRM_THRESHOLD = float(os.environ.get("LINK_AUTOCONFIRM_THRESHOLD", "0.9"))
# The learned linker (articles/ingest/learned.py, docs/linking.md): where promoted model files
# live, how much a training run needs, and the team's corpus it trains on beside the decisions.
LINKER_MODEL_DIR = Path(
    os.environ.get(
        "LINKER_MODEL_DIR",
        Path(os.environ.get("CT_DATA_DIR", BASE_DIR / ".data")) / "linker",
    )
)
LINKER_MIN_EXAMPLES = int(os.environ.get("LINKER_MIN_EXAMPLES", "100"))
LINKER_MIN_PER_CLASS = int(os.environ.get("LINKER_MIN_PER_CLASS", "20"))
LINKER_MAX_DECISIONS = int(os.environ.get("LINKER_MAX_DECISIONS", "50000"))
# A trained model's suggest threshold never goes below this (its calibration folds come from
# the corpus the profiles were written from, which flatters it).
LINKER_MIN_SUGGEST_THRESHOLD = float(os.environ.get("LINKER_MIN_SUGGEST_THRESHOLD", "0.3"))
LINKER_CORPUS = [BASE_DIR / "tests" / "fixtures" / "linking" / "train.jsonl"]

# EMAIL_URL, or EMAIL_HOST/PORT/HOST_USER/HOST_PASSWORD/USE_TLS/USE_SSL, EMAIL_TIMEOUT,
# DEFAULT_FROM_EMAIL (config/mail.py); the console when none is set.
globals().update(mail.email_settings(os.environ))
# Absolute base URL for links in emails (the daily digest).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Reverse proxies (core/client_address.py, docs/operations.md) ---------------------------
# Unset: nobody is trusted, the client is REMOTE_ADDR and X-Forwarded-* are ignored.
# "1" (a count): that many proxies in front, and nothing else can reach the app.
# "10.0.0.0/8,fd00::/8" (networks): hops from these addresses are proxies.
try:
    TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
except ValueError as _error:
    raise ImproperlyConfigured(str(_error)) from None
if TRUSTED_PROXIES:
    # Only a trusted proxy may say the client used HTTPS (config/proxy.py drops the header
    # from anything else).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Production hardening (DEBUG off) -----------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# Time, level and logger name on every line; LOG_FORMAT=json for log collectors (config/logs.py).
LOGGING = logs.logging_config(
    os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "INFO")
)
# The worker keeps this configuration instead of replacing it with Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
