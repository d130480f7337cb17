"""Settings for benchmark servers: production-like (DEBUG off, quiet logs) over plain HTTP on loopback."""

from kb.settings.base import *  # noqa: F401,F403
from kb.settings.base import LOGGING

SECRET_KEY = "benchmark-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
