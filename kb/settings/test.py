"""Test runs: DATABASE_URL picks PostgreSQL (``make test`` starts one), otherwise SQLite."""

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
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}, "loggers": {"wagtail": {"level": "WARNING"}}}
