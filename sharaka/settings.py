"""Sharaka settings: one module, driven by environment variables (see docs/configuration.md)."""

import datetime
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from sharaka.lib.env import ConfigError, database_from_url, envbool, envint, envlist, envstr, map_tiles

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "False")
TESTING = envbool("SHARAKA_TESTING", "False")
SECRET_KEY = envstr("SECRET_KEY") or ""
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
    else:
        raise ConfigError("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
if not ALLOWED_HOSTS and not DEBUG:
    raise ConfigError("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
# Reverse proxies in front of Sharaka that append the client's address to X-Forwarded-For: 0 (none)
# means REMOTE_ADDR and the header is never read (sharaka/lib/client_ip.py).
TRUSTED_PROXIES = envint("SHARAKA_TRUSTED_PROXIES", "0")
if TRUSTED_PROXIES < 0:
    raise ConfigError(f"SHARAKA_TRUSTED_PROXIES must be 0 or more, not {TRUSTED_PROXIES}")
# The site's public address, written into the IATI files' document links and the open-data URLs:
# required in production (there it must be https), like SECRET_KEY.
SITE_URL = (envstr("SITE_URL") or "").rstrip("/")
if not SITE_URL:
    if DEBUG or TESTING:
        SITE_URL = "http://127.0.0.1:8000"
    else:
        raise ConfigError("SITE_URL must be set when DEBUG is off, e.g. SITE_URL=https://sharaka.aourir.ma")
if not DEBUG and not TESTING and not SITE_URL.startswith("https://"):
    raise ConfigError(f"SITE_URL must start with https:// when DEBUG is off, not {SITE_URL!r}")

INSTALLED_APPS = [
    "sharaka.core",
    "sharaka.partners",
    "sharaka.projects",
    "sharaka.agreements",
    "sharaka.finance",
    "sharaka.results",
    "sharaka.portal",
    "sharaka.sustainability",
    "sharaka.funding",
    "sharaka.workspace",
    "sharaka.partnerspace",  # the partners' workspace: submissions, reviews, messages
    "sharaka.capacity",  # staff skills, assessments, trainings
    "sharaka.promotion",  # opportunities for partners and investors, events and sponsors, inquiries
    "sharaka.iati",  # other publishers' IATI files imported, and what each donor funds (partner intelligence)
    "sharaka.api",  # the REST API under /api/v1/: tokens, the same access helpers and services as the pages
    "sharaka.operations",  # production: scheduled jobs, worker heartbeat, health, request logs, backups
    "sharaka.demo",
    "sharaka.core.admin_apps.AdminConfig",  # django.contrib.admin, third-party admins made safe
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",  # the database backend of Django's tasks (TASKS below), its table and db_worker
    "axes",  # failed sign-ins counted per account and per address (docs/roles-and-access.md)
    "django_otp",  # the second factor of the roles that move money or sign
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "rest_framework",  # the API (sharaka/api)
    "drf_spectacular",  # its OpenAPI 3 schema (/api/v1/schema/)
]

MIDDLEWARE = [
    "sharaka.operations.health.HealthMiddleware",  # /healthz and /readyz, before the host check and the rest
    "sharaka.operations.requestlog.RequestIdMiddleware",  # a request id, one log line per request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, hashed and compressed (STORAGES below)
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "sharaka.core.second_factor.SecondFactorMiddleware",
    "sharaka.core.middleware.UserLanguageMiddleware",
    "sharaka.core.middleware.UndecodableRequestMiddleware",  # before any view or process_view reads a body
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "sharaka.urls"
WSGI_APPLICATION = "sharaka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharaka.core.context_processors.sharaka",
            ],
            "builtins": ["sharaka.core.templatetags.sharaka"],
        },
    }
]

# Django's form renderer, with drop-downs written in Python (sharaka/core/rendering.py).
FORM_RENDERER = "sharaka.core.rendering.FormRenderer"

DATABASES = {"default": database_from_url(envstr("DATABASE_URL", "sqlite:///var/sharaka.sqlite3"), BASE_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from
# one address (an IPv6 /64 counts as one address), sign-in is refused for LOGIN_COOLOFF_MINUTES, even
# with the right password. A password reset or an administrator (users' screen, or
# `manage.py axes_reset_username`) unlocks sooner. Addresses come from sharaka/lib/client_ip.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("SHARAKA_LOGIN_FAILURE_LIMIT", "5")
LOGIN_COOLOFF_MINUTES = envint("SHARAKA_LOGIN_COOLOFF_MINUTES", "15")
if AXES_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ConfigError("SHARAKA_LOGIN_FAILURE_LIMIT and SHARAKA_LOGIN_COOLOFF_MINUTES must be 1 or more")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the pause ends when the lockout page says
AXES_CLIENT_IP_CALLABLE = "sharaka.lib.client_ip.address_group"
AXES_LOCKOUT_CALLABLE = "sharaka.core.signin.locked_out"
AXES_USERNAME_CALLABLE = "sharaka.core.signin.attempted_username"  # cleaned, bounded to a username's length
AXES_VERBOSE = False
# The second factor (TOTP, django-otp) of the roles that move money or sign (core/roles.py). Always on
# in production; SHARAKA_SECOND_FACTOR=false is accepted only with DEBUG, and the unit tests run
# without it unless a test turns it on (the browser tests and the tests of the second factor do).
SECOND_FACTOR_REQUIRED = envbool("SHARAKA_SECOND_FACTOR", "False" if TESTING else "True")
if not SECOND_FACTOR_REQUIRED and not (DEBUG or TESTING):
    raise ConfigError("SHARAKA_SECOND_FACTOR cannot be turned off when DEBUG is off")
OTP_TOTP_ISSUER = "Sharaka"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin site never shows anyone's authenticator key
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Languages: Arabic first (right to left), then French and English. Tamazight (zgh) joins on the portal.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LANG_INFO.setdefault(
    "zgh",
    {"bidi": False, "code": "zgh", "name": "Standard Moroccan Tamazight", "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ"},
)
# The public portal also speaks Tamazight in Tifinagh; staff pages keep LANGUAGES (sharaka/portal).
PORTAL_LANGUAGES = [*LANGUAGES, ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ")]
PORTAL_LANGUAGE_COOKIE_NAME = "sharaka_portal_language"
# The portal's map draws its points without tiles: no request to another host. SHARAKA_MAP_TILES (a
# tile URL template such as "https://tile.openstreetmap.org/{z}/{x}/{y}.png") adds a background, with
# SHARAKA_MAP_ATTRIBUTION (required then); its origin alone joins the CSP's img-src (below).
PORTAL_MAP_TILES_URL, PORTAL_MAP_TILES_ORIGIN = map_tiles("SHARAKA_MAP_TILES")
PORTAL_MAP_ATTRIBUTION = (envstr("SHARAKA_MAP_ATTRIBUTION", "") or "").strip()
if PORTAL_MAP_TILES_URL and not PORTAL_MAP_ATTRIBUTION:
    raise ConfigError(
        "SHARAKA_MAP_ATTRIBUTION must be set with SHARAKA_MAP_TILES: tile servers ask for credit"
    )
# IATI: the commune's organisation identifier (MA-COA: Morocco Chart of Accounts; see docs/iati.md).
IATI_REPORTING_ORG_REF = envstr("IATI_REPORTING_ORG_REF", "MA-COA-AOURIR")
IATI_REPORTING_ORG_TYPE = envstr("IATI_REPORTING_ORG_TYPE", "11")  # OrganisationType 11: local government
LOCALE_PATHS: list = []  # each app keeps its catalogue in <app>/locale
FORMAT_MODULE_PATH = ["sharaka.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"  # shown; the database stores UTC

STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Front-end assets come from npm packages (package.json), never pasted into the repository. Without
# them the pages lose htmx and the portal's map: in production Sharaka refuses to start instead.
# In development a missing one is a system check warning (sharaka.W001, sharaka/operations/checks.py).
NODE_MODULES = Path(envstr("SHARAKA_NODE_MODULES", str(BASE_DIR / "node_modules")))
FRONT_END_ASSETS = {
    "htmx.org": NODE_MODULES / "htmx.org" / "dist",
    "leaflet": NODE_MODULES / "leaflet" / "dist",
}
MISSING_FRONT_END_ASSETS = sorted(name for name, folder in FRONT_END_ASSETS.items() if not folder.is_dir())
if MISSING_FRONT_END_ASSETS and not (DEBUG or TESTING):
    raise ConfigError(
        f"front-end assets missing: {', '.join(MISSING_FRONT_END_ASSETS)} (in {NODE_MODULES}): run `npm ci` "
        "in the Sharaka folder, then `manage.py collectstatic` (docs/operations.md)"
    )
STATICFILES_DIRS = ([FRONT_END_ASSETS["htmx.org"]] if FRONT_END_ASSETS["htmx.org"].is_dir() else []) + (
    [("leaflet", FRONT_END_ASSETS["leaflet"])] if FRONT_END_ASSETS["leaflet"].is_dir() else []
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: hashed names (cached for a year by browsers) and gzip/brotli copies, served by
    # WhiteNoise. Development and tests read the files where they are.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# WhiteNoise: in production it reads STATIC_ROOT once at start (collectstatic has filled it, bin/serve);
# in development and tests it finds each file in the apps and node_modules when asked, so var/static
# need not exist there.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# collectstatic (at each bin/serve) keeps only the hashed copies, the only names the pages use, and does
# not compress the source maps (read by a developer's browser tools, never by a page): a third of the
# work and half the disk of compressing everything twice.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"  # never served directly: documents go through an access-checked view
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024))
# IATI files fetched from the web by the worker (iati/fetching.py): the largest file and the longest
# download accepted. Donors' full files run to a few hundred MB; the import reads them streamed.
IATI_FETCH_MAX_BYTES = envint("IATI_FETCH_MAX_BYTES", str(500 * 1024 * 1024))
IATI_FETCH_SECONDS = envint("IATI_FETCH_SECONDS", "600")
IATI_UPLOAD_KEEP_DAYS = envint(
    "IATI_UPLOAD_KEEP_DAYS", "30"
)  # an uploaded file, after its import (iati/retention.py)

# The REST API (sharaka/api, docs/api.md). Requests per token (or per signed-in user) and per address
# for the public endpoints, in DRF's "N/period" form; a token's requests beyond it get 429.
API_RATE_PER_TOKEN = envstr("API_RATE_PER_TOKEN") or "1200/hour"
API_RATE_ANONYMOUS = envstr("API_RATE_ANONYMOUS") or "300/hour"
REST_FRAMEWORK = {
    # A personal token (sharaka/api/authentication.py), or the browser's session (its CSRF checked).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sharaka.api.authentication.TokenAuthentication",
        "sharaka.api.authentication.SessionAuthentication",
    ],
    # Who may read what is decided by each app's access helpers, called by every view (sharaka/api/views).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "sharaka.api.rendering.Browsable",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["sharaka.api.throttling.PerToken", "sharaka.api.throttling.PerAddress"],
    "EXCEPTION_HANDLER": "sharaka.api.errors.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,  # amounts of 16 digits and centimes survive any JSON reader
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sharaka API",
    "DESCRIPTION": "The commune of Aourir's partnerships: partners, projects, agreements and money, read and "
    "written with the same rules as the pages (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sharaka.api.schema.add_errors",  # every refusal documented, in one JSON shape
    ],
}

# E-mail: console in development, SMTP when EMAIL_HOST is set (Django 6.1 MAILERS).
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "sharaka@aourir.invalid")
if envstr("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", "587"),
                "username": envstr("EMAIL_HOST_USER", ""),
                "password": envstr("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "True"),
                # A mail server that stops answering fails the attempt (retried later) instead of
                # holding the worker forever.
                "timeout": envint("EMAIL_TIMEOUT", "30"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# The worker's attempts at one e-mail before it gives up (sharaka/operations/mail.py: 1 min, 5 min,
# 30 min, then every 2 h between attempts).
MAIL_MAX_ATTEMPTS = envint("SHARAKA_MAIL_MAX_ATTEMPTS", "5")
if MAIL_MAX_ATTEMPTS < 1:
    raise ConfigError(f"SHARAKA_MAIL_MAX_ATTEMPTS must be 1 or more, not {MAIL_MAX_ATTEMPTS}")

# Security headers. The CSP allows only our own scripts, styles and images: no CDN, no tracker.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *([PORTAL_MAP_TILES_ORIGIN] if PORTAL_MAP_TILES_ORIGIN else [])],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
}
SESSION_COOKIE_HTTPONLY = True
# The language cookies (Django's, and the portal's PORTAL_LANGUAGE_COOKIE_NAME): no script reads them.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    if TRUSTED_PROXIES:
        # Behind the proxies that end TLS, a request is secure when the proxy says so; without this,
        # SECURE_SSL_REDIRECT would send every request back to https forever. Only with trusted
        # proxies: a client reaching Sharaka directly could otherwise claim https itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Background work (Django's tasks). "database": django-tasks-db keeps each task in the database and the
# worker process (`manage.py db_worker`, bin/worker) does it: e-mails, reminders, the daily jobs that
# the scheduler (`manage.py scheduler`, bin/scheduler) enqueues. "immediate": done at once, inside the
# request, with no worker to run: the default of `make run` and of the tests.
TASKS_MODE = envstr("SHARAKA_TASKS", "immediate" if (DEBUG or TESTING) else "database")
if TASKS_MODE not in ("database", "immediate"):
    raise ConfigError(f"SHARAKA_TASKS must be 'database' or 'immediate', not {TASKS_MODE!r}")
if TASKS_MODE == "immediate" and not (DEBUG or TESTING):
    raise ConfigError(
        "SHARAKA_TASKS=immediate is for development: production runs a worker (docs/operations.md)"
    )
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_MODE == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# /readyz (sharaka/operations/health.py) fails when the worker's or the scheduler's heartbeat is older
# than this: the scheduler beats about every 30 s and has the worker beat every minute.
HEARTBEAT_STALE_SECONDS = envint("SHARAKA_HEARTBEAT_STALE_SECONDS", "300")
if HEARTBEAT_STALE_SECONDS < 60:
    raise ConfigError(f"SHARAKA_HEARTBEAT_STALE_SECONDS must be 60 or more, not {HEARTBEAT_STALE_SECONDS}")

# The cache: Redis when REDIS_URL is set (Django's own backend, which pages survive losing:
# sharaka/lib/cache.py), shared by every instance (the portal's figures, the ledger's count, the
# funding rankings); otherwise each process keeps its own in memory.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigError(f"REDIS_URL must start with redis://, rediss:// or unix://, not {REDIS_URL!r}")
CACHES = {
    "default": (
        {
            "BACKEND": "sharaka.lib.cache.SharedCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("SHARAKA_CACHE_PREFIX", "sharaka"),
            "TIMEOUT": 24 * 3600,
            # An unreachable Redis costs a request at most a second, then reads as an empty cache.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sharaka"}
    )
}

# Logs go to the standard error (journald or the container collects them): one line per request with
# its request id (sharaka/operations/requestlog.py), as text or, with LOG_FORMAT=json, one JSON object.
LOG_FORMAT = envstr("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ConfigError(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"()": "sharaka.operations.requestlog.TextFormatter"},
        "json": {"()": "sharaka.operations.requestlog.JsonFormatter"},
    },
    # every record written during a request carries its request id (a contextvar read by this filter)
    "filters": {"request_id": {"()": "sharaka.operations.requestlog.RequestIdFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
    "loggers": {
        # the request lines: INFO even when the rest is at WARNING; off in the tests unless asked
        "sharaka.request": {
            "handlers": ["console"],
            "level": envstr("REQUEST_LOG_LEVEL", "WARNING" if TESTING else "INFO"),
            "propagate": False,
        },
    },
}
