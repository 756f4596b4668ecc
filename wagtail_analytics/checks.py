"""System checks that turn a misconfigured host project into a clear message."""

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

REQUIRED_APPS = (
    "wagtail",
    "wagtail.admin",
    "wagtail.snippets",
    "wagtail.images",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "modelcluster",
    "taggit",
)


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    """wagtail_analytics.E001: an app the package relies on is not installed."""
    return [
        Error(
            f"'{name}' must be in INSTALLED_APPS to use wagtail_analytics.",
            hint="See the Installation section of the wagtail-analytics-news README.",
            id="wagtail_analytics.E001",
        )
        for name in REQUIRED_APPS
        if not apps.is_installed(name)
    ]


@register()
def check_settings(app_configs=None, **kwargs):
    """E002: WAGTAIL_ANALYTICS has an unknown key or a wrong value; E003: bad READ_COUNTER."""
    from .conf import analytics_settings

    analytics_settings.reload()
    errors = []
    try:
        per_page = analytics_settings.ARTICLES_PER_PAGE
        formats = analytics_settings.DATETIME_FORMATS
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="wagtail_analytics.E002")]
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        errors.append(
            Error(
                "WAGTAIL_ANALYTICS['ARTICLES_PER_PAGE'] must be a positive integer.",
                id="wagtail_analytics.E002",
            )
        )
    try:
        from .read_counter import get_read_counter

        get_read_counter()
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), id="wagtail_analytics.E003"))
    except Exception as exc:  # a backend whose constructor fails (bad Redis URL...)
        errors.append(
            Error(f"The read counter backend cannot be built: {exc}", id="wagtail_analytics.E003")
        )
    if not isinstance(formats, dict):
        errors.append(
            Error(
                "WAGTAIL_ANALYTICS['DATETIME_FORMATS'] must be a dict of language code to "
                "date format.",
                id="wagtail_analytics.E002",
            )
        )
    return errors


@register()
def check_news_feed_settings(app_configs=None, **kwargs):
    """E002: a news feed setting has a wrong value or names a cache that does not exist."""
    from django.conf import settings

    from .conf import analytics_settings

    try:
        alias = analytics_settings.NEWS_FEED_CACHE
        numbers = {
            name: getattr(analytics_settings, name)
            for name in (
                "NEWS_FEED_CACHE_TIMEOUT",
                "NEWS_FEED_MOST_READ_REFRESH",
                "NEWS_FEED_API_MAX_AGE",
                "FEED_ITEMS",
            )
        }
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="wagtail_analytics.E002")]
    errors = []
    caches = getattr(settings, "CACHES", None) or {"default": {}}
    if alias not in caches:
        errors.append(
            Error(
                f"WAGTAIL_ANALYTICS['NEWS_FEED_CACHE'] is {alias!r}, which is not in CACHES.",
                id="wagtail_analytics.E002",
            )
        )
    for name, value in numbers.items():
        lowest = 1 if name == "FEED_ITEMS" else 0
        if not isinstance(value, int) or isinstance(value, bool) or value < lowest:
            errors.append(
                Error(
                    f"WAGTAIL_ANALYTICS['{name}'] must be an integer of at least {lowest}.",
                    id="wagtail_analytics.E002",
                )
            )
    return errors
