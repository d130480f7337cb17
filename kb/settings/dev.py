"""Local development: the embedded SQLite default, debug on, mail printed to the console."""

from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, SECRET_KEY, STORAGES

DEBUG = True
# A fixed key is acceptable only because dev never runs with real users or data.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files straight from the apps, as runserver does; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
