"""RSS 2.0 and Atom feeds of the latest articles: the whole site, one rubric or one author.

Built on Django's syndication framework; the routes are in ``wagtail_analytics.urls``. A
feed lists the live, public articles of the request's Wagtail site in the active language
(``FEED_ITEMS`` of them, newest first), each with its headline, lead, rubric as category,
authors, publication and update times.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .conf import analytics_settings
from .news_feed import FeedScope, public_articles, resolve_scope
from .structured_data import publisher_name

FEED_URL_NAMES = {
    ("site", "rss"): "wagtail_analytics:feed_rss",
    ("site", "atom"): "wagtail_analytics:feed_atom",
    ("rubric", "rss"): "wagtail_analytics:rubric_feed_rss",
    ("rubric", "atom"): "wagtail_analytics:rubric_feed_atom",
    ("author", "rss"): "wagtail_analytics:author_feed_rss",
    ("author", "atom"): "wagtail_analytics:author_feed_atom",
}
FEED_MIME_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def feed_url(fmt="rss", *, rubric=None, author=None):
    """Address of a feed (``fmt`` ``"rss"`` or ``"atom"``) of the site, a rubric or an author.

    ``rubric`` and ``author`` are objects with a ``slug``, or slugs. Returns ``""`` when the
    host project has not mounted ``wagtail_analytics.urls``.
    """
    subject = next(
        ((kind, obj) for kind, obj in (("rubric", rubric), ("author", author)) if obj), None
    )
    kind, obj = subject or ("site", None)
    kwargs = {kind: getattr(obj, "slug", obj)} if obj else {}
    try:
        return reverse(FEED_URL_NAMES[(kind, fmt)], kwargs=kwargs)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class FeedSubject:
    """What one feed request is about; all per-request state lives here, not on the Feed."""

    scope: FeedScope
    site_name: str
    link: str
    rubric: object = None
    author: object = None
    index_page: object = None


def _listing_url(index_page, route=None, slug=None, request=None, scope=None):
    # Absolute, from the Wagtail site's root URL, like the items' links.
    if index_page is None:
        return scope.root_url + "/" if scope is not None else "/"
    url = index_page.get_full_url(request=request) or "/"
    return url + index_page.reverse_subpage(route, args=[slug]) if route else url


class ArticlesFeed(Feed):
    """RSS 2.0 feed of the latest articles (``get_object`` takes a rubric or author slug)."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, rubric=None, author=None):
        from wagtail.models import Site

        from .models import ArticleIndexPage, Author, Rubric

        scope = resolve_scope(request=request)
        if scope is None:
            raise Http404(_("There is no site at this address."))
        index_page = (
            ArticleIndexPage.objects.live()
            .filter(url_path__startswith=scope.root_path)
            .order_by("depth", "path")
            .first()
        )
        in_language = {"locale__language_code": scope.language_code}
        rubric_obj = author_obj = None
        if rubric is not None:
            rubric_obj = Rubric.objects.filter(slug=rubric, **in_language).first()
            if rubric_obj is None:
                raise Http404(_("There is no rubric with this address."))
            link = _listing_url(index_page, "rubric", rubric, request)
        elif author is not None:
            author_obj = Author.objects.filter(slug=author, **in_language).first()
            if author_obj is None:
                raise Http404(_("There is no author with this address."))
            link = _listing_url(index_page, "author", author, request)
        else:
            link = _listing_url(index_page, request=request, scope=scope)
        return FeedSubject(
            scope=scope,
            site_name=publisher_name(Site.find_for_request(request)),
            link=link,
            rubric=rubric_obj,
            author=author_obj,
            index_page=index_page,
        )

    def title(self, obj):
        if obj.rubric is not None:
            return _("%(site)s: %(rubric)s") % {"site": obj.site_name, "rubric": obj.rubric.name}
        if obj.author is not None:
            return _("%(site)s: articles by %(author)s") % {
                "site": obj.site_name,
                "author": obj.author.name,
            }
        return _("%(site)s: latest articles") % {"site": obj.site_name}

    def description(self, obj):
        if obj.rubric is not None and obj.rubric.description:
            return obj.rubric.description
        if obj.author is not None and obj.author.bio:
            return obj.author.bio
        return _("The latest articles of %(site)s.") % {"site": obj.site_name}

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        kind = "rubric" if obj.rubric else "author" if obj.author else "site"
        fmt = "atom" if self.feed_type is Atom1Feed else "rss"
        return feed_url(fmt, **{kind: obj.rubric or obj.author} if kind != "site" else {})

    def items(self, obj):
        from .models import ArticleAuthor

        articles = (
            public_articles(obj.scope)
            .select_related("rubric")
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
                )
            )
            .order_by("-published_at", "-pk")
        )
        if obj.rubric is not None:
            articles = articles.filter(rubric=obj.rubric)
        if obj.author is not None:
            articles = articles.filter(article_authors__author=obj.author)
        articles = list(articles[: analytics_settings.FEED_ITEMS])
        index_url = obj.index_page.get_full_url() if obj.index_page is not None else None
        for article in articles:
            # Item methods only receive the item: attach what they need from the subject.
            authors = article.authors
            article.wa_author_link = (
                index_url + obj.index_page.reverse_subpage("author", args=[authors[0].slug])
                if authors and index_url and not article.byline
                else None
            )
        return articles

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at or item.last_published_at or item.published_at

    def item_author_name(self, item):
        return item.byline_text or None

    def item_author_link(self, item):
        return item.wa_author_link

    def item_categories(self, item):
        return [item.rubric.name]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = obj.scope.language_code
        return feed


class AtomArticlesFeed(ArticlesFeed):
    """The same feed as Atom 1.0."""

    feed_type = Atom1Feed
