"""Production: every secret and host comes from the environment (see docs/deploy.md)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import ALLOWED_HOSTS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the public host names (comma-separated).")


def _flag(name, default):
    return os.environ.get(name, default).lower() in {"1", "true", "yes", "on"}


CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# TLS ends at the proxy in front of gunicorn; it tells us the original scheme in this header.
if _flag("BEHIND_TLS_PROXY", "true"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "true")
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "true")
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", "true")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kb@localhost")

# The "Was this helpful?" rate limit tells readers apart by address: behind the proxy that is
# the last address the proxy appended to X-Forwarded-For, not REMOTE_ADDR (the proxy's own).
KB_CLIENT_IP_HEADER = os.environ.get(
    "KB_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR" if _flag("BEHIND_TLS_PROXY", "true") else "",
) or None
