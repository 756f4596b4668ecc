"""The news feed: block, tag and API share one query function, its cache and its invalidation."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from tests.factories import AuthorFactory, RubricFactory, make_article, make_index
from wagtail_analytics import news_feed
from wagtail_analytics.blocks import NewsFeedBlock
from wagtail_analytics.models import ReadDaily

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")  # the test settings' TIME_ZONE


def headlines(html):
    return re.findall(r'<a class="wa-news-feed__link" href="[^"]*">([^<]+)</a>', html)


def make_articles(index, count, *, rubric=None, prefix="Story"):
    """``count`` live articles, the first one newest."""
    now = timezone.now()
    rubric = rubric or RubricFactory()
    return [
        make_article(
            index,
            title=f"{prefix} {n}",
            slug=f"{prefix.lower()}-{n}",
            rubric=rubric,
            published_at=now - timedelta(minutes=10 * (n + 1)),
        )
        for n in range(count)
    ]


def block_value(**options):
    block = NewsFeedBlock()
    raw = {"title": "", "count": 10, "rubric": None, "order": "latest", "show": "time"}
    raw["exclude_current"] = True
    raw.update(options)
    if raw["rubric"] is not None:
        raw["rubric"] = raw["rubric"].pk
    return block, block.to_python(raw)


def render_block(rf, page, **options):
    block, value = block_value(**options)
    return block.render(value, context={"request": rf.get("/"), "page": page})


# What readers see ---------------------------------------------------------------------------


def test_block_lists_latest_headlines_with_their_times(rf, index):
    make_article(
        index,
        title="Tram depot gets a new roof",
        slug="depot",
        published_at=datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW),
    )
    make_article(
        index,
        title="Water supply grows",
        slug="water",
        published_at=datetime(2024, 4, 18, 16, 5, tzinfo=MOSCOW),
    )
    html = render_block(rf, index)
    assert '<h2 class="wa-news-feed__title">News feed</h2>' in html
    assert headlines(html) == ["Water supply grows", "Tram depot gets a new roof"]
    assert (
        '<time class="wa-news-feed__time" datetime="2024-04-18T15:40:00+03:00">15:40</time> '
        '<a class="wa-news-feed__link" href="/news/depot/">Tram depot gets a new roof</a>'
    ) in html


@pytest.mark.parametrize(
    ("show", "shown"), [("time", "15:40"), ("date", "18.04.24"), ("datetime", "18.04.24 15:40")]
)
def test_block_shows_time_or_date(rf, index, show, shown):
    make_article(index, published_at=datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW))
    assert f'+03:00">{shown}</time>' in render_block(rf, index, show=show)


def test_block_title_and_count(rf, index):
    make_articles(index, 5)
    html = render_block(rf, index, title="Latest news", count=3)
    assert '<h2 class="wa-news-feed__title">Latest news</h2>' in html
    assert headlines(html) == ["Story 0", "Story 1", "Story 2"]


def test_default_title_follows_the_reader_language(rf, index):
    from django.utils import translation

    make_articles(index, 1)
    with translation.override("ru"):
        html = render_block(rf, index)
        expected = translation.gettext("News feed")
    assert f'<h2 class="wa-news-feed__title">{expected}</h2>' in html


def test_block_with_a_rubric_lists_only_that_rubric(rf, index):
    economy = RubricFactory(name="Economy", slug="economy")
    make_articles(index, 2, rubric=economy, prefix="Economy")
    make_articles(index, 2, prefix="Other")
    assert headlines(render_block(rf, index, rubric=economy)) == ["Economy 0", "Economy 1"]
    items = news_feed.get_news_feed(rubric="economy", page=index)
    assert [item.title for item in items] == ["Economy 0", "Economy 1"]


def test_current_page_is_left_out_and_the_count_still_met(rf, index):
    stories = make_articles(index, 4)
    block, value = block_value(count=3)
    html = block.render(value, context={"request": rf.get("/"), "page": stories[0]})
    assert headlines(html) == ["Story 1", "Story 2", "Story 3"]
    block, value = block_value(count=3, exclude_current=False)
    html = block.render(value, context={"request": rf.get("/"), "page": stories[0]})
    assert headlines(html) == ["Story 0", "Story 1", "Story 2"]


def test_drafts_private_articles_and_other_sites_are_left_out(rf, index):
    make_articles(index, 1, prefix="Public")
    make_article(index, title="Draft", slug="draft", publish=False)
    private_index = make_index(title="Members", slug="members")
    make_article(private_index, title="Members only", slug="members-only")
    PageViewRestriction.objects.create(page=private_index, restriction_type="login")
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Other site", slug="other-site")
    )
    Site.objects.create(hostname="other.example", root_page=other_root)
    make_article(make_index(other_root), title="Elsewhere", slug="elsewhere")
    assert headlines(render_block(rf, index)) == ["Public 0"]


def test_empty_feed_renders_nothing(rf, index):
    assert render_block(rf, index) == ""


def test_tag_renders_like_the_block(rf, index):
    stories = make_articles(index, 3)
    template = Template(
        "{% load wagtail_analytics_tags %}{% news_feed count=5 title='Also read' exclude=page %}"
    )
    html = template.render(Context({"request": rf.get("/"), "page": stories[1]}))
    assert headlines(html) == ["Story 0", "Story 2"]
    assert "Also read" in html


def test_article_sidebar_shows_the_news_feed_without_the_article(client, index):
    stories = make_articles(index, 3)
    html = client.get(stories[0].url).content.decode()
    sidebar = html[html.index('<aside class="wa-sidebar"') : html.index("</aside>")]
    assert headlines(sidebar) == ["Story 1", "Story 2"]


def test_tag_refuses_bad_options(rf, index):
    template = Template("{% load wagtail_analytics_tags %}{% news_feed count=0 %}")
    with pytest.raises(ValueError, match="count must be an integer from 1 to 50"):
        template.render(Context({"request": rf.get("/"), "page": index}))
    with pytest.raises(ValueError, match="order must be one of"):
        news_feed.get_news_feed(order="oldest", page=index)


# Most read ----------------------------------------------------------------------------------


def add_reads(article, day, reads):
    ReadDaily.objects.create(article=article, day=day, reads=reads, views=reads)


def test_most_read_orders_by_reads_in_the_window(index):
    a, b, c, d = make_articles(index, 4)
    now = datetime(2024, 4, 18, 18, 0, tzinfo=MOSCOW)  # 3/4 of the day has passed
    today = now.date()
    add_reads(a, today, 10)
    add_reads(b, today - timedelta(days=1), 100)  # counts 100 * 6/24 = 25 in 24 hours
    add_reads(c, today - timedelta(days=3), 500)  # outside 24 hours, inside 7 days
    add_reads(d, today - timedelta(days=9), 900)  # outside both
    day = news_feed.get_news_feed(order="most_read_24h", page=index, now=now)
    week = news_feed.get_news_feed(order="most_read_7d", page=index, now=now)
    assert [item.title for item in day] == ["Story 1", "Story 0"]
    assert [item.title for item in week] == ["Story 2", "Story 1", "Story 0"]


def test_most_read_window_counts_the_oldest_day_in_proportion():
    now = datetime(2024, 4, 18, 9, 0, tzinfo=MOSCOW)
    first_day, last_day, weight = news_feed.most_read_window(1, now)
    assert (first_day.isoformat(), last_day.isoformat()) == ("2024-04-17", "2024-04-18")
    assert weight == pytest.approx(15 / 24)
    first_day, _last, weight = news_feed.most_read_window(7, now)
    assert first_day.isoformat() == "2024-04-11"
    assert weight == pytest.approx(15 / 24)
    midnight = datetime(2024, 4, 18, 0, 0, tzinfo=MOSCOW)
    assert news_feed.most_read_window(1, midnight)[2] == pytest.approx(1.0)


def test_most_read_lists_refresh_on_an_interval(settings, index):
    a, b = make_articles(index, 2)
    today = timezone.localdate()
    add_reads(a, today, 5)
    first = news_feed.get_news_feed(order="most_read_7d", page=index)
    ReadDaily.objects.create(article=b, day=today, reads=50, views=50)
    # New reads alone do not drop the list: it is kept for NEWS_FEED_MOST_READ_REFRESH.
    assert news_feed.get_news_feed(order="most_read_7d", page=index) == first
    # With an interval of 0 seconds, every call works the ranking out again.
    settings.WAGTAIL_ANALYTICS = {"NEWS_FEED_MOST_READ_REFRESH": 0}
    news_feed.invalidate_news_feeds()
    assert [i.title for i in news_feed.get_news_feed(order="most_read_7d", page=index)] == [
        "Story 1",
        "Story 0",
    ]
    ReadDaily.objects.filter(article=a).update(reads=500)
    assert [i.title for i in news_feed.get_news_feed(order="most_read_7d", page=index)] == [
        "Story 0",
        "Story 1",
    ]


# Queries and cache --------------------------------------------------------------------------


def count_render_queries(rf, page, **options):
    block, value = block_value(**options)
    context = {"request": rf.get("/"), "page": page}
    with CaptureQueriesContext(connection) as ctx:
        block.render(value, context=dict(context))
    return len(ctx.captured_queries)


@pytest.mark.parametrize("order", ["latest", "most_read_24h", "most_read_7d"])
def test_block_queries_do_not_grow_with_its_count(rf, index, order):
    from django.core.cache import cache

    stories = make_articles(index, 30)
    for story in stories:
        add_reads(story, timezone.localdate(), story.pk)
    Site.get_site_root_paths()  # Wagtail's own cache, warmed as on any served page
    few = count_render_queries(rf, index, count=2, order=order)
    cache.delete_many([news_feed.GENERATION_KEY])
    many = count_render_queries(rf, index, count=30, order=order)
    assert few == many
    # One indexed query for the articles (comment counts are a subquery of it), one for
    # their read counts.
    assert many == 2
    # Cached: no query at all.
    assert count_render_queries(rf, index, count=30, order=order) == 0


def test_article_page_queries_do_not_grow_with_the_feed(client, index):
    from django.core.cache import cache

    def page_queries(url):
        client.get(url)  # warm Wagtail's per-process caches
        cache.delete(news_feed.GENERATION_KEY)  # and make the feed a cache miss again
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    article = make_article(index, slug="main")
    make_articles(index, 1, prefix="Few")
    few = page_queries(article.url)
    make_articles(index, 15, prefix="Many")
    assert page_queries(article.url) == few


def test_cache_is_per_site_language_and_options(rf, index):
    make_articles(index, 3)
    assert len(news_feed.get_news_feed(count=1, page=index)) == 1
    assert len(news_feed.get_news_feed(count=3, page=index)) == 3
    assert news_feed.get_news_feed(count=3, page=index, order="most_read_7d") == []


def test_publishing_an_article_drops_cached_lists(rf, index):
    make_articles(index, 2)
    assert headlines(render_block(rf, index)) == ["Story 0", "Story 1"]
    make_article(index, title="Breaking", slug="breaking", published_at=timezone.now())
    assert headlines(render_block(rf, index)) == ["Breaking", "Story 0", "Story 1"]


def test_publishing_a_new_revision_updates_the_headline(rf, index):
    story = make_articles(index, 1)[0]
    assert headlines(render_block(rf, index)) == ["Story 0"]
    story.title = "Story 0, updated"
    story.save_revision().publish()
    assert headlines(render_block(rf, index)) == ["Story 0, updated"]


def test_unpublishing_an_article_drops_cached_lists(rf, index):
    first, _second = make_articles(index, 2)
    assert headlines(render_block(rf, index)) == ["Story 0", "Story 1"]
    first.unpublish()
    assert headlines(render_block(rf, index)) == ["Story 1"]


def test_moving_and_deleting_articles_drop_cached_lists(rf, index):
    first, second = make_articles(index, 2)
    archive = make_index(index.get_parent(), title="Archive", slug="archive")
    assert headlines(render_block(rf, index)) == ["Story 0", "Story 1"]
    first.move(archive, pos="last-child")
    assert 'href="/archive/story-0/"' in render_block(rf, index)
    second.delete()
    assert headlines(render_block(rf, index)) == ["Story 0"]
    archive.delete()  # its article goes with it
    assert render_block(rf, index) == ""


def test_renaming_a_rubric_drops_cached_lists(index):
    rubric = RubricFactory(name="Economy")
    make_articles(index, 1, rubric=rubric)
    assert news_feed.get_news_feed(page=index)[0].rubric_name == "Economy"
    rubric.name = "Economy and business"
    rubric.save()
    assert news_feed.get_news_feed(page=index)[0].rubric_name == "Economy and business"


# API representation -------------------------------------------------------------------------


def test_api_representation_is_the_resolved_articles(rf, index):
    rubric = RubricFactory(name="Analytics", slug="analytics")
    author = AuthorFactory()
    story = make_article(
        index,
        title="Budget explained",
        slug="budget",
        lead="Where the money goes.",
        rubric=rubric,
        authors=[author],
        published_at=datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW),
    )
    from wagtail_analytics.read_counter.backends.database import DatabaseReadCounter

    DatabaseReadCounter.apply([(story.pk, timezone.localdate(), 7, 9)])
    block, value = block_value(rubric=rubric, count=5, title="Analytics")
    data = block.get_api_representation(value, context={"request": rf.get("/")})
    assert data["title"] == "Analytics"
    assert (data["count"], data["order"], data["show"]) == (5, "latest", "time")
    assert data["rubric"] == {"id": rubric.pk, "name": "Analytics", "slug": "analytics"}
    assert data["items"] == [
        {
            "id": story.pk,
            "title": "Budget explained",
            "url": "http://localhost/news/budget/",
            "rubric": {"name": "Analytics", "slug": "analytics"},
            "published_at": datetime(2024, 4, 18, 15, 40, tzinfo=MOSCOW),
            "lead": "Where the money goes.",
            "reads": 7,
            "comment_count": 0,
        }
    ]


def test_api_representation_leaves_out_the_page_of_the_v2_detail_view(rf, index):
    stories = make_articles(index, 2)

    class DetailView:
        kwargs = {"pk": stories[0].pk}

    block, value = block_value()
    data = block.get_api_representation(
        value, context={"request": rf.get("/"), "view": DetailView()}
    )
    assert [item["title"] for item in data["items"]] == ["Story 1"]
    assert data["title"] == "News feed"


# Comment counts -----------------------------------------------------------------------------


def test_comment_counts_count_published_comments(index):
    comment_model = apps.get_model("wagtail_analytics", "Comment")
    story, other = make_articles(index, 2)
    for status in ("published", "published", "pending", "spam"):
        comment_model.objects.create(
            article=story, author_name="Reader", body="A comment.", status=status
        )
    counts = {item.id: item.comment_count for item in news_feed.get_news_feed(page=index)}
    assert counts == {story.pk: 2, other.pk: 0}


# The endpoint -------------------------------------------------------------------------------


def test_endpoint_answers_items_in_the_shape_of_the_block(client, index):
    rubric = RubricFactory(name="Analytics", slug="analytics")
    make_articles(index, 3, rubric=rubric)
    make_articles(index, 2, prefix="Other")
    response = client.get("/api/analytics/news-feed/", {"limit": 2, "rubric": "analytics"})
    assert response.status_code == 200
    assert "max-age=60" in response["Cache-Control"]
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Story 0", "Story 1"]
    assert set(items[0]) == {
        "id",
        "title",
        "url",
        "rubric",
        "published_at",
        "lead",
        "reads",
        "comment_count",
    }
    assert items[0]["rubric"] == {"name": "Analytics", "slug": "analytics"}
    assert items[0]["url"] == "http://localhost/news/story-0/"
    assert datetime.fromisoformat(items[0]["published_at"].replace("Z", "+00:00"))


def test_endpoint_defaults_to_ten_latest(client, index):
    make_articles(index, 12)
    items = client.get("/api/analytics/news-feed/").json()["items"]
    assert len(items) == 10
    assert items[0]["title"] == "Story 0"


def test_endpoint_most_read(client, index):
    a, b = make_articles(index, 2)
    add_reads(a, timezone.localdate(), 3)
    add_reads(b, timezone.localdate(), 30)
    response = client.get("/api/analytics/news-feed/", {"order": "most_read_24h"})
    assert [item["title"] for item in response.json()["items"]] == ["Story 1", "Story 0"]


def test_endpoint_with_a_known_rubric_without_articles_is_empty(client, index):
    RubricFactory(name="Science", slug="science")
    response = client.get("/api/analytics/news-feed/", {"rubric": "science"})
    assert response.status_code == 200
    assert response.json() == {"items": []}


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"limit": 0}, 422, "invalid"),
        ({"limit": 51}, 422, "invalid"),
        ({"limit": 1000}, 422, "invalid"),
        ({"limit": "ten"}, 422, "invalid"),
        ({"order": "bogus"}, 422, "invalid"),
        ({"rubric": "no-such-rubric"}, 404, "rubric_not_found"),
        ({"locale": "de"}, 404, "locale_not_found"),
    ],
)
def test_endpoint_bad_input_is_a_json_error(client, index, params, status, code):
    make_articles(index, 1)
    response = client.get("/api/analytics/news-feed/", params)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/analytics/openapi.json").json()
    operation = schema["paths"]["/api/analytics/news-feed/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"limit", "order", "rubric", "locale"}
    assert parameters["limit"]["schema"]["maximum"] == 50


# Configuration ------------------------------------------------------------------------------


def test_system_check_reports_bad_news_feed_settings(settings):
    from wagtail_analytics.checks import check_news_feed_settings

    assert check_news_feed_settings() == []
    settings.WAGTAIL_ANALYTICS = {"NEWS_FEED_CACHE": "nowhere", "FEED_ITEMS": 0}
    messages = [error.msg for error in check_news_feed_settings()]
    assert messages == [
        "WAGTAIL_ANALYTICS['NEWS_FEED_CACHE'] is 'nowhere', which is not in CACHES.",
        "WAGTAIL_ANALYTICS['FEED_ITEMS'] must be an integer of at least 1.",
    ]
    assert {error.id for error in check_news_feed_settings()} == {"wagtail_analytics.E002"}


def test_invalidation_waits_for_the_commit_once_per_transaction(
    django_capture_on_commit_callbacks,
):
    from django.core.cache import cache

    with django_capture_on_commit_callbacks() as callbacks:
        news_feed.invalidate_news_feeds()
        before = cache.get(news_feed.GENERATION_KEY)
        news_feed.invalidate_news_feeds()
        assert cache.get(news_feed.GENERATION_KEY) != before  # dropped at once, every time
    assert len(callbacks) == 1
    before = cache.get(news_feed.GENERATION_KEY)
    callbacks[0]()
    assert cache.get(news_feed.GENERATION_KEY) != before
