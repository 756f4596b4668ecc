"""The one settings object of the package.

Every technical setting lives in one dict, ``WAGTAIL_ANALYTICS``, in the host project's
settings. It is read lazily through :data:`analytics_settings`, never at import time, and
re-read when Django's ``setting_changed`` signal fires, so ``override_settings`` works in
tests. Unknown keys raise ``ImproperlyConfigured`` instead of being silently ignored.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SETTING_NAME = "WAGTAIL_ANALYTICS"

DEFAULTS = {
    # Template that the package's page templates extend. Point it at a template of your
    # own that provides the documented blocks to put the pages inside your site's layout.
    "BASE_TEMPLATE": "wagtail_analytics/base.html",
    # Articles per page on article index, rubric and author listings.
    "ARTICLES_PER_PAGE": 12,
    # Compact publication date-time format per language code, in Django's date format
    # syntax. Languages not listed use their own SHORT_DATETIME_FORMAT.
    "DATETIME_FORMATS": {"en": "d.m.y H:i", "ru": "d.m.y H:i"},
    # Rendition filter spec of the cover image on the article page and in listings.
    "COVER_RENDITION": "fill-1200x630",
    "LISTING_RENDITION": "fill-480x270",
    # Rendition filter spec of images in the article body.
    "BODY_IMAGE_RENDITION": "width-1200",
    # --- Read counter -------------------------------------------------------------------
    # Where counts are kept: {"BACKEND": dotted path, "OPTIONS": {...}}. Built-in backends:
    # ...backends.database.DatabaseReadCounter (default), ...backends.redis.RedisReadCounter
    # (OPTIONS: URL, KEY_PREFIX, FALLBACK, SOCKET_TIMEOUT), ...backends.dummy.DummyReadCounter.
    "READ_COUNTER": {
        "BACKEND": "wagtail_analytics.read_counter.backends.database.DatabaseReadCounter",
        "OPTIONS": {},
    },
    # A reader's views of one article within this many seconds count as one read.
    "READ_DEDUP_WINDOW": 24 * 60 * 60,
    # Seconds the page must be visible before the beacon is sent.
    "READ_DWELL_SECONDS": 0,
    # How long a read token stays valid (seconds). Keep it longer than any page cache TTL.
    "READ_TOKEN_MAX_AGE": 7 * 24 * 60 * 60,
    # Logged-in users who may edit the article are not counted.
    "READ_IGNORE_EDITORS": True,
    # New readers one IP prefix (/24, /48) may add to one article per dedup window.
    "READ_PREFIX_CAP": 300,
    # Addresses or networks of reverse proxies whose forwarded-for headers are trusted.
    "TRUSTED_PROXIES": [],
    # Daily read rows older than this many days are removed by `prune_reads`.
    "READ_RETENTION_DAYS": 400,
    # max-age (seconds) of the Cache-Control header on the public counts endpoint.
    "READ_COUNTS_MAX_AGE": 30,
    # --- News feed, syndication feeds, sitemaps, structured data --------------------------
    # Alias of the Django cache (CACHES) that holds news feed lists.
    "NEWS_FEED_CACHE": "default",
    # Seconds a "latest" list is kept. Publishing, unpublishing, moving or deleting an
    # article, or changing a rubric, drops every list at once; this only bounds how old the
    # read and comment counts in a list may be.
    "NEWS_FEED_CACHE_TIMEOUT": 300,
    # Seconds a "most read" list is kept, i.e. how often the ranking is worked out again.
    "NEWS_FEED_MOST_READ_REFRESH": 600,
    # max-age (seconds) of the Cache-Control header on the news feed API endpoint.
    "NEWS_FEED_API_MAX_AGE": 60,
    # Articles in each RSS and Atom feed.
    "FEED_ITEMS": 30,
    # Publisher name in JSON-LD, feeds and the news sitemap. None: the Wagtail site's name,
    # then WAGTAIL_SITE_NAME. Must match the name search engines know the publication by.
    "PUBLISHER_NAME": None,
    # URL of the publisher's logo for JSON-LD (absolute, or a path on the site). None: none.
    "PUBLISHER_LOGO": None,
    # The site's account for the twitter:site card tag, e.g. "@example". Empty: left out.
    "TWITTER_SITE": "",
    # --- Comments -----------------------------------------------------------------------
    # The moderation pipeline: ordered stages, like AUTH_PASSWORD_VALIDATORS.
    "COMMENT_PIPELINE": [
        {"STAGE": "wagtail_analytics.moderation.stages.ClosedStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.LengthStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.TicketStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.RateLimitStage"},
        # After the ticket and the rate limit, so that bots cannot store spam endlessly.
        {"STAGE": "wagtail_analytics.moderation.stages.HoneypotStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.DuplicateStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.LinksStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.RulesStage"},
    ],
    # Timing ticket: a form sent faster than this, or older than the maximum, is refused.
    "COMMENT_TICKET_MIN_SECONDS": 3,
    "COMMENT_TICKET_MAX_AGE": 2 * 60 * 60,
    # Name of the honeypot field that people never see and bots fill in.
    "COMMENT_HONEYPOT_FIELD": "website",
    # Hard cap on Unicode code points, so combining marks cannot bloat a comment.
    "COMMENT_MAX_CODE_POINTS_FACTOR": 8,
    # Rate limit per reader fingerprint (cache-based, atomic).
    "COMMENT_RATE_LIMITS": {"minute": 5, "hour": 30},
    # Comments with this many links or more are held for moderation.
    "COMMENT_HOLD_LINKS": 2,
    # Days after which rejected and spam comments are deleted by purge_comments.
    "COMMENT_PURGE_DAYS": 30,
    # Days after which fingerprints are stripped from comments by purge_comments.
    "COMMENT_FINGERPRINT_DAYS": 30,
    # --- Headless API: HTTP caching and preview ----------------------------------------
    # max-age (seconds) of Cache-Control on the discussion endpoint (comment form settings).
    # Its timing ticket is not per reader, so a shared cache may hand it to many readers.
    "DISCUSSION_API_MAX_AGE": 60,
    # max-age (seconds) of Cache-Control on the published comments endpoint.
    "COMMENTS_API_MAX_AGE": 30,
    # max-age (seconds) of Cache-Control on the API's openapi.json.
    "OPENAPI_MAX_AGE": 300,
    # URL of the decoupled front end's article page, e.g. "https://www.example.com/article.html".
    # When set, Wagtail's preview of an article sends the editor there with ?preview_token=...,
    # and the front end reads the draft from GET /api/analytics/preview/?token=...
    # None: the preview stays server-rendered.
    "HEADLESS_PREVIEW_URL": None,
    # How long a preview token stays valid (seconds).
    "PREVIEW_TOKEN_MAX_AGE": 60 * 60,
}


class AnalyticsSettings:
    """Attribute access to ``WAGTAIL_ANALYTICS`` with defaults, e.g. ``ARTICLES_PER_PAGE``."""

    def __init__(self, defaults=None):
        self.defaults = defaults or DEFAULTS
        self._user_settings = None
        self._cached = set()

    @property
    def user_settings(self):
        if self._user_settings is None:
            value = getattr(settings, SETTING_NAME, {}) or {}
            if not isinstance(value, dict):
                raise ImproperlyConfigured(f"{SETTING_NAME} must be a dict.")
            unknown = sorted(set(value) - set(self.defaults))
            if unknown:
                raise ImproperlyConfigured(
                    f"Unknown key(s) in {SETTING_NAME}: {', '.join(unknown)}. "
                    f"Known keys: {', '.join(sorted(self.defaults))}."
                )
            self._user_settings = value
        return self._user_settings

    def __getattr__(self, name):
        if name not in self.defaults:
            raise AttributeError(f"Invalid {SETTING_NAME} setting: {name!r}")
        value = self.user_settings.get(name, self.defaults[name])
        self._cached.add(name)
        setattr(self, name, value)
        return value

    def reload(self):
        for name in self._cached:
            delattr(self, name)
        self._cached.clear()
        self._user_settings = None


analytics_settings = AnalyticsSettings(DEFAULTS)


def reload_analytics_settings(*, setting, **kwargs):
    """``setting_changed`` receiver, connected in ``AppConfig.ready()``."""
    if setting == SETTING_NAME:
        analytics_settings.reload()
