"""Template tags and filters of wagtail_analytics: ``{% load wagtail_analytics_tags %}``."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.images.shortcuts import get_rendition_or_not_found

from ..blocks import strip_empty_paragraphs
from ..conf import analytics_settings

register = template.Library()


def compact_datetime_format(language=None):
    """The compact date-time format for a language (``d.m.y H:i`` for English and Russian)."""
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    formats = analytics_settings.DATETIME_FORMATS
    return (
        formats.get(language)
        or formats.get(language.split("-")[0])
        or get_format("SHORT_DATETIME_FORMAT", lang=language)
    )


@register.filter
def wa_datetime(value):
    """A publication time in the compact form of the active language: ``18.04.24 15:40``."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, compact_datetime_format())


@register.filter
def wa_strip_empty_paragraphs(html):
    """Drop paragraphs with no visible content from rendered rich text."""
    return mark_safe(strip_empty_paragraphs(str(html)))  # input is already safe HTML


@register.simple_tag
def wa_rendition(image, setting_name):
    """A rendition of ``image`` with the filter spec named by a ``WAGTAIL_ANALYTICS`` key."""
    if image is None:
        return None
    return get_rendition_or_not_found(image, getattr(analytics_settings, setting_name))


def _index_url(context, index_page):
    # Worked out once per index page object: a listing asks for it for every card.
    if index_page is None:
        return None
    if "_wa_url" not in index_page.__dict__:
        index_page.__dict__["_wa_url"] = index_page.get_url(request=context.get("request"))
    return index_page.__dict__["_wa_url"]


@register.simple_tag(takes_context=True)
def wa_rubric_url(context, index_page, rubric):
    """Address of a rubric's listing below an article index page."""
    base = _index_url(context, index_page)
    if not base or rubric is None:
        return ""
    return base + index_page.reverse_subpage("rubric", args=[rubric.slug])


@register.simple_tag(takes_context=True)
def wa_author_url(context, index_page, author):
    """Address of an author's listing below an article index page."""
    base = _index_url(context, index_page)
    if not base or author is None:
        return ""
    return base + index_page.reverse_subpage("author", args=[author.slug])


@register.inclusion_tag("wagtail_analytics/includes/read_counter.html", takes_context=True)
def wa_read_counter(context, page):
    """ "Read: N" for an article, with the beacon that counts this view (never in previews)."""
    from django.urls import NoReverseMatch, reverse

    from ..read_counter import get_counts, make_read_token

    counts = getattr(page, "read_counts", None) or get_counts([page.pk])[page.pk]
    request = context.get("request")
    token = beacon_url = None
    if request is not None and not getattr(request, "is_preview", False) and page.live:
        try:
            beacon_url = reverse("wagtail_analytics_api:post_read")
        except NoReverseMatch:
            beacon_url = None  # the API is not mounted: show the count, send nothing
        if beacon_url:
            token = make_read_token(page.pk)
    return {
        "reads": counts.reads,
        "token": token,
        "beacon_url": beacon_url,
        "dwell": analytics_settings.READ_DWELL_SECONDS,
    }
