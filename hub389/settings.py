"""hub389 settings: every value comes from the environment, with safe local defaults.

Each setting has the name of its environment variable. A value that cannot be read (a boolean
that is not one of 1/0, true/false, yes/no, on/off; a number that is not one) stops the start
with ImproperlyConfigured instead of falling back: a typo in HUB389_REQUIRE_2FA or
SESSION_COOKIE_SECURE must not turn a protection off. Importing this module writes nothing.

Local default: SQLite under var/, console e-mail, background jobs in the database, files on disk.
Production sets HUB389_ENV=production, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and usually
REDIS_URL and the S3 variables (see docs/deploy.md).
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state (the SQLite database, files, the development tip key); created by `manage.py`
# and the WSGI entry point, not here.
HUB389_VAR_DIR = Path(os.environ.get("HUB389_VAR_DIR", BASE_DIR / "var"))
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE | FALSE:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {sorted(TRUE | FALSE)}")
    return word in TRUE


def env_number[N: (int, float)](name: str, default: N) -> N:
    """An int or a float (as `default` is), or ImproperlyConfigured for anything else."""
    value = os.environ.get(name)
    try:
        return default if value is None else type(default)(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


HUB389_ENV = os.environ.get("HUB389_ENV", "development")
PRODUCTION = HUB389_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-not-secret-hub389"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Covering indexes (INCLUDE) serve PostgreSQL; SQLite, for development, builds them without.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "hub389.audit",
    "hub389.accounts",
    "hub389.registry",
    "hub389.notifications",
    "hub389.attachments",
    "hub389.jobs",
    "hub389.tips",
    "hub389.subjects",
    "hub389.cases",
    "hub389.plans",
    "hub389.reports",
    "hub389.warehouse",
    "hub389.exchange",
    "hub389.portal",
    "hub389.committee",
    "hub389.brands",
    "hub389.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hub389.lib.csp.PublicPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub389.lib.locale.VietnameseFirstLocaleMiddleware",
    # Cached public pages for readers without a session, before the rest of the stack.
    "hub389.portal.middleware.PublicCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub389.audit.context.AuditContextMiddleware",
    "hub389.api.middleware.ApiMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hub389.accounts.middleware.TwoFactorMiddleware",
    "hub389.accounts.middleware.RightsHolderGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "hub389.urls"
WSGI_APPLICATION = "hub389.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hub389" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "hub389.context_processors.site",
            ],
            "builtins": ["hub389.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{HUB389_VAR_DIR / 'hub389.sqlite3'}"),
        conn_max_age=env_number("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# PostgreSQL's JIT compiles a query whose estimated cost is high before running it: on the
# officers' pages that costs more than the query (the tip queue "all": 440 ms of JIT for 130 ms
# of execution on the national set). Off for every connection; DB_JIT=on turns it back on.
_JIT = "on" if env_bool("DB_JIT", False) else "off"
# Read replicas (PostgreSQL streaming replicas), comma-separated URLs: reports and dashboards
# read from them (hub389/dbrouter.py); every write and every other read stays on the primary.
for _index, _url in enumerate(env_list("DATABASE_REPLICA_URLS", "")):
    DATABASES[f"replica{_index + 1}"] = {
        **dj_database_url.parse(_url, conn_max_age=env_number("DB_CONN_MAX_AGE", 60)),
        "TEST": {"MIRROR": "default"},
    }
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit={_JIT}".strip()
DATABASE_ROUTERS = ["hub389.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_number("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_number("AXES_COOLOFF_TIME", 0.25)  # hours
if "AXES_COOLOFF_HOURS" in os.environ:
    raise ImproperlyConfigured("AXES_COOLOFF_HOURS is now AXES_COOLOFF_TIME (hours), as the setting is named")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "hub389.lib.clientip.client_ip"
# The reverse proxies in front of hub389 (addresses or networks, separated by commas):
# only requests from them may say, in X-Forwarded-For, whom they came from (hub389.lib.clientip).
HUB389_TRUSTED_PROXIES = env_list("HUB389_TRUSTED_PROXIES")
for _proxy in HUB389_TRUSTED_PROXIES:
    try:
        _network = ipaddress.ip_network(_proxy)
    except ValueError:
        _message = f"HUB389_TRUSTED_PROXIES: {_proxy!r} is not an address or a network (host bits set?)"
        raise ImproperlyConfigured(_message) from None
    if _network.prefixlen == 0:
        # Trusting everyone would let any client write its own address.
        raise ImproperlyConfigured(f"HUB389_TRUSTED_PROXIES: {_proxy!r} trusts every address")

# Two-factor sign-in (TOTP) for roles that need it; the local demo may relax it.
HUB389_REQUIRE_2FA = env_bool("HUB389_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "hub389"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hub389.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "hub389" / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", HUB389_VAR_DIR / "media"))
MEDIA_URL = "/media/"

# Files: local disk by default; any S3-compatible store when a bucket is configured.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", ""),
            "region_name": os.environ.get("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
ATTACHMENT_MAX_BYTES = env_number("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)


# Server keys that wrap each tip's informant key (newest first, comma-separated, Fernet format).
# Production must set them; development keeps a generated key in var/tip-key (made on first
# use by `tips.vault`), outside the database, so a copy of the database alone decrypts nothing.
HUB389_TIP_KEYS = env_list("HUB389_TIP_KEYS")
if PRODUCTION and not HUB389_TIP_KEYS:
    raise ImproperlyConfigured("HUB389_TIP_KEYS must be set in production")
HUB389_RECEIPT_PEPPER = os.environ.get("HUB389_RECEIPT_PEPPER", SECRET_KEY)
# Keys the API tokens' hashes and derives the webhooks' signing secrets (not in the database).
HUB389_API_PEPPER = os.environ.get("HUB389_API_PEPPER", SECRET_KEY)
# Public tip form: leading zero bits the browser's proof-of-work must find (16 ≈ 65,000 SHA-256
# hashes, under a second on a phone), and the per-IP limits.
HUB389_TIP_POW_BITS = env_number("HUB389_TIP_POW_BITS", 16)
HUB389_TIP_RATE_PER_HOUR = env_number("HUB389_TIP_RATE_PER_HOUR", 5)
HUB389_RECEIPT_TRIES = env_number("HUB389_RECEIPT_TRIES", 5)  # wrong receipt codes per 15 minutes
# Days after a tip is closed before its informant's identity, contact, receipt and files are
# erased (`erase_informants`, daily). UNVERIFIED default (five years): no statute was found that
# fixes this period; Law 91/2025 asks that personal data be kept no longer than its purpose
# needs. The committee's legal department should confirm it or set another.
HUB389_INFORMANT_RETENTION_DAYS = env_number("HUB389_INFORMANT_RETENTION_DAYS", 5 * 365)
# Tasks: an overdue occurrence goes to the agency head at once, to the standing office after
# this many more days (`task_reminders`, daily).
HUB389_TASK_ESCALATION_DAYS = env_number("HUB389_TASK_ESCALATION_DAYS", 7)
# Map tiles for the dashboard (a URL template such as https://tile.example/{z}/{x}/{y}.png);
# empty: the map draws its points on a blank background (no internet needed).
HUB389_MAP_TILES = os.environ.get("HUB389_MAP_TILES", "")

# Content-Security-Policy (Django's own middleware, a nonce per response). What anonymous
# readers get (every public page, the sign-in page, errors) is strict: scripts and styles
# from this site only, no inline script, style or handler, nothing framed, nothing posted
# elsewhere (`hub389.lib.csp.PublicPolicyMiddleware` applies it). Officers' pages are as strict
# (bars take their widths from classes, `width` in templatetags/vn.py) and may also load the
# map tiles' origin.
_MAP_ORIGIN = "/".join(HUB389_MAP_TILES.split("/")[:3]) if HUB389_MAP_TILES.startswith("https://") else ""
CSP_PUBLIC = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP = {
    **CSP_PUBLIC,
    "img-src": [CSP.SELF, "data:", *([_MAP_ORIGIN] if _MAP_ORIGIN else [])],
}

# What the browser may let a page use (Permissions-Policy, hub389.lib.csp): the camera for
# the barcode scanner on this site, nothing else. Django sends X-Content-Type-Options: nosniff,
# Referrer-Policy: same-origin and Cross-Origin-Opener-Policy: same-origin by default.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

# Cache and background jobs: Redis when REDIS_URL is set, otherwise no extra server at all
# (local memory cache, jobs queued in the database and run by `manage.py db_worker`).
REDIS_URL = os.environ.get("REDIS_URL", "")
if PRODUCTION and not REDIS_URL:
    # Each gunicorn worker would keep its own limits and single-use challenges: a challenge
    # replayed in another worker, every limit as many times looser as there are workers.
    raise ImproperlyConfigured(
        "REDIS_URL must be set in production: rate limits, proof-of-work challenges, sign-in "
        "throttling and the task queue must be shared by every process"
    )
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    INSTALLED_APPS.append("django_rq")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (Django 6.1 MAILERS): console in development, SMTP in production.
if PRODUCTION or os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_number("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "hub389 <no-reply@hub389.local>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 31536000)
SESSION_COOKIE_AGE = env_number("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
