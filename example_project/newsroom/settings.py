"""Settings of the example news site. Local demo use only: DEBUG is on by default.

DATABASE_URL switches the database (default: SQLite next to manage.py), for example
DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-project-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "newsroom",
    "wagtail_analytics",
    "corsheaders",
    "ninja",  # serves Swagger UI's files for /api/analytics/docs/ from this site
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETags and 304s for everything else too, Wagtail's API v2 included.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, env="DATABASE_URL"
    )
}

AUTH_PASSWORD_VALIDATORS = []

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

WAGTAIL_SITE_NAME = "Varnavan Daily"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The demo never fetches anything from another host.
WAGTAILEMBEDS_FINDERS = []

# Decoupled front ends allowed to call the JSON API from the browser (django-cors-headers).
CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:8001", "http://localhost:8001"]
CORS_URLS_REGEX = r"^/api/"

WAGTAIL_ANALYTICS = {
    "BASE_TEMPLATE": "newsroom/base.html",
    # Wagtail's preview of an article opens the headless demo front end (`make demo`) with a
    # preview token; HEADLESS_PREVIEW_URL= (empty) keeps the server-rendered preview.
    "HEADLESS_PREVIEW_URL": os.environ.get(
        "HEADLESS_PREVIEW_URL", "http://127.0.0.1:8001/article.html"
    )
    or None,
}

# READ_COUNTER_BACKEND=redis (with REDIS_URL) buffers read counts in Redis;
# run `manage.py flush_reads` (or the flush task) to move them into the database.
if os.environ.get("READ_COUNTER_BACKEND") == "redis":
    WAGTAIL_ANALYTICS["READ_COUNTER"] = {
        "BACKEND": "wagtail_analytics.read_counter.backends.redis.RedisReadCounter",
        "OPTIONS": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")},
    }
