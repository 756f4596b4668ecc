"""The news feed: the same resolved articles as ``NewsFeedBlock`` and ``{% news_feed %}``."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from .. import news_feed
from .caching import http_cache
from .errors import APIError, ErrorOut

router = Router(tags=["news feed"])

Order = Literal["latest", "most_read_24h", "most_read_7d"]


class RubricSummaryOut(Schema):
    """The article's rubric."""

    name: str
    slug: str


class NewsFeedItemOut(Schema):
    """One article of the feed."""

    id: int
    title: str
    url: str
    rubric: RubricSummaryOut
    published_at: datetime
    lead: str
    reads: int
    comment_count: int


class NewsFeedOut(Schema):
    """The feed: newest (or most read) first."""

    items: list[NewsFeedItemOut]


class NewsFeedQuery(Schema):
    """The feed's options; bad values answer 422 ``invalid``."""

    limit: int = Field(
        news_feed.DEFAULT_COUNT,
        ge=news_feed.MIN_COUNT,
        le=news_feed.MAX_COUNT,
        description="How many articles (1 to 50).",
    )
    order: Order = Field(
        news_feed.DEFAULT_ORDER,
        description=(
            "`latest` (by publication time), `most_read_24h` or `most_read_7d` (by reads in "
            "the window, estimated from daily counts; see the README)."
        ),
    )
    rubric: str | None = Field(None, description="Slug of a rubric in the feed's language.")
    locale: str | None = Field(
        None, description="Language code of the site's tree to list (default: the request's)."
    )


@router.get(
    "/news-feed/",
    response={200: NewsFeedOut, 304: None, 404: ErrorOut, 422: ErrorOut},
    summary="News feed",
    auth=None,
)
@decorate_view(http_cache("NEWS_FEED_API_MAX_AGE"))
def get_news_feed(request, options: Query[NewsFeedQuery]):
    """The latest or most read live articles of the request's site, as the sidebar shows them.

    Answers 404 `rubric_not_found` or `locale_not_found` for an unknown rubric or
    language, and 422 `invalid` for a bad `limit` or `order`.
    """
    limit, order, rubric, locale = options.limit, options.order, options.rubric, options.locale
    scope = news_feed.resolve_scope(request=request, language=locale, strict=bool(locale))
    if scope is None:
        raise APIError(
            404, "locale_not_found", _("This site has no pages in the language asked for.")
        )
    items = news_feed.get_news_feed(
        count=limit, rubric=rubric or None, order=order, scope=scope, request=request
    )
    if not items and rubric and not _rubric_exists(rubric, scope):
        raise APIError(404, "rubric_not_found", _("There is no rubric with this slug."))
    return {"items": [item.as_dict() for item in items]}


def _rubric_exists(slug, scope):
    from ..models import Rubric

    return Rubric.objects.filter(slug=slug, locale__language_code=scope.language_code).exists()
