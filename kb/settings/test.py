"""Test runs: DATABASE_URL picks PostgreSQL (``make test`` starts one), otherwise SQLite."""

import os

from .base import *  # noqa: F401,F403
from .base import LOGGING, STORAGES

SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files straight from the apps, as runserver does; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# In-process tests get a private in-memory cache; the browser tests' gunicorn site sets
# KB_CACHE_LOCATION to a directory of its own, shared by its workers.
if "KB_CACHE_LOCATION" not in os.environ:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb-tests"}}
# Tests read view counts right after the request that made them.
KB_VIEW_FLUSH_SECONDS = 0
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}, "loggers": {"wagtail": {"level": "WARNING"}}}
