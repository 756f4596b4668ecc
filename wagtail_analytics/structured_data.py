"""What search engines and social networks read about an article.

:func:`article_metadata` gathers it once (absolute URL, description, dates, authors with
their listing URLs, rubric, cover image, publisher, language); :func:`news_article_json_ld`
turns it into schema.org ``NewsArticle`` JSON-LD and the ``{% wa_article_meta %}`` tag
renders that together with OpenGraph and Twitter card tags.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from .conf import analytics_settings

# Like Django's json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def publisher_name(site=None):
    """``PUBLISHER_NAME``, else the Wagtail site's name, else ``WAGTAIL_SITE_NAME``."""
    return (
        analytics_settings.PUBLISHER_NAME
        or (getattr(site, "site_name", "") or "")
        or getattr(settings, "WAGTAIL_SITE_NAME", "")
    )


def absolute_url(url, root_url):
    """``url`` made absolute against a site's root URL (left alone when already absolute)."""
    if not url:
        return ""
    if url.startswith(("http://", "https://", "//")) or not root_url:
        return url
    return root_url.rstrip("/") + "/" + url.lstrip("/")


def _cover(page, root_url):
    if not getattr(page, "cover_image_id", None):
        return None
    from wagtail.images.shortcuts import get_rendition_or_not_found

    image = page.cover_image
    rendition = get_rendition_or_not_found(image, analytics_settings.COVER_RENDITION)
    return {
        "url": absolute_url(rendition.url, root_url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": page.cover_caption or getattr(image, "default_alt_text", "") or image.title,
    }


def article_metadata(page, *, request=None, authors=None, index_page=None):
    """Everything the head of an article tells machines, as one dict.

    ``authors`` and ``index_page`` default to the article's own (the article page's context
    already has them, so passing them saves queries).
    """
    from wagtail.models import Site

    from .news_feed import resolve_scope

    _site_id, root_url, path = page.get_url_parts(request) or (None, "", "")
    url = absolute_url(path or "", root_url)
    site = Site.find_for_request(request) if request is not None else None
    # A free-text byline replaces the authors' names on the page, so it does here too.
    authors = [] if page.byline else (page.authors if authors is None else authors)
    index_page = page.index_page if index_page is None else index_page
    index_url = index_page.get_full_url(request) if index_page is not None else None
    scope = resolve_scope(request=request, page=page)
    published = page.published_at or page.first_published_at
    modified = page.updated_at or page.last_published_at or published
    if published and modified and modified < published:
        modified = published
    language = scope.language_code if scope else (settings.LANGUAGE_CODE or "en")
    logo = analytics_settings.PUBLISHER_LOGO
    return {
        "url": url,
        "headline": page.title,
        "title": page.seo_title or page.title,
        "description": page.search_description or page.lead or "",
        "published": published,
        "modified": modified,
        "section": page.rubric.name if page.rubric_id else "",
        "authors": [
            {
                "name": author.name,
                "url": (
                    index_url + index_page.reverse_subpage("author", args=[author.slug])
                    if index_url
                    else ""
                ),
            }
            for author in authors
        ],
        "byline": page.byline,
        "image": _cover(page, root_url),
        "site_name": publisher_name(site),
        "publisher_logo": absolute_url(logo, root_url) if logo else "",
        "language": language,
        "og_locale": to_locale(language),
        "twitter_site": analytics_settings.TWITTER_SITE,
    }


def _iso(value):
    from django.utils import timezone

    if value is None:
        return None
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


def news_article_json_ld(meta):
    """A schema.org ``NewsArticle`` from :func:`article_metadata`."""
    if meta["authors"]:
        author = [
            {"@type": "Person", "name": a["name"], **({"url": a["url"]} if a["url"] else {})}
            for a in meta["authors"]
        ]
    elif meta["byline"]:
        # A free-text byline ("Newsroom staff") names the newsroom rather than a person.
        author = [{"@type": "Organization", "name": meta["byline"]}]
    else:
        author = []
    publisher = {"@type": "Organization", "name": meta["site_name"]}
    if meta["publisher_logo"]:
        publisher["logo"] = {"@type": "ImageObject", "url": meta["publisher_logo"]}
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta["url"]},
        "url": meta["url"],
        "headline": meta["headline"],
        "description": meta["description"],
        "datePublished": _iso(meta["published"]),
        "dateModified": _iso(meta["modified"]),
        "author": author,
        "articleSection": meta["section"],
        "inLanguage": meta["language"],
        "publisher": publisher,
    }
    if meta["image"]:
        data["image"] = [meta["image"]["url"]]
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def json_ld_script(data):
    """``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
