"""Sitemaps: Wagtail's page sitemap with article ``lastmod``, and a Google News sitemap.

Routes are in ``wagtail_analytics.urls`` (``sitemap.xml`` and ``news-sitemap.xml``). Neither
needs ``django.contrib.sitemaps`` or ``wagtail.contrib.sitemaps`` in ``INSTALLED_APPS``: the
templates are the package's own.
"""

from datetime import timedelta

from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view

from .structured_data import publisher_name

NEWS_SITEMAP_MAX_AGE = timedelta(hours=48)  # Google News reads articles of the last two days
NEWS_SITEMAP_MAX_URLS = 1000  # and at most 1,000 URLs per news sitemap


def article_sitemap_urls(page, request=None):
    """Sitemap entries of a page; an article's ``lastmod`` is its update time.

    ``updated_at`` when the editors marked a substantial update, otherwise the last
    publication (Wagtail's own choice for every page).
    """
    from .models import AbstractAnalyticsArticle

    urls = page.get_sitemap_urls(request)
    if isinstance(page, AbstractAnalyticsArticle):
        lastmod = page.updated_at or page.last_published_at or page.latest_revision_created_at
        for entry in urls:
            entry["lastmod"] = lastmod
    return urls


class PageSitemap(Sitemap):
    """Wagtail's sitemap of the site's live public pages, with articles' update times."""

    def _urls(self, page, protocol, domain):
        # Wagtail's own loop, with article_sitemap_urls() in place of get_sitemap_urls().
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            for url_info in article_sitemap_urls(item, self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    """``sitemap.xml``: every live public page of the request's site, with ``lastmod``."""
    return wagtail_sitemap_view(
        request,
        sitemaps={"pages": PageSitemap},
        template_name="wagtail_analytics/sitemaps/sitemap.xml",
    )


def news_sitemap_language(language_code):
    """The news sitemap's language: an ISO 639 code, except ``zh-cn`` and ``zh-tw``."""
    code = (language_code or "").lower().replace("_", "-")
    if code in ("zh-cn", "zh-tw"):
        return code
    if code in ("zh-hans", "zh-sg"):
        return "zh-cn"
    if code in ("zh-hant", "zh-hk", "zh-mo"):
        return "zh-tw"
    return code.split("-")[0]


def news_sitemap_articles(site, now=None):
    """Live public articles of a site (every language) published in the last 48 hours."""
    from wagtail.models import Site

    from .news_feed import FeedScope, public_articles

    now = now or timezone.now()
    root_paths = [p for p in Site.get_site_root_paths() if p.site_id == site.pk]
    if not root_paths:
        return []
    under_site = Q()
    for entry in root_paths:
        under_site |= Q(url_path__startswith=entry.root_path)
    # public_articles() wants one scope; the site filter above covers all its languages.
    scope = FeedScope(site.pk, "/", "", "")
    return list(
        public_articles(scope)
        .filter(under_site, published_at__gte=now - NEWS_SITEMAP_MAX_AGE, published_at__lte=now)
        .select_related("locale")
        .only("id", "title", "url_path", "published_at", "locale__language_code")
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_MAX_URLS]
    )


def news_sitemap(request):
    """``news-sitemap.xml``: articles of the last 48 hours in the Google News sitemap format."""
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        raise Http404(_("There is no site at this address."))
    name = publisher_name(site)
    entries = [
        {
            "location": article.get_full_url(request),
            "name": name,
            "language": news_sitemap_language(article.locale.language_code),
            "publication_date": article.published_at,
            "title": article.title,
        }
        for article in news_sitemap_articles(site)
    ]
    return TemplateResponse(
        request,
        "wagtail_analytics/sitemaps/news_sitemap.xml",
        {"entries": entries},
        content_type="application/xml",
    )
