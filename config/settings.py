"""Settings of the council portal, read from the environment.

Every setting a deployment changes comes from an environment variable (see README.md). For local work,
`make run` writes `var/local.env` (DEBUG on and a generated SECRET_KEY); real environment variables
always win over that file.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
# Local state of the embedded default: the SQLite database, var/local.env, emails, the demo account.
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

LOCAL_ENV_FILE = VAR_DIR / "local.env"
if LOCAL_ENV_FILE.is_file():
    env.read_env(str(LOCAL_ENV_FILE), overwrite=False)

# DEBUG on is the embedded default of `make run`: SQLite, no Redis, mail to files, the demo account.
DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
        "(`make run` writes one to var/local.env for local work)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Links in emails and printouts: SITE_URL when set, else the local server on PORT (`make run PORT=8001`).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin.
    "modeltranslation",
    "council.admin_site.CouncilAdminConfig",  # django.contrib.admin with the site's own limits
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # allauth's security-key pages use its filters ("naturaltime").
    "django.contrib.humanize",
    # PostgreSQL's search and trigram lookups, and operator classes in indexes (search app); inert on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served from our own static files
    "council",
    "council.outbox",
    "council.partners",
    # Signed webhooks to partner organisations, delivered through the outbox (issue 10).
    "council.webhooks",
    # Regional figures: aggregate indicators per state and period, small cells suppressed (issue 12).
    "figures",
    "meetings",
    "recommendations",
    # The programme of work: cooperation roadmaps and their activities (issue 12), above meetings and
    # recommendations, which activities link to.
    "programme",
    "workinggroups",
    # Search across meetings, agendas, documents and recommendations, as each reader may see them.
    "search",
    # The member's own pages across the apps (landing, home, profile, search): above workinggroups.
    "portal",
    # PDF reports across apps (WeasyPrint): a top app, above workinggroups.
    "reports",
    # Demo data for `make run` (`manage.py seed`): the top app, which no other app imports.
    "demo",
]

MIDDLEWARE = [
    # Answers /healthz before host validation and HTTPS redirects, so probes inside the network work.
    "config.health.HealthCheckMiddleware",
    # A NUL byte in a path, query, cookie or form answers 400 before anything reads it.
    "config.middleware.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A body larger than an upload may be answers 413 before the CSRF check or a form reads it.
    "council.uploads.UploadLimitMiddleware",
    "council.middleware.SignOutInactiveMiddleware",
    "council.middleware.PreferredLanguageMiddleware",
    # A hidden or missing portal page asked for by someone signed out answers the sign-in page, then back.
    "council.middleware.SignInForHiddenPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff, superusers (and MFA_REQUIRED_ROLES) without a second factor are sent to set one up.
    "council.middleware.RequireSecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.secretariat",
            ],
        },
    },
]

# Database: PostgreSQL in production and CI, an SQLite file under var/ by default.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Django 6's default for URL form fields without a scheme, adopted now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Redis: the Celery broker and the cache when set; without it tasks run in-process and the cache is local.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "council",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "council.User"
AUTHENTICATION_BACKENDS = [
    # allauth's, refusing the demo account when DEBUG is off (also for sessions already open).
    "council.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=7 * 24 * 3600)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:landing"

# django-allauth: login by email, no open sign-up (the secretariat creates accounts).
ACCOUNT_ADAPTER = "council.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
# A person is told when their password, address or second factor changes (a notice through the outbox).
ACCOUNT_EMAIL_NOTIFICATIONS = env.bool("ACCOUNT_EMAIL_NOTIFICATIONS", default=True)
# The subject prefix of every email: this when set, else the council's short name in the recipient's language
# (council.outbox.build.subject_prefix; allauth's emails take it through council.adapters).
EMAIL_SUBJECT_PREFIX_FIXED = env.str("EMAIL_SUBJECT_PREFIX", default="")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Failed sign-ins slow an attacker without locking the owner out (see council.adapters): "ip" is the
# client's address (from the proxy's header when BEHIND_PROXY), "key" is that address with the account;
# "login_failed_account" caps failures per account from browsers that never signed in to it.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "login_failed_account": env.str("LOGIN_FAILED_ACCOUNT_RATE_LIMIT", default="20/h/key"),
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# A browser that signed in to an account is known to it for this long (exempt from the per-account cap).
LOGIN_DEVICE_COOKIE_AGE = env.int("LOGIN_DEVICE_COOKIE_AGE", default=180 * 24 * 3600)

# The client's address (council.adapters.client_ip, used by every allauth rate limit): behind the TLS
# proxy, the X-Forwarded-For entry the outermost of our TRUSTED_PROXY_COUNT proxies appended (counted
# from the right), or the header the proxy sets (e.g. X-Real-IP); REMOTE_ADDR otherwise.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=not DEBUG)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_PROXY else 0
TRUSTED_CLIENT_IP_HEADER = (env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None) if BEHIND_PROXY else None

# Second factor: TOTP, security keys (WebAuthn, with user verification) and recovery codes. Staff and
# superusers must have one before the admin answers (council.middleware); so must people holding a
# membership role listed in MFA_REQUIRED_ROLES (e.g. "chair,co_chair"; none by default).
MFA_ADAPTER = "council.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "REC Central Asia"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_WEBAUTHN_USER_VERIFICATION = "required"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TRUST_ENABLED = False
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[])
# Fernet keys that encrypt second-factor secrets at rest, newest first (older ones still decrypt).
# Without it a key is derived from SECRET_KEY (and SECRET_KEY_FALLBACKS); see README.
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEY", default=[])

# Email: SMTP from EMAIL_URL in production; files under var/mail for the embedded default.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="REC secretariat <secretariat@rec.example.org>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where people are told to write (no account yet, a page they think they should see); "" shows no address.
SECRETARIAT_EMAIL = env.str("SECRETARIAT_EMAIL", default="")
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))

# Languages: Russian is the working language; English is the partners'; Uzbek (Latin) is offered.
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
    ("uz", _("Uzbek")),
]
# The portal's own catalogues, then Uzbek for the strings of Django and allauth that the portal shows (their
# own Uzbek is incomplete and mixes apostrophes; locale_vendor/README.md). makemessages touches only locale/.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
# Dates in each language's own style, one style per language (config/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru", "en"), "uz": ("ru", "en")}
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads (evidence of implementation, meeting documents) are PDFs of at most UPLOAD_MAX_BYTES each, read no
# further than that; a request body above UPLOAD_MAX_REQUEST_BYTES (or, from someone signed out, above
# DATA_UPLOAD_MAX_MEMORY_SIZE) answers 413 unread. Files are served only by access-checked views, never MEDIA_URL.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=3 * UPLOAD_MAX_BYTES + 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "council.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Celery: Redis is the broker when REDIS_URL is set; otherwise tasks run in-process (embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A task is acknowledged only once it has finished, and re-queued if its worker dies mid-way.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# Longest countdown or retry delay a task may use; the visibility timeout must exceed it, or Redis
# hands a delayed message to a second worker before the first one runs it.
CELERY_MAX_COUNTDOWN = env.int("CELERY_MAX_COUNTDOWN", default=2 * 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_MAX_COUNTDOWN + 3600),
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "sessions-clear-expired": {
        "task": "council.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=17),
    },
    "meetings-reminders-due": {"task": "meetings.tasks.reminders_due", "schedule": 5 * 60},
    "outbox-sweep": {"task": "council.outbox.tasks.outbox_sweep", "schedule": 2 * 60},
    # The daily digest of notices, for those who chose one: 03:30 UTC is 08:30 in Tashkent.
    "outbox-digests": {"task": "council.outbox.tasks.digests_send", "schedule": crontab(hour=3, minute=30)},
    "webhooks-dispatch-due": {"task": "council.webhooks.tasks.deliveries_dispatch_due", "schedule": 60},
    "recommendations-rounds-close-due": {"task": "recommendations.tasks.rounds_close_due", "schedule": 60},
    "recommendations-round-reminders-due": {"task": "recommendations.tasks.round_reminders_due", "schedule": 5 * 60},
    "reports-sweep": {"task": "reports.tasks.reports_sweep", "schedule": 5 * 60},
    "partners-usage-flush": {"task": "council.partners.tasks.usage_flush", "schedule": 5 * 60},
    "recommendations-report-reminders": {
        "task": "recommendations.tasks.report_reminders_due",
        "schedule": crontab(hour=6, minute=5),
    },
}

# PDF reports are rendered on their own queue (a worker of their own: `celery worker -Q reports`), each within
# these limits (seconds); the worker's processes may also be limited in memory (REPORTS_WORKER_MEMORY_MB).
REPORTS_QUEUE = env.str("REPORTS_QUEUE", default="reports")
REPORTS_SOFT_TIME_LIMIT = env.int("REPORTS_SOFT_TIME_LIMIT", default=240)
REPORTS_TIME_LIMIT = env.int("REPORTS_TIME_LIMIT", default=300)
# The sweep dispatches again reports still `queued` this long after they were asked for (e.g. Redis was down).
REPORTS_SWEEP_AFTER_SECONDS = env.int("REPORTS_SWEEP_AFTER_SECONDS", default=300)
# Members (not the secretariat) may have this many reports queued or rendering at once.
REPORTS_IN_FLIGHT_PER_PERSON = env.int("REPORTS_IN_FLIGHT_PER_PERSON", default=3)

# The outbox (every outgoing email). SMTP errors are retried after these delays (seconds) before a message is
# `failed`: 63 minutes in all by default, so a mail server down for half an hour loses nothing. The MEETINGS_*
# names of these variables are still read when the OUTBOX_* ones are not set.
OUTBOX_RETRY_DELAYS = env.list(
    "OUTBOX_RETRY_DELAYS",
    cast=float,
    default=env.list("MEETINGS_SEND_RETRY_DELAYS", cast=float, default=[60, 120, 300, 600, 900, 1800]),
)
# A row left `sending` longer than this belongs to a worker that died; it may be sent again.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=env.int("MEETINGS_SEND_LEASE_SECONDS", default=300))
# The sweep re-dispatches rows still `queued` this long after they were due (e.g. Redis was down).
OUTBOX_SWEEP_AFTER_SECONDS = env.int(
    "OUTBOX_SWEEP_AFTER_SECONDS", default=env.int("MEETINGS_SWEEP_AFTER_SECONDS", default=120)
)
# A task that sends in batches (invitations) claims up to this many rows and sends them on one SMTP session.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
if OUTBOX_BATCH_SIZE < 1:
    raise ImproperlyConfigured("OUTBOX_BATCH_SIZE must be at least 1.")
# The outbox sends through this backend, which keeps one session of EMAIL_BACKEND per worker thread.
OUTBOX_EMAIL_BACKEND = "council.outbox.backend.ReusedSessionBackend"
# Webhooks to partner organisations (council.webhooks). A delivery that fails (an error answer, a timeout, no
# connection) is tried again after each of these delays (seconds), then it is `failed`: 27.6 hours in all by
# default, so a partner's server down for a day loses nothing. The waits are rows in the database (their
# `queued_at`), dispatched by the beat once due, never Celery countdowns. `check --deploy` wants them to add up
# to 24 hours at least.
WEBHOOK_RETRY_DELAYS = env.list(
    "WEBHOOK_RETRY_DELAYS", cast=float, default=[10, 60, 300, 1800, 7200, 18000, 36000, 36000]
)
# Seconds to connect to a partner's server, and for the whole request (connect, send, answer).
WEBHOOK_CONNECT_TIMEOUT_SECONDS = env.float("WEBHOOK_CONNECT_TIMEOUT_SECONDS", default=5)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10)
# Of a partner's answer, at most this many bytes are read (an excerpt of 500 characters is kept).
WEBHOOK_RESPONSE_MAX_BYTES = env.int("WEBHOOK_RESPONSE_MAX_BYTES", default=4096)
# After a rotation the previous secret still signs (a second signature) for this long.
WEBHOOK_PREVIOUS_SECRET_HOURS = env.int("WEBHOOK_PREVIOUS_SECRET_HOURS", default=24)
# Webhooks never go to loopback, private, link-local or metadata addresses. Tests and the embedded default
# (`make run`, DEBUG on: a receiver on your own machine) admit loopback, and only loopback; never in production.
WEBHOOKS_ALLOW_LOOPBACK = env.bool("WEBHOOKS_ALLOW_LOOPBACK", default=DEBUG)
# RSVP links work until this long after they were made (and never after the meeting).
MEETINGS_RSVP_TOKEN_MAX_AGE = env.int("MEETINGS_RSVP_TOKEN_MAX_AGE", default=120 * 24 * 3600)
# How many alternates an invitee may nominate for one invitation (refused ones count too).
MEETINGS_NOMINATIONS_PER_INVITATION = env.int("MEETINGS_NOMINATIONS_PER_INVITATION", default=2)
# A silence procedure reminds the members who have not answered this many hours before its deadline.
RECOMMENDATIONS_SILENCE_REMINDER_HOURS = env.list("RECOMMENDATIONS_SILENCE_REMINDER_HOURS", cast=int, default=[72, 24])
# Persons have no time zone of their own: a round's deadline is shown in its meeting's zone, else in this one
# (the council's seat).
RECOMMENDATIONS_ROUND_TIME_ZONE = env.str("RECOMMENDATIONS_ROUND_TIME_ZONE", default="Asia/Tashkent")
# Who signs the invitation letters (meetings/reports.py): a name and a title, as printed under the letter. An
# empty title prints the translated "Head of the Secretariat"; an empty name prints the title alone.
REPORTS_SIGNATORY = {
    "name": env.str("REPORTS_SIGNATORY_NAME", default=""),
    "title": env.str("REPORTS_SIGNATORY_TITLE", default=""),
}
if max(OUTBOX_RETRY_DELAYS, default=0) > CELERY_MAX_COUNTDOWN:
    raise ImproperlyConfigured("An OUTBOX_RETRY_DELAYS entry is longer than CELERY_MAX_COUNTDOWN.")
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_MAX_COUNTDOWN:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_MAX_COUNTDOWN.")

# Security headers. In production (DEBUG off) cookies are secure and HTTPS is enforced.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every step of every rendering at INFO; its warnings (refused URLs, bad CSS) still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# The demo accounts of the embedded default (their passwords are printed): refused at sign-in while DEBUG is off,
# and `check --deploy` fails while one of them can sign in.
DEMO_ACCOUNT_EMAIL = "secretariat@demo.rec.example.org"
DEMO_MEMBER_EMAIL = "demo.member@demo.rec.example.org"
DEMO_ACCOUNT_EMAILS = [DEMO_ACCOUNT_EMAIL, DEMO_MEMBER_EMAIL]

# The partner API (/api/v1/, DESIGN.md "Partner API"). Keys come from the admin; every view takes its parts from
# council.partners. Answers are JSON only; errors are problem details (RFC 9457).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "council.partners.authentication.PartnerKeyAuthentication",
        "council.partners.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["council.partners.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["council.partners.throttling.ScopedKeyThrottle"],
    "DEFAULT_PAGINATION_CLASS": "council.partners.pagination.PartnerCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "council.partners.schema.PartnerAutoSchema",
    "EXCEPTION_HANDLER": "council.partners.errors.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNICODE_JSON": True,
    # Answers are JSON only; `format` is a filter of its own (a meeting's format), not a renderer's name.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per minute per key and scope (per person for sessions), counted in the shared cache (Redis).
# How many webhook endpoints one partner organisation may register.
WEBHOOK_ENDPOINTS_PER_ORGANISATION = env.int("WEBHOOK_ENDPOINTS_PER_ORGANISATION", default=10)
PARTNER_API_RATES = {
    "default": env.int("PARTNER_API_RATE_READ", default=600),
    "consultation:comment": env.int("PARTNER_API_RATE_COMMENT", default=30),
    "webhooks:manage": env.int("PARTNER_API_RATE_WEBHOOKS", default=60),
    "session": env.int("PARTNER_API_RATE_SESSION", default=300),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Regional Expert Council: partner API",
    "DESCRIPTION": (
        "Published recommendations, meetings, documents, implementation figures and reports of the Central Asia "
        "Regional Expert Council on the Rehabilitation and Reintegration of Returnees, for partner organisations.\n\n"
        "# Authentication\n\nSend the key the secretariat issued to your organisation in every request: "
        "`Authorization: Api-Key <key>`. Each key holds scopes (one per resource); a key without the scope of a "
        "resource gets 403. No key, or an unknown, expired or revoked one, gets 401. Something your key may not "
        "see answers 404, like something that does not exist.\n\n"
        "# Pages and caching\n\nLists are paged by cursor: follow `next` and `previous`; `page_size` is at most "
        "100. Every answer carries an `ETag` (and `Last-Modified` where known): send it back as `If-None-Match` "
        "(or `If-Modified-Since`) and an unchanged answer is `304 Not Modified`, with no body.\n\n"
        "# Limits\n\nRequests are counted per key and scope per minute; over the limit the answer is 429 with "
        "`Retry-After` (seconds).\n\n"
        "# Errors\n\nEvery error is a problem details object (RFC 9457, `application/problem+json`): `type`, "
        "`title`, `status`, a stable `code`, a `detail` sentence in the language of `Accept-Language`, and for "
        "400 the messages per field in `errors`.\n\n"
        "# Webhooks\n\nDeliveries are signed as Standard Webhooks do (`webhook-id`, `webhook-timestamp`, "
        "`webhook-signature`): verify them with your endpoint's secret and deduplicate by `webhook-id`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "council.partners.schema.filters_need_a_value",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets named once, so that fields of the same name in other resources (kind, status, language) never
    # collide.
    "ENUM_NAME_OVERRIDES": {
        "RecommendationStatusEnum": "recommendations.models.Recommendation.Status",
        "PublishedRecommendationStatusEnum": "recommendations.api.PUBLISHED_CHOICES",
        "AdoptionMilestoneEnum": "recommendations.api.MILESTONE_CHOICES",
        "LanguageEnum": "config.settings.LANGUAGES",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ReportKindEnum": "reports.models.ReportKind",
        "RoadmapStatusEnum": "programme.models.Roadmap.Status",
        "AccessEnum": "council.models.Access",
        "RoadmapAccessEnum": "programme.models.ROADMAP_ACCESS",
        "ActivityStatusEnum": "programme.models.Activity.Status",
        "ActivityKindEnum": "programme.models.Activity.Kind",
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKey": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "`Api-Key <key>`",
            }
        }
    },
    "SECURITY": [{"ApiKey": []}],
    "AUTHENTICATION_WHITELIST": [],
}
