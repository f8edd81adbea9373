"""Settings for the test suite: production settings, with test-only speed-ups and safe defaults.

DATABASE_URL and REDIS_URL come from the environment (`.ci/run` points them at the machine's
PostgreSQL and Redis); without them the suite runs on SQLite and local memory.
"""

import os

# Tests run as production does (DEBUG off), whatever var/local.env says.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from config.settings import *  # noqa: F403
from config.settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A test process sends to the in-memory outbox; a worker started by a test gets EMAIL_URL (a real SMTP server).
if not os.environ.get("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A worker process started by a test stores files where the test reads them (MEDIA_ROOT from its environment).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT") or str(VAR_DIR / "test-media")
# Tasks run in-process unless a test starts a real worker and says otherwise (CELERY_TASK_ALWAYS_EAGER=false).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_TASK_ALWAYS_EAGER", "true").lower() in ("1", "true", "yes")
# A test's worker consumes the test's own queue; what that worker dispatches itself (the sweep) must go there too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_council")}
# Serve static files from the apps' folders, as in development: the suite never runs collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A webhook receiver of a test listens on 127.0.0.1: loopback (and nothing else private) is admitted.
WEBHOOKS_ALLOW_LOOPBACK = os.environ.get("WEBHOOKS_ALLOW_LOOPBACK", "true").lower() in ("1", "true", "yes")
