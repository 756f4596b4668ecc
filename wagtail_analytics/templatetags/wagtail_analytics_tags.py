"""Template tags and filters of wagtail_analytics: ``{% load wagtail_analytics_tags %}``."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
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


def _counter_templates():
    from django.utils.translation import gettext, ngettext

    def form(n):
        return ngettext("You can enter %(n)s character", "You can enter %(n)s characters", n) % {
            "n": "__N__"
        }

    return {
        "one": form(1),
        "few": form(2),
        "many": form(5),
        "other": form(5),
        "too_long": gettext("Too long by %(n)s") % {"n": "__N__"},
    }


@register.inclusion_tag("wagtail_analytics/includes/comments.html", takes_context=True)
def wa_comments(context, page):
    """Published comments of an article and, while comments are open, the comment form."""
    from django.core.paginator import Paginator
    from django.urls import NoReverseMatch, reverse
    from django.utils.translation import ngettext

    from ..comments import comment_count_for, discussion, published_comments
    from ..moderation.policy import comment_settings_for
    from ..moderation.text import grapheme_length

    request = context.get("request")
    site_settings = comment_settings_for(request)
    state = discussion(page, request)
    comments = published_comments(page, newest_first=site_settings.newest_first)
    page_number = request.GET.get("comments_page") if request is not None else None
    paginator = Paginator(comments, site_settings.comments_per_page)
    paginator.__dict__["count"] = comment_count_for(page)  # already counted: no second COUNT
    comments = paginator.get_page(page_number)
    form_state = getattr(request, "wa_comment_form", None) or {}
    data = form_state.get("data") or {}
    decision = form_state.get("decision")
    remaining = state["max_length"] - grapheme_length(str(data.get("body") or ""))
    notice = ""
    status = request.GET.get("comment") if request is not None else None
    if status == "pending":
        notice = _("Thank you! Your comment is awaiting moderation.")
    elif status == "published":
        notice = _("Your comment has been published.")
    try:
        form_action = reverse("wagtail_analytics:post_comment", args=[page.pk])
        api_url = reverse("wagtail_analytics_api:post_comment", args=[page.pk])
    except NoReverseMatch:
        form_action = api_url = ""
    templates = _counter_templates()
    if remaining >= 0:
        counter_text = ngettext(
            "You can enter %(n)s character", "You can enter %(n)s characters", remaining
        ) % {"n": remaining}
    else:
        counter_text = templates["too_long"].replace("__N__", str(-remaining))
    return {
        "request": request,
        "count": comment_count_for(page),
        "comments": comments,
        "open": state["open"] and bool(form_action),
        "rules_html": state["rules"]["html"],
        "ticket": state["ticket"],
        "honeypot": state["honeypot_field"],
        "max_length": state["max_length"],
        "form_action": form_action,
        "api_url": api_url,
        "data": data,
        "error": str(decision.message) if decision else "",
        "notice": notice,
        "counter_text": counter_text,
        "counter_templates": templates,
    }


@register.simple_tag
def wa_comment_count(article):
    """The number of published comments of an article (from a listing's bulk count if any)."""
    from ..comments import comment_count_for

    return comment_count_for(article)


# News feed, syndication feeds and structured data ------------------------------------------


@register.filter
def wa_feed_time(value, show="time"):
    """A news feed item's time: ``time`` (15:40), ``date`` (18.04.24) or ``datetime``.

    The parts come from the compact date-time format of the language, split at its last
    space (``d.m.y H:i`` gives ``d.m.y`` and ``H:i``).
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    full = compact_datetime_format()
    date_part, _space, time_part = full.rpartition(" ")
    fmt = {"time": time_part, "date": date_part}.get(show) or full
    return date_format(value, fmt)


@register.simple_tag(takes_context=True)
def news_feed(context, count=None, rubric=None, order=None, show=None, title=None, exclude=None):
    """The news feed, as ``NewsFeedBlock`` renders it: ``{% news_feed count=10 exclude=page %}``.

    ``rubric``: a Rubric or a slug; ``order``: ``latest``, ``most_read_24h``,
    ``most_read_7d``; ``show``: ``time``, ``date``, ``datetime``; ``exclude``: a page (or
    id) to leave out. Renders nothing when there are no articles.
    """
    from django.template.loader import render_to_string

    from .. import news_feed as feed

    items = feed.get_news_feed(
        count=feed.DEFAULT_COUNT if count is None else count,
        rubric=rubric,
        order=order or feed.DEFAULT_ORDER,
        request=context.get("request"),
        page=context.get("page"),
        exclude=exclude,
    )
    html = render_to_string(
        "wagtail_analytics/news_feed.html",
        feed.feed_context(title=title, show=show, items=items),
    )
    return mark_safe(html.strip())  # a template's output; stripped so an empty aside stays :empty


@register.simple_tag
def wa_feed_url(fmt="rss", rubric=None, author=None):
    """Address of the RSS (or ``"atom"``) feed of the site, a rubric or an author, or ``""``."""
    from ..feeds import feed_url

    return feed_url(fmt, rubric=rubric, author=author)


@register.inclusion_tag("wagtail_analytics/includes/feed_links.html", takes_context=True)
def wa_feed_links(context, rubric=None, author=None):
    """``<link rel="alternate">`` tags of the site's feeds, and of a rubric's or author's."""
    from ..feeds import FEED_MIME_TYPES, feed_url
    from ..structured_data import publisher_name

    request = context.get("request")
    site = None
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    name = publisher_name(site)
    subjects = [({}, name)]
    if rubric:
        subjects.append(({"rubric": rubric}, f"{name}: {rubric.name}"))
    if author:
        subjects.append(({"author": author}, f"{name}: {author.name}"))
    links = []
    for kwargs, title in subjects:
        for fmt, label in (("rss", "RSS"), ("atom", "Atom")):
            href = feed_url(fmt, **kwargs)
            if href:
                links.append(
                    {"type": FEED_MIME_TYPES[fmt], "title": f"{title} ({label})", "href": href}
                )
    return {"links": links}


@register.inclusion_tag("wagtail_analytics/includes/article_meta.html", takes_context=True)
def wa_article_meta(context, page):
    """OpenGraph and Twitter card tags and ``NewsArticle`` JSON-LD of an article."""
    from ..structured_data import article_metadata, json_ld_script, news_article_json_ld

    meta = article_metadata(
        page,
        request=context.get("request"),
        authors=context.get("authors"),
        index_page=context.get("index_page"),
    )
    return {"meta": meta, "json_ld": json_ld_script(news_article_json_ld(meta))}
