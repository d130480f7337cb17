"""Settings shared by every environment.

Secure by default: DEBUG is off and the secret key comes from the environment. ``dev`` and
``test`` relax what they must; ``production`` refuses to start without its variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("KB_VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]

INSTALLED_APPS = [
    "kb",
    "faq",
    "search",
    "search.analytics",
    "console",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # intcomma: counts grouped per language; USE_THOUSAND_SEPARATOR stays off (it would break ids in URLs).
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "kb.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "kb.signed_in_user.SignedInUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "kb.page_cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "kb.urls"
WSGI_APPLICATION = "kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Without DATABASE_URL the project runs on an embedded SQLite file, so a newcomer needs no
# services; production sets DATABASE_URL to PostgreSQL.
if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The search statement is prepared once per session (search/stores/prepared.py); its plan
    # does not depend on the values, so the generic plan is used from the first run instead of
    # planning it five more times. Only prepared statements read this setting.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
# Off for connection poolers that move prepared statements between sessions (PgBouncer in
# transaction mode).
KB_SEARCH_PREPARED_STATEMENTS = os.environ.get("KB_SEARCH_PREPARED_STATEMENTS", "1") != "0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Romanian is the default and the source language of all content.
LANGUAGE_CODE = "ro"
LANGUAGES = [
    ("ro", "Română"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("en", "English"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Where a page or answer is not yet translated, show it in the first of these languages that has
# it (kb/languages.py). Override with KB_LANGUAGE_FALLBACKS="uk:ru,ro;ru:ro;en:ro".
KB_LANGUAGE_FALLBACKS = {"uk": ["ru", "ro"], "ru": ["ro"], "en": ["ro"]}
if os.environ.get("KB_LANGUAGE_FALLBACKS") is not None:
    KB_LANGUAGE_FALLBACKS = {
        language.strip(): [code.strip() for code in chain.split(",") if code.strip()]
        for language, _sep, chain in (rule.partition(":") for rule in os.environ["KB_LANGUAGE_FALLBACKS"].split(";"))
        if language.strip()
    }
WAGTAIL_I18N_ENABLED = True
# A page submitted for translation stays a draft until its translation is published: a live copy
# still in Romanian would hide the reader's fallback language behind untranslated text.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
# Where a language writes dates differently from Django (Romanian month names in lower case).
FORMAT_MODULE_PATH = ["kb.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Chisinau"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One cache shared by every gunicorn worker on the host: public page caching, the generation
# counter that publishing bumps, and the feedback rate limit all need the workers to agree.
# A file-based cache needs no service; KB_CACHE_BACKEND/KB_CACHE_LOCATION point a multi-host
# deployment at a shared one (for example django.core.cache.backends.redis.RedisCache).
CACHES = {
    "default": {
        "BACKEND": os.environ.get("KB_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
        "LOCATION": os.environ.get("KB_CACHE_LOCATION", str(VAR_DIR / "cache")),
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Anonymous public pages are cached whole for this long at most (kb/page_cache.py); publishing
# invalidates them at once. 0 turns page caching off.
KB_PAGE_CACHE_SECONDS = int(os.environ.get("KB_PAGE_CACHE_SECONDS", "300"))

# Public entry views are counted in each worker's memory and written this often (seconds).
KB_VIEW_FLUSH_SECONDS = int(os.environ.get("KB_VIEW_FLUSH_SECONDS", "30"))

# "Was this helpful?": votes one reader may send in an hour (faq/feedback.py).
KB_FEEDBACK_VOTES_PER_HOUR = int(os.environ.get("KB_FEEDBACK_VOTES_PER_HOUR", "20"))

LOGIN_URL = "wagtailadmin_login"

WAGTAIL_SITE_NAME = _("Migration and asylum knowledge base")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the shared cache and written through to the database: every operator
# search request reads the session, and the cache answers without a database round trip.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail.contrib.redirects": {"level": "WARNING"},
    },
}

# Verification: an entry is "due soon" this many days before its earliest source review date;
# fact-sheet sources without their own interval are re-verified this often.
KB_DUE_SOON_DAYS = int(os.environ.get("KB_DUE_SOON_DAYS", "14"))
KB_FACT_SHEET_REVIEW_DAYS = int(os.environ.get("KB_FACT_SHEET_REVIEW_DAYS", "180"))
# Hide public entries whose sources are overdue by more than this many days (unset: hide none).
KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS = (
    int(os.environ["KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS"]) if os.environ.get("KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS") else None
)

# Search (DESIGN.md section 3, docs/search.md). With ELASTICSEARCH_URL set, Elasticsearch answers
# and the database store stands in when it is unreachable, erroring or slower than the timeout.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
KB_SEARCH_BACKEND = os.environ.get("KB_SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database")
KB_SEARCH_INDEX_PREFIX = os.environ.get("KB_SEARCH_INDEX_PREFIX", "kb-faq")
KB_SEARCH_TIMEOUT_MS = int(os.environ.get("KB_SEARCH_TIMEOUT_MS", "300"))
# Search analytics are kept this many days; `purge_search_log` (run daily) enforces it.
KB_SEARCH_LOG_RETENTION_DAYS = int(os.environ.get("KB_SEARCH_LOG_RETENTION_DAYS", "90"))
