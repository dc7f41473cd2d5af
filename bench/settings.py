"""Settings of the benchmark: the platform's own, with what a loopback benchmark needs.

The database comes from BENCH_DATABASE_URL (set by `python -m bench`). Only differences with
production that the measurement requires: plain HTTP on 127.0.0.1, allauth rate limits off
(50 simulated people log in from one address), static files served from the source tree
(no collectstatic), a bare reference page mounted by bench/urls.py.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("DEBUG", "0")

from apes_rh.settings import *  # noqa: E402,F403
from apes_rh.settings import BASE_DIR, STORAGES, env  # noqa: E402

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SITE_URL = "http://127.0.0.1"

DATABASES = {
    "default": env.db("BENCH_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'bench.sqlite3'}")
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("BENCH_CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# Plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# One address, many people: allauth's rate limits would throttle the load test's logins.
ACCOUNT_RATE_LIMITS = False

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the source tree by the finders
WHITENOISE_AUTOREFRESH = False

# Generated files (reports, uploads) stay in the git-ignored bench/data/.
MEDIA_ROOT = BASE_DIR / "bench" / "data" / "media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "bench" / "data" / "prive"

CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "ERROR"},
}
