"""ESAP settings: everything from the environment, with an embedded default.

Embedded default (nothing set): SQLite under ./var, no broker (background work runs in a
bounded thread pool inside the web process), DEBUG on, loopback hosts only.
Production: set ESAP_ENV=production, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and
optionally CELERY_BROKER_URL. DEBUG is off unless explicitly enabled.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ESAP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


ESAP_ENV = os.environ.get("ESAP_ENV", "embedded")  # "embedded" | "production"
EMBEDDED = ESAP_ENV == "embedded"


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not EMBEDDED:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set outside the embedded default")
    # Embedded default: generate once and keep it locally so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", EMBEDDED)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if EMBEDDED else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_ALLOW_CREDENTIALS = env_bool("CORS_ALLOW_CREDENTIALS", False)
CORS_URLS_REGEX = r"^/api/.*$"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "esap",
    "query",
    "analysis",
    "accounts",
    # Connector plugins: each registers its connector types in AppConfig.ready().
    *env_list("ESAP_CONNECTOR_APPS", "ivoa_connector,rucio_connector,zooniverse_connector"),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "esap.middleware.JsonErrorMiddleware",
]

ROOT_URLCONF = "esap.urls"
WSGI_APPLICATION = "esap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'esap.sqlite3'}")
# SQLite: request threads keep their connection (opening one costs the PRAGMAs below, and
# closing the last one checkpoints the WAL: together more than the rest of a search answer).
# Server databases: per request unless DATABASE_CONN_MAX_AGE says otherwise (connections
# are counted there: workers x threads).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_health_checks=True,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE",
                             600 if DATABASE_URL.startswith("sqlite") else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Archive answers are written from worker threads: WAL + immediate transactions keep
    # concurrent writers from failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    # A file (not shared-cache memory) so worker threads see committed rows in tests.
    # Per process, so that concurrent test runs never share (and corrupt) one file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ESAP_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The built SPA (frontend/dist) is served from the site root: /, /assets/...
FRONTEND_DIST = Path(os.environ.get("ESAP_FRONTEND_DIST", BASE_DIR / "frontend" / "dist"))
WHITENOISE_ROOT = FRONTEND_DIST if FRONTEND_DIST.is_dir() else None
WHITENOISE_USE_FINDERS = EMBEDDED

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not EMBEDDED)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not EMBEDDED)
SECURE_CONTENT_TYPE_NOSNIFF = True
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    # The session (SPA, CSRF enforced on writes) first: anonymous requests to protected
    # endpoints answer 403; a bad API token answers 401 + WWW-Authenticate: Bearer anyway.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.SessionAuthentication",
        "accounts.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "esap.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "esap.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ESAP_THROTTLE_ANON", "6000/hour"),
        "user": os.environ.get("ESAP_THROTTLE_USER", "30000/hour"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # "format" is an ordinary query parameter here (export?format=csv), not renderer choice.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "ESAP — ESCAPE Science Analysis Platform API",
    "DESCRIPTION": (
        "Federated discovery across astronomy and astroparticle archives. Every error answers "
        'with `{"error": {"code", "message", "field"?, "details"?}}` and the matching HTTP status.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RunStatusEnum": "query.models.RunStatus",
    },
}

# A shared cache (login throttling, DRF throttles) across processes at scale; per-process
# memory at the embedded default.
if os.environ.get("CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": os.environ["CACHE_URL"]}}

# Background work: "threads" (embedded default, in-process bounded pool) or "celery".
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
ESAP_TASK_RUNNER = os.environ.get("ESAP_TASK_RUNNER", "celery" if CELERY_BROKER_URL else "threads")
ESAP_THREAD_POOL_SIZE = env_int("ESAP_THREAD_POOL_SIZE", 32)

# Platform limits.
ESAP_DEFAULT_TIMEOUT = env_float("ESAP_DEFAULT_TIMEOUT", 30.0)  # seconds per dataset
ESAP_MAX_TIMEOUT = env_float("ESAP_MAX_TIMEOUT", 300.0)
ESAP_DEFAULT_ROW_LIMIT = env_int("ESAP_DEFAULT_ROW_LIMIT", 1000)
ESAP_MAX_ROW_LIMIT = env_int("ESAP_MAX_ROW_LIMIT", 50000)
ESAP_MAX_ADQL_LENGTH = env_int("ESAP_MAX_ADQL_LENGTH", 20000)
ESAP_MAX_WAIT = env_float("ESAP_MAX_WAIT", 60.0)
ESAP_EXPORT_MAX_ROWS = env_int("ESAP_EXPORT_MAX_ROWS", 20_000_000)
ESAP_ANONYMOUS_SEARCH_TTL_HOURS = env_float("ESAP_ANONYMOUS_SEARCH_TTL_HOURS", 24.0)
# How long another process may go on using a dataset as it was before a staff edit
# (query.services.dataset_cache; the editing process sees the change at once). 0: off.
ESAP_DATASET_CACHE_SECONDS = env_float("ESAP_DATASET_CACHE_SECONDS", 10.0)
# A script's single-dataset search (wait, thread runner) is answered before it is written;
# readers of it in the same process wait for the write. Several processes without Celery
# (the production image without a broker runs 4 gunicorn workers) could serve a follow-up
# read elsewhere first, so there the search is written before the answer.
ESAP_ANSWER_BEFORE_STORE = env_bool("ESAP_ANSWER_BEFORE_STORE", EMBEDDED)
ESAP_HEALTH_TIMEOUT = env_float("ESAP_HEALTH_TIMEOUT", 10.0)

# Accounts: basket limits (items per basket) and failed-login throttling (Django cache).
ESAP_BASKET_LIMIT = env_int("ESAP_BASKET_LIMIT", 100_000)
# Rucio staging: an active request read after this many seconds is refreshed in the background.
ESAP_RUCIO_REFRESH_SECONDS = env_float("ESAP_RUCIO_REFRESH_SECONDS", 5.0)
# Zooniverse exports: a pending export read after this many seconds is re-checked in the
# background (Panoptes builds exports in up to 24 h).
ESAP_ZOONIVERSE_REFRESH_SECONDS = env_float("ESAP_ZOONIVERSE_REFRESH_SECONDS", 60.0)
ESAP_ANONYMOUS_BASKET_LIMIT = env_int("ESAP_ANONYMOUS_BASKET_LIMIT", 10_000)
ESAP_LOGIN_FAILURES_PER_USER = env_int("ESAP_LOGIN_FAILURES_PER_USER", 5)
ESAP_LOGIN_FAILURES_PER_IP = env_int("ESAP_LOGIN_FAILURES_PER_IP", 20)
ESAP_LOGIN_FAILURE_WINDOW = env_int("ESAP_LOGIN_FAILURE_WINDOW", 300)  # seconds

# OpenID Connect sign-in (accounts.oidc): only when OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID are
# set. Without them nothing OIDC-related is loaded and /oidc/ answers 404.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
ESAP_OIDC_ENABLED = bool(OIDC_OP_ISSUER and OIDC_RP_CLIENT_ID)
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if ESAP_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.insert(0, "accounts.oidc.backend.OIDCBackend")
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].insert(
        1, "accounts.oidc.drf.OIDCBearerAuthentication")
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile groups offline_access")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = env_float("OIDC_TIMEOUT", 10.0)
    OIDC_API_AUDIENCE = os.environ.get("OIDC_API_AUDIENCE", "")
    OIDC_GROUPS_CLAIM = os.environ.get("OIDC_GROUPS_CLAIM", "groups")
    OIDC_INTROSPECTION_CACHE = env_float("OIDC_INTROSPECTION_CACHE", 60.0)
    ESAP_OIDC_LABEL = os.environ.get("OIDC_LABEL", "ESCAPE IAM")
    ESAP_TOKEN_ENCRYPTION_KEY = os.environ.get("ESAP_TOKEN_ENCRYPTION_KEY", "")
    # Optional: explicit endpoints (otherwise discovered from the issuer at first use).
    for _name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS", "END_SESSION", "INTROSPECTION"):
        if os.environ.get(f"OIDC_OP_{_name}_ENDPOINT"):
            globals()[f"OIDC_OP_{_name}_ENDPOINT"] = os.environ[f"OIDC_OP_{_name}_ENDPOINT"]
    OIDC_AUTH_REQUEST_EXTRA_PARAMS = {}
    if os.environ.get("OIDC_RP_AUDIENCE"):
        OIDC_AUTH_REQUEST_EXTRA_PARAMS["audience"] = os.environ["OIDC_RP_AUDIENCE"]
    # OpenID Connect Core 11: offline_access (a refresh token) needs prompt=consent
    _prompt = os.environ.get("OIDC_AUTH_PROMPT",
                             "consent" if "offline_access" in OIDC_RP_SCOPES.split() else "")
    if _prompt:
        OIDC_AUTH_REQUEST_EXTRA_PARAMS["prompt"] = _prompt
    LOGIN_REDIRECT_URL = "/"
    LOGIN_REDIRECT_URL_FAILURE = "/login?error=oidc"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ESAP_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
