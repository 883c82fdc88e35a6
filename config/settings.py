"""Settings for the STEM-charter platform.

Everything comes from environment variables (django-environ). The defaults are the embedded
setup: SQLite, local media, the database task queue and a local-memory cache. Production
(DJANGO_ENV=production) refuses to start without its secrets.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.log_formats import JSON_FORMATTER, TEXT_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DJANGO_DEBUG must be off in production: debug pages show settings and source code "
        "to anyone."
    )

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    # Development only: production refuses to start without DJANGO_SECRET_KEY (above).
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "stemcharter.common",
    "stemcharter.accounts",
    "stemcharter.audit",
    "stemcharter.notifications",
    "stemcharter.regions",
    "stemcharter.contact",
    "stemcharter.vocabulary",
    "stemcharter.actions",
    "stemcharter.organisations",
    "stemcharter.charter",
    "stemcharter.reviews",
    "stemcharter.registrations",
    "stemcharter.images",
    "stemcharter.stories",
    "stemcharter.events",
    "stemcharter.support",
    "stemcharter.outreach",
    "stemcharter.progress",
    "stemcharter.insight",
    "stemcharter.opendata",
    "stemcharter.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below) and Permissions-Policy on every
    # response, static files and error pages included.
    "csp.middleware.CSPMiddleware",
    "stemcharter.common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag from the content of every response that may be stored, and 304 Not Modified for
    # a request that names it (If-None-Match); outside CacheControlMiddleware, so it sees the
    # final Cache-Control (none for no-store) and copies it, with Vary, to the 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cache-Control for the whole site (its response phase sees the final response, cookies
    # included): private, no-store on the portal, back office, account and admin pages, on
    # every page for a logged-in person and on a response that sets a cookie; public, with
    # PUBLIC_PAGES_MAX_AGE, on anonymous public pages. The reasons are in its docstring.
    "stemcharter.common.middleware.CacheControlMiddleware",
    # Whole public pages for anonymous visitors, from the cache, before the session, the user
    # and the view are touched; stale at once when public content changes, gone after
    # PAGE_CACHE_SECONDS. Inside the two above, so a stored page gets their headers and 304s.
    "stemcharter.common.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "stemcharter.accounts.middleware.StaffMfaRequiredMiddleware",
    # A page with words for a 405 without a body (a button's address opened in the browser).
    "stemcharter.common.middleware.MethodNotAllowedPageMiddleware",
]

# How long a browser or a shared cache (a CDN, a proxy) may keep a public page for anonymous
# visitors before it asks again (stemcharter.common.middleware.CacheControlMiddleware): a
# published change reaches everyone within this many seconds. 0: they ask every time (the
# ETag still spares sending an unchanged page).
PUBLIC_PAGES_MAX_AGE = env.int("PUBLIC_PAGES_MAX_AGE", default=60)
if PUBLIC_PAGES_MAX_AGE < 0:
    raise ImproperlyConfigured("PUBLIC_PAGES_MAX_AGE must be 0 or more (seconds).")
# How long the app keeps a whole public page for anonymous visitors in its cache
# (common.page_cache); 0 switches that cache off. Never longer than the browsers may keep it.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=PUBLIC_PAGES_MAX_AGE)
if not 0 <= PAGE_CACHE_SECONDS <= PUBLIC_PAGES_MAX_AGE:
    raise ImproperlyConfigured(
        "PAGE_CACHE_SECONDS must be between 0 and PUBLIC_PAGES_MAX_AGE (seconds)."
    )

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
                "django.template.context_processors.i18n",
                "stemcharter.common.context_processors.site",
                "stemcharter.charter.context_processors.signing",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Keep connections open between requests (a new one per request costs a fork on the server
    # and a TLS/auth handshake); health checks drop a connection the server has closed.
    # Development and tests default to 0 (a fresh connection per request).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int(
        "DATABASE_CONN_MAX_AGE", default=60 if PRODUCTION else 0
    )
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT off: our queries are small OLTP lookups (a page of rows by an index), for which the
    # planner's cost estimates on large tables can trigger JIT compilation that takes longer
    # (tens of milliseconds) than the query itself.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = " ".join(filter(None, [options.get("options", ""), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://stemcharter"),
    # Rendered cards (common.fragments): keyed on what they show, so never out of date and the
    # same in every process; kept in each process's memory, which answers in microseconds
    # where a round trip to the shared cache per card cost more than rendering it.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "stemcharter-fragments",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # The rows of pages of results of the public lists (common.filters.KeptResults): like the
    # fragments, in each process's memory until public content changes. The lists of cards
    # keep each row's id and card's key (a few KB a page; common.fragments.CardRows); a page
    # kept as its objects would weigh about 45 KB pickled, so the entries stay few: at most
    # about 20 MB per process, whatever a crawler asks for.
    "list-results": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "stemcharter-list-results",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 400},
    },
    # What a public page reads from the database, kept until public content changes
    # (common.fragments.PAGE_DATA_CACHE: the objects of an action's, a story's, an event's or
    # a signatory's page, the vocabulary of the filters): the objects themselves, not pickles
    # (common.cache_backends), so a warm request unpickles nothing. Read only. A signatory's
    # page weighs up to about 240 KB in memory: at most about 50 MB per process.
    "page-data": {
        "BACKEND": "stemcharter.common.cache_backends.ObjectMemoryCache",
        "LOCATION": "stemcharter-page-data",
        "TIMEOUT": 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}
if PRODUCTION and (
    not env.str("CACHE_URL", default="")
    or CACHES["default"]["BACKEND"]
    in (
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    )
):
    # A local-memory cache is one per process: the rate limits on login and signing would
    # count per worker (so multiply) and reset on every restart.
    raise ImproperlyConfigured(
        "CACHE_URL must point to a shared cache in production, "
        "e.g. rediscache://127.0.0.1:6379/1 (a local-memory cache breaks the rate limits)."
    )

# Whether the default cache is one for every process (Redis, a database or file cache: what
# production requires) or one per process (local memory, the embedded default of
# scripts/start, where runserver and the task worker each keep their own). What one process
# keeps for the others (the public figures, insight.figures.kept_public_figures) is only
# handed over through a shared cache; with one per process each counts for itself.
SHARED_CACHE = env.bool(
    "SHARED_CACHE",
    default=CACHES["default"]["BACKEND"]
    not in (
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ),
)

TASKS = {
    "default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")},
}
# Emails are queued when the surrounding transaction commits, never for a rolled-back change
# (a Redis queue would not roll back with the database). Tests turn it off to see mail at once.
NOTIFICATIONS_ON_COMMIT = True

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)

# django-allauth: email login, mandatory verification, MFA (TOTP + recovery codes).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 7
ACCOUNT_ADAPTER = "stemcharter.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[STEM-charter] "
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "STEM-charter"
# Staff (coordinators, contact points) must set up MFA before using the back office.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
# Keep MFA_TRUST_ENABLED ("trust this browser") off: StaffMfaRequiredMiddleware wants a second
# factor passed in every staff session, and a trusted browser skips it at login.

# allauth's own limits (its defaults, but for these): a signup at /account/signup/ makes an
# account and emails any address, like an anonymous signing, so it gets the same limit per
# client address (allauth allows 20 a minute).
ACCOUNT_RATE_LIMITS = {"signup": env.str("RATE_LIMIT_SIGNUP", default="5/h/ip")}

# Rate limits of our own forms, in allauth's notation: "amount/period/per", several separated
# by commas; per "ip" (the client address as allauth determines it, see
# ALLAUTH_TRUSTED_PROXY_COUNT), per "key" (the target email address, the organisation) or per
# "user" (the logged-in person).
# Counted by allauth's machinery in the cache (stemcharter.common.ratelimits). An empty value
# turns a limit off.
STEMCHARTER_RATE_LIMITS = {
    # Anonymous signings (each makes an account, an organisation and an email): per client
    # address, and per address the email goes to.
    "charter_sign": env.str("RATE_LIMIT_CHARTER_SIGN", default="5/h/ip,3/d/key"),
    # Signings by a logged-in person (each makes an organisation and emails the coordinators).
    "charter_sign_member": env.str("RATE_LIMIT_CHARTER_SIGN_MEMBER", default="10/d/user"),
    # Invitations of colleagues: per organisation, and per invited address.
    "invitation_per_organisation": env.str(
        "RATE_LIMIT_INVITATION_PER_ORGANISATION", default="20/d/key"
    ),
    "invitation_per_email": env.str("RATE_LIMIT_INVITATION_PER_EMAIL", default="3/d/key"),
    # Messages of the contact form (each emails every coordinator): per client address.
    "contact_message": env.str("RATE_LIMIT_CONTACT_MESSAGE", default="3/h/ip,10/d/ip"),
    # Registrations of visitors for an action or an event (each sends an email): per client
    # address, and per address the email goes to.
    "registration": env.str("RATE_LIMIT_REGISTRATION", default="60/h/ip,5/d/key"),
}

# Messages of the contact form hold personal data: `manage.py prune_contact_messages` deletes a
# handled one this many days after it arrived, one never marked handled after twice as many.
CONTACT_MESSAGE_RETENTION_DAYS = env.int("CONTACT_MESSAGE_RETENTION_DAYS", default=365)
if CONTACT_MESSAGE_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("CONTACT_MESSAGE_RETENTION_DAYS must be at least 1.")

# Registrations for actions and events: a visitor's name and email address are erased this
# many days after the end (counts stay); an unconfirmed registration expires after so many hours.
REGISTRATION_PERSONAL_DATA_DAYS = env.int("REGISTRATION_PERSONAL_DATA_DAYS", default=30)
if REGISTRATION_PERSONAL_DATA_DAYS < 0:
    raise ImproperlyConfigured("REGISTRATION_PERSONAL_DATA_DAYS must be 0 or more.")

# Support requests (issue 13): a request without an offer after this many days is flagged to
# its subregion's contact points, after the second to the coordinators (the task worker,
# ``manage.py flag_waiting_support_requests``).
SUPPORT_FLAG_CONTACT_POINT_DAYS = env.int("SUPPORT_FLAG_CONTACT_POINT_DAYS", default=7)
SUPPORT_FLAG_COORDINATORS_DAYS = env.int("SUPPORT_FLAG_COORDINATORS_DAYS", default=14)
if not 1 <= SUPPORT_FLAG_CONTACT_POINT_DAYS <= SUPPORT_FLAG_COORDINATORS_DAYS:
    raise ImproperlyConfigured(
        "SUPPORT_FLAG_CONTACT_POINT_DAYS must be 1 or more and at most "
        "SUPPORT_FLAG_COORDINATORS_DAYS."
    )
REGISTRATION_CONFIRM_HOURS = env.int("REGISTRATION_CONFIRM_HOURS", default=48)

# Invitations, of colleagues and of organisations to sign (issue 14): at most so many per
# organisation per day (both kinds together), and no second invitation to the same address
# within so many days (whatever became of the first, a revoked one included).
INVITATIONS_PER_ORGANISATION_PER_DAY = env.int("INVITATIONS_PER_ORGANISATION_PER_DAY", default=20)
INVITATION_REPEAT_DAYS = env.int("INVITATION_REPEAT_DAYS", default=30)
if INVITATIONS_PER_ORGANISATION_PER_DAY < 1 or INVITATION_REPEAT_DAYS < 0:
    raise ImproperlyConfigured(
        "INVITATIONS_PER_ORGANISATION_PER_DAY must be 1 or more, INVITATION_REPEAT_DAYS 0 or more."
    )

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language people write their actions, stories and commitments in: on /en/ pages such text
# is marked lang="nl" ({% content_lang %}).
CONTENT_LANGUAGE = "nl"
# Dates in words in both languages (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here (production); in development WhiteNoise serves from the finders.
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles") if PRODUCTION else "")
STATIC_ROOT = STATIC_ROOT or None
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# A single-machine deployment may keep uploads in MEDIA_ROOT: the app serves no files from it
# in production, the reverse proxy does (deploy/nginx/stemcharter.conf, location /media/).
# Several machines need the bucket (or one disk they all mount).
LOCAL_MEDIA = env.bool("LOCAL_MEDIA", default=False)
if PRODUCTION and not env.str("AWS_STORAGE_BUCKET_NAME", default="") and not LOCAL_MEDIA:
    # Production serves no files from MEDIA_ROOT (only WhiteNoise's static files), so logos
    # would be saved but never shown, unless the proxy serves them (LOCAL_MEDIA).
    raise ImproperlyConfigured(
        "AWS_STORAGE_BUCKET_NAME must be set in production: uploaded logos are stored in and "
        "served from S3-compatible storage (or set LOCAL_MEDIA=true when the reverse proxy "
        "serves MEDIA_ROOT at /media/)."
    )
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads: logos are checked by stemcharter.common.images; this caps the request itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="STEM-charter <noreply@stem-charter.test>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer within this many seconds counts as down (the send is
# retried), rather than holding a task worker for ever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# A send that fails because the mail server is down or refuses for now (SMTP, connection and
# time-out errors) is queued again after 1, 5, 30 and 120 minutes (the last delay repeats), up
# to EMAIL_SEND_ATTEMPTS attempts in all; then it is logged as an error and given up
# (stemcharter/notifications/tasks.py).
EMAIL_SEND_ATTEMPTS = env.int("EMAIL_SEND_ATTEMPTS", default=5)
if EMAIL_SEND_ATTEMPTS < 1:
    raise ImproperlyConfigured("EMAIL_SEND_ATTEMPTS must be 1 or more.")
EMAIL_SEND_RETRY_MINUTES = env.list("EMAIL_SEND_RETRY_MINUTES", cast=int, default=[1, 5, 30, 120])
if not EMAIL_SEND_RETRY_MINUTES or min(EMAIL_SEND_RETRY_MINUTES) < 0:
    raise ImproperlyConfigured("EMAIL_SEND_RETRY_MINUTES must list minutes, 0 or more.")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# Production runs behind a reverse proxy that terminates TLS. Django trusts its
# X-Forwarded-Proto header to know a request came in over HTTPS (secure cookies, redirects,
# CSRF). That is only safe when the proxy always sets (or strips) this header itself and
# the app cannot be reached except through the proxy; otherwise a client could send the
# header and make plain HTTP look secure.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# The visitor's IP address (rate limits on login, signup, signing; allauth's adapter
# get_client_ip). Behind the proxy REMOTE_ADDR is the proxy for everyone, so the address comes from
# the proxy's header, but only from proxies we run: TRUSTED_PROXY_COUNT is how many of them
# append to X-Forwarded-For (the client's address is the entry that many from the end;
# anything before it is the client's own word). Production defaults to one proxy; development
# (no proxy) to none, so the header is ignored. TRUSTED_CLIENT_IP_HEADER instead names a header
# the proxy always sets itself (X-Real-IP, CF-Connecting-IP) and is then taken as it is.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Other sites learn only our origin from a link, never the path (which can name a draft).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Django's default, stated: a page opened from ours (a share link) gets no handle on our window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # One year: browsers then refuse plain HTTP for the site. Lower it only while testing.
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    # Every subdomain too (a cookie set over plain HTTP on one of them cannot reach us).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Preloading into the browsers' lists is hard to undo: only when the domain owner asks.
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # A load balancer or a monitor asks the app servers themselves, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]


def media_origins(storage: dict) -> list[str]:
    """Where uploaded images are served from when they live in S3-compatible storage."""
    options = storage.get("OPTIONS", {})
    if not options:
        return []  # local media/, under our own origin
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    bucket = options["bucket_name"]
    if options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        # Path-style (endpoint/bucket/...) or virtual-hosted-style (bucket.endpoint/...).
        return [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://{bucket}.{endpoint.netloc}",
        ]
    return [f"https://{bucket}.s3.amazonaws.com"]


# Content-Security-Policy, by django-csp 4 (Django 5.2 has no CSP support of its own; it
# arrives in Django 6.0). Nothing inline may run or style: no 'unsafe-inline', no
# 'unsafe-eval', no nonces. Scripts and styles come from static/ only, and our templates carry
# no <script> without src (JSON-LD data blocks excepted: they are not executed), no style
# attribute or <style> element and no on*= handler; common/tests/test_security_headers.py fails
# on one. htmx is told not to inject its indicator <style> (meta htmx-config in
# templates/includes/_htmx.html).
# img-src allows data: for the QR code of the two-factor setup (allauth's TOTP page).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins(STORAGES["default"])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Logs go to standard output, one line per record: JSON (level, logger, message, time and the
# traceback as exc_info) for a log collector in production, plain text to read in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER, "text": TEXT_FORMATTER},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

FORM_RENDERER = "stemcharter.common.forms.FormRenderer"

# --- api ---
# The public API under /api/v1/ (issue 15; stemcharter/opendata/api, docs/api.md): Django REST
# framework, read-only, anonymous, JSON only, its OpenAPI document by drf-spectacular.
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
# Rows per page of a list, when the request names no page_size.
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=20)
# The largest page_size a request may ask for; a larger one is refused (400), not cut.
API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=100)
if not 1 <= API_PAGE_SIZE <= API_MAX_PAGE_SIZE:
    raise ImproperlyConfigured("API_PAGE_SIZE must be between 1 and API_MAX_PAGE_SIZE.")
# Requests per client address, counted in the default (shared) cache, so every app process
# counts together: "number/second|minute|hour|day". Beyond it: 429 with Retry-After.
API_RATE = env.str("API_RATE", default="120/minute")
# How long a browser or a shared cache may keep an API response (seconds; never longer than
# PUBLIC_PAGES_MAX_AGE, which CacheControlMiddleware applies to every public response).
API_MAX_AGE = env.int("API_MAX_AGE", default=min(60, PUBLIC_PAGES_MAX_AGE))
if API_MAX_AGE < 0:
    raise ImproperlyConfigured("API_MAX_AGE must be 0 or more (seconds).")
REST_FRAMEWORK = {
    # JSON only: no browsable API (its HTML pages would need sessions, CSRF and our CSP).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Anonymous and read-only: no session is read, so no cookie is set and no CSRF applies.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["stemcharter.opendata.api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": API_RATE},
    "DEFAULT_PAGINATION_CLASS": "stemcharter.opendata.api.pagination.DatasetCursorPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_SCHEMA_CLASS": "stemcharter.opendata.api.schema.ApiAutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # No ``?format=``: JSON is the one answer, so a parameter nobody documents is refused as
    # unknown (400) instead of REST framework's 404 for a format it has no renderer for.
    "URL_FORMAT_OVERRIDE": None,
    "EXCEPTION_HANDLER": "stemcharter.opendata.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "STEM-charter open data API",
    # In the request's language, as every description of the document (docs/api.md).
    "DESCRIPTION": _("Read-only JSON of the public data of the STEM-charter (docs/api.md)."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": False,
    "DISABLE_ERRORS_AND_WARNINGS": True,
}
# --- end of api ---
# --- i14 ---
# The folder of the certificate PDF's font files, DejaVuSans.ttf and DejaVuSans-Bold.ttf
# (pages/certificate.py; Debian's fonts-dejavu-core puts them here), so that names beyond
# Latin-1 ("Łódź") are drawn as written. Without them the certificate falls back to Helvetica
# (Latin-1 only) and logs a warning.
CERTIFICATE_FONT_DIR = env.str("CERTIFICATE_FONT_DIR", default="/usr/share/fonts/truetype/dejavu")
# --- end of i14 ---
# --- report ---
# The yearly progress report (issue 15, stemcharter/progress/reporting.py). The window for the
# year Y opens on PROGRESS_REPORT_OPENS (month-day) of Y and closes on PROGRESS_REPORT_CLOSES
# (month-day) of Y+1, both days included; a day every year has (not 02-29).
PROGRESS_REPORT_OPENS = env.str("PROGRESS_REPORT_OPENS", default="12-01")
PROGRESS_REPORT_CLOSES = env.str("PROGRESS_REPORT_CLOSES", default="02-28")
# Days after closing before a signatory without a sent report counts as "not reported" (the
# second reminder is sent that day).
PROGRESS_REPORT_GRACE_DAYS = env.int("PROGRESS_REPORT_GRACE_DAYS", default=28)
# The first reminder is sent this many days before the window closes.
PROGRESS_REPORT_FIRST_REMINDER_DAYS = env.int("PROGRESS_REPORT_FIRST_REMINDER_DAYS", default=14)
for _name in ("PROGRESS_REPORT_OPENS", "PROGRESS_REPORT_CLOSES"):
    _month, _, _day = globals()[_name].partition("-")
    if not (
        len(_month) == len(_day) == 2
        and _month.isdigit()
        and _day.isdigit()
        and 1 <= int(_month) <= 12
        and 1 <= int(_day) <= (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[int(_month) - 1]
    ):
        raise ImproperlyConfigured(
            f"{_name} must be a day every year has, as MM-DD (e.g. 12-01), "
            f"not {globals()[_name]!r}."
        )
if PROGRESS_REPORT_GRACE_DAYS < 0 or PROGRESS_REPORT_FIRST_REMINDER_DAYS < 0:
    raise ImproperlyConfigured(
        "PROGRESS_REPORT_GRACE_DAYS and PROGRESS_REPORT_FIRST_REMINDER_DAYS must be 0 or more."
    )
# --- end of report ---
# --- opendata ---
# Open data (issue 15): a build of the downloads of /open-data/ that is still "building" after
# this many minutes counts as failed (its worker died), so the next daily build may start.
OPEN_DATA_BUILD_TIMEOUT_MINUTES = env.int("OPEN_DATA_BUILD_TIMEOUT_MINUTES", default=60)
if OPEN_DATA_BUILD_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("OPEN_DATA_BUILD_TIMEOUT_MINUTES must be 1 or more (minutes).")
# --- end of opendata ---
