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
