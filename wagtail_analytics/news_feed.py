"""The news feed: the one query function behind ``NewsFeedBlock``, ``{% news_feed %}`` and the API.

:func:`get_news_feed` answers "the latest (or most read) N articles of this site and
language, maybe of one rubric" as a list of :class:`NewsFeedItem`. A cache miss costs one
indexed query for the articles, one for their read counts and, once the comments app has its
model, one for comment counts, whatever N is. The result is cached per site, language and
options. Every list is dropped at once when an article is published, unpublished, moved or
deleted, or a rubric changes (``signal_handlers`` bump a cache "generation" that is part of
every key); "most read" lists are also rebuilt every ``NEWS_FEED_MOST_READ_REFRESH`` seconds.

Most-read windows. Reads are kept per calendar day (``ReadDaily``, in the site's time zone),
so a sliding window of the last 24 hours (or 7 days) is estimated from whole days: the days
that lie entirely inside the window count in full, and the day the window starts in counts
in proportion to the part of it inside the window. At 09:00, "24 hours" is today's reads plus
15/24 of yesterday's. This is exact when reads are spread evenly over that oldest day, and
at midnight it is exactly the last 24 hours. Reads still buffered by a buffering backend
(Redis) count once they are flushed.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

from django.core.cache import caches
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Length, Substr
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .conf import analytics_settings

ORDER_LATEST = "latest"
ORDER_MOST_READ_24H = "most_read_24h"
ORDER_MOST_READ_7D = "most_read_7d"
ORDER_CHOICES = [
    (ORDER_LATEST, _("Latest")),
    (ORDER_MOST_READ_24H, _("Most read in 24 hours")),
    (ORDER_MOST_READ_7D, _("Most read in 7 days")),
]
# Length of each most-read window in days.
MOST_READ_DAYS = {ORDER_MOST_READ_24H: 1, ORDER_MOST_READ_7D: 7}

SHOW_TIME = "time"
SHOW_DATE = "date"
SHOW_DATETIME = "datetime"
SHOW_CHOICES = [
    (SHOW_TIME, _("Time (15:40)")),
    (SHOW_DATE, _("Date (18.04.24)")),
    (SHOW_DATETIME, _("Date and time (18.04.24 15:40)")),
]

DEFAULT_COUNT = 10
MIN_COUNT = 1
MAX_COUNT = 50
DEFAULT_ORDER = ORDER_LATEST
DEFAULT_SHOW = SHOW_TIME

GENERATION_KEY = "wagtail_analytics:news_feed:generation"
KEY_PREFIX = "wagtail_analytics:news_feed"


@dataclass(frozen=True)
class NewsFeedItem:
    """One article of a news feed, resolved: everything a template or the API shows."""

    id: int
    title: str
    url: str  # absolute, from the Wagtail site's root URL
    path: str  # relative to the site root, for links on the same site
    rubric_name: str
    rubric_slug: str
    published_at: datetime
    lead: str
    reads: int = 0
    comment_count: int = 0

    def as_dict(self):
        """The item in the shape of the API and the block's API representation."""
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "rubric": {"name": self.rubric_name, "slug": self.rubric_slug},
            "published_at": self.published_at,
            "lead": self.lead,
            "reads": self.reads,
            "comment_count": self.comment_count,
        }


@dataclass(frozen=True)
class FeedScope:
    """Whose articles a feed lists: one Wagtail site's tree in one language."""

    site_id: int
    root_path: str  # url_path of the site's root page in this language
    root_url: str
    language_code: str


def _site_root_paths():
    from wagtail.models import Site

    return Site.get_site_root_paths()  # cached by Wagtail; no query once warm


def resolve_scope(*, request=None, page=None, language=None, strict=False):
    """The :class:`FeedScope` of a page (the tree it is in) or else of a request's site.

    ``language`` (default: the active language) picks the site's tree in that language;
    without such a tree the site's tree in ``LANGUAGE_CODE`` (or its first) is used, unless
    ``strict``, which returns None instead. None also when there is no site at all.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Site

    paths = _site_root_paths()
    url_path = getattr(page, "url_path", None)
    if url_path:
        # Most specific root first (Wagtail's order); the request's site only breaks a tie
        # between sites sharing a root, so that no site lookup is needed otherwise.
        candidates = [p for p in paths if url_path.startswith(p.root_path)]
        if len({p.site_id for p in candidates}) > 1 and request is not None:
            site = Site.find_for_request(request)
            candidates = [p for p in candidates if site and p.site_id == site.pk] or candidates
        if candidates:
            return FeedScope(*candidates[0])
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return None
    entries = [p for p in paths if p.site_id == site.pk]
    if not entries:
        return None

    def variant(code):
        try:
            return get_supported_content_language_variant(code)
        except LookupError:
            return code

    wanted = variant(language or translation.get_language() or settings.LANGUAGE_CODE)
    for entry in entries:
        if entry.language_code == wanted:
            return FeedScope(*entry)
    if strict:
        return None
    default = variant(settings.LANGUAGE_CODE)
    fallback = next((e for e in entries if e.language_code == default), entries[0])
    return FeedScope(*fallback)


def public_articles(scope):
    """Live articles of a scope outside private sections, in one query (no ``.public()`` query).

    Wagtail's ``public()`` first loads every view restriction; here the check is a
    ``NOT EXISTS`` subquery on the restricted pages whose path is a prefix of the article's.
    """
    from wagtail.models import PageViewRestriction

    from .models import AnalyticsArticle

    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return AnalyticsArticle.objects.filter(
        live=True, url_path__startswith=scope.root_path, published_at__isnull=False
    ).filter(~Exists(restricted))


def _rubric_key(rubric):
    """A rubric option as a stable key: a Rubric (any translation of it) or a slug."""
    if rubric is None or rubric == "":
        return None
    if isinstance(rubric, str):
        return ("slug", rubric)
    return ("rubric", str(rubric.translation_key), rubric.pk)


def _filter_rubric(queryset, scope, key):
    # A scalar subquery: PostgreSQL evaluates it once and walks the (rubric, -published_at)
    # index with the result.
    from .models import Rubric

    if key is None:
        return queryset
    in_language = Rubric.objects.filter(locale__language_code=scope.language_code).order_by()
    if key[0] == "slug":
        return queryset.filter(rubric_id=Subquery(in_language.filter(slug=key[1]).values("pk")[:1]))
    # The rubric's translation in the scope's language, or the rubric itself.
    translated = Subquery(in_language.filter(translation_key=key[1]).values("pk")[:1])
    return queryset.filter(
        rubric_id=Coalesce(translated, Value(key[2]), output_field=BigIntegerField())
    )


def most_read_window(days, now=None):
    """``(first_day, last_day, weight)`` of a most-read window of ``days`` days ending now.

    Days from ``first_day + 1`` to ``last_day`` (today) lie inside the window and count in
    full; ``first_day`` counts with ``weight``, the share of it inside the window (0 to 1).
    Days are calendar days in the default time zone, as ``ReadDaily`` stores them.
    """
    zone = timezone.get_default_timezone()
    now = now or timezone.now()
    today = timezone.localtime(now, zone).date()
    first_day = today - timedelta(days=days)
    day_start = datetime.combine(first_day, time.min, tzinfo=zone).astimezone(UTC)
    day_end = datetime.combine(first_day + timedelta(days=1), time.min, tzinfo=zone)
    day_end = day_end.astimezone(UTC)
    inside = day_end - (now - timedelta(days=days))
    weight = min(max(inside / (day_end - day_start), 0.0), 1.0)
    return first_day, today, weight


def _published_comments():
    """Published comments of the outer article, as a subquery of the feed's one query."""
    from .models import Comment

    counted = (
        Comment.objects.filter(article=OuterRef("pk"), status="published")
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def news_feed_queryset(scope, *, rubric=None, order=DEFAULT_ORDER, limit=DEFAULT_COUNT, now=None):
    """The one query of a news feed, unevaluated: ``limit`` articles with their rubrics."""
    queryset = _filter_rubric(public_articles(scope), scope, _rubric_key(rubric))
    queryset = (
        queryset.select_related("rubric")
        .only("id", "title", "url_path", "published_at", "lead", "rubric__name", "rubric__slug")
        .annotate(published_comments=_published_comments())
    )
    if order == ORDER_LATEST:
        return queryset.order_by("-published_at", "-pk")[:limit]
    first_day, last_day, weight = most_read_window(MOST_READ_DAYS[order], now)
    reads = F("read_days__reads")
    score = Sum(
        Case(
            When(
                read_days__day=first_day,
                then=ExpressionWrapper(reads * Value(weight), output_field=FloatField()),
            ),
            default=Cast(reads, FloatField()),
            output_field=FloatField(),
        )
    )
    return (
        queryset.filter(read_days__day__gte=first_day, read_days__day__lte=last_day)
        .annotate(window_score=score)
        .filter(window_score__gt=0)
        .order_by("-window_score", "-published_at", "-pk")[:limit]
    )


def _resolve(articles, request=None):
    from .read_counter import get_counts

    articles = list(articles)
    if not articles:
        return []
    ids = [article.pk for article in articles]
    reads = get_counts(ids)
    # get_url_parts() keeps Wagtail's site root paths on the object it is given: one
    # object for the whole list means one cache lookup instead of one per article.
    cache_object = request if request is not None else SimpleNamespace()
    items = []
    for article in articles:
        parts = article.get_url_parts(cache_object)
        root_url, path = (parts[1], parts[2]) if parts else (None, None)
        items.append(
            NewsFeedItem(
                id=article.pk,
                title=article.title,
                url=(root_url or "") + (path or ""),
                path=path or "",
                rubric_name=article.rubric.name,
                rubric_slug=article.rubric.slug,
                published_at=article.published_at,
                lead=article.lead,
                reads=reads[article.pk].reads,
                comment_count=article.published_comments,
            )
        )
    return items


def _cache():
    return caches[analytics_settings.NEWS_FEED_CACHE]


def _generation(cache):
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex[:12]
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def _bump_generation():
    _cache().set(GENERATION_KEY, uuid.uuid4().hex[:12], None)


def invalidate_news_feeds(using=None):
    """Drop every cached news feed list (now, and again when the transaction commits).

    The second bump covers a list rebuilt by another process between this call and the
    commit, which would still hold the old state. It is registered once per transaction,
    however many articles the transaction changes (deleting a section deletes many).
    """
    _bump_generation()
    connection = transaction.get_connection(using)
    pending = getattr(connection, "run_on_commit", None) or ()
    if not any(len(entry) > 1 and entry[1] is _bump_generation for entry in pending):
        transaction.on_commit(_bump_generation, using=using)


def default_title():
    """The feed's title when none is given: "News feed" in the active language."""
    return _("News feed")


def feed_context(*, title, show, items):
    """Template context of ``wagtail_analytics/news_feed.html`` (block and tag alike)."""
    return {
        "title": title or default_title(),
        "show": show if show in dict(SHOW_CHOICES) else DEFAULT_SHOW,
        "items": items,
    }


def validate_options(count, order):
    """Raise ``ValueError`` for a count outside 1..50 or an unknown order."""
    if isinstance(count, bool) or not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
        raise ValueError(f"count must be an integer from {MIN_COUNT} to {MAX_COUNT}, not {count!r}")
    if order not in dict(ORDER_CHOICES):
        raise ValueError(f"order must be one of {', '.join(dict(ORDER_CHOICES))}, not {order!r}")


def get_news_feed(
    *,
    count=DEFAULT_COUNT,
    rubric=None,
    order=DEFAULT_ORDER,
    request=None,
    page=None,
    exclude=None,
    scope=None,
    now=None,
):
    """The articles of a news feed, newest (or most read) first, as :class:`NewsFeedItem`.

    - ``count``: 1 to 50; ``order``: ``latest``, ``most_read_24h`` or ``most_read_7d``;
    - ``rubric``: a ``Rubric`` (its translation in the feed's language is used) or a slug;
    - ``page`` / ``request``: whose site and language (see :func:`resolve_scope`), or ``scope``;
    - ``exclude``: a page or id to leave out (the page being shown).

    One list of ``count + 1`` is cached per site, language and options, shared by pages
    that leave themselves out. Raises ``ValueError`` for bad options.
    """
    validate_options(count, order)
    if scope is None:
        scope = resolve_scope(request=request, page=page)
    if scope is None:
        return []
    rubric_key = _rubric_key(rubric)
    limit = count + 1
    cache = _cache()
    fingerprint = repr((scope, rubric_key, order, limit, translation.get_language())).encode()
    key = f"{KEY_PREFIX}:{_generation(cache)}:{hashlib.sha256(fingerprint).hexdigest()[:32]}"
    items = cache.get(key)
    if items is None:
        queryset = news_feed_queryset(scope, rubric=rubric, order=order, limit=limit, now=now)
        items = _resolve(queryset, request)
        timeout = (
            analytics_settings.NEWS_FEED_CACHE_TIMEOUT
            if order == ORDER_LATEST
            else analytics_settings.NEWS_FEED_MOST_READ_REFRESH
        )
        cache.set(key, items, timeout)
    exclude_id = getattr(exclude, "pk", exclude)
    return [item for item in items if item.id != exclude_id][:count]
