"""Time the news feed with 100,000 articles in PostgreSQL, against a bare queryset.

Run from the repository root, with a PostgreSQL DATABASE_URL (the user must be allowed to
create databases)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/news_feed.py

It creates a database of its own, ``wa_bench_feed`` (Django's test database machinery with
that name: migrated, then dropped at the end), so the database in the URL is never touched.
It inserts ``--articles`` live articles below one article index page with a fast,
path-correct bulk insert (benchmark only: the page rows through ``bulk_create`` with
treebeard paths worked out here, the article rows in batches), daily read rows for the
newest ``--read-articles`` articles over 8 days, and runs ``ANALYZE``.

Then, in the same run and alternating between them, it times:

* **bare**: ``list(AnalyticsArticle.objects.live().order_by("-published_at")[:10])``;
* **feed query function uncached / cached**: ``get_news_feed(count=10)`` with its cache
  emptied first, and from the cache (what the block costs without its template);
* **feed block uncached**: ``NewsFeedBlock`` rendered (count 10) with its cache emptied
  first, i.e. the one query, the read counts and the comment counts, plus the template;
* **feed block cached**: the same block rendered from the cache;
* the same for a rubric and for "most read in 24 hours" (uncached only).

Emptying the cache (uncached cases) and filling it (cached cases) happen just before each
timed call and are not timed. It prints median and 90th percentile times, queries per
call, and ``EXPLAIN (ANALYZE, BUFFERS)`` of the feed's queries. The cache is the test
settings' (local memory; Redis with REDIS_URL). It is a measurement, not a test: exit
status 0.
"""

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import django

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

BENCH_DB_NAME = "wa_bench_feed"
RUBRICS = ("analytics", "economy", "culture", "science", "sport", "world", "health", "travel")
BATCH = 5000


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Time the news feed against a bare queryset.")
    parser.add_argument("--articles", type=int, default=100_000, help="default: 100000")
    parser.add_argument(
        "--read-articles",
        type=int,
        default=20_000,
        help="newest articles that get daily read rows for 8 days (default: 20000)",
    )
    parser.add_argument("--rounds", type=int, default=300, help="measured rounds (default: 300)")
    args = parser.parse_args(argv)
    if args.articles < 11 or args.rounds < 1 or args.read_articles < 0:
        parser.error("--articles must be at least 11, --rounds at least 1")
    return args


def bulk_create_articles(index, count, rubrics):
    """``count`` live articles below ``index``, inserted in batches (benchmark only).

    Wagtail pages are treebeard materialised-path nodes: each child's ``path`` is the
    parent's plus a 4-character base-36 step, ``depth`` is one more than the parent's, and
    the parent's ``numchild`` must match. ``Page.objects.bulk_create`` fills the base table
    (every field gets its Python default), then the article table gets one row per page
    with each of its own columns prepared by its model field.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from wagtail_analytics.models import AnalyticsArticle

    content_type = ContentType.objects.get_for_model(AnalyticsArticle)
    now = timezone.now()
    depth = index.depth + 1
    first_step = index.numchild + 1
    article_fields = [
        f for f in AnalyticsArticle._meta.local_concrete_fields if f.column != "page_ptr_id"
    ]
    columns = ["page_ptr_id", *(f.column for f in article_fields)]
    table = connection.ops.quote_name(AnalyticsArticle._meta.db_table)
    insert = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        pages, articles = [], []
        for n in numbers:
            # Article 0 is the newest; one every 3 minutes going back (about 7 months).
            published_at = now - timedelta(minutes=3 * n + 1)
            slug = f"article-{n}"
            title = f"Article number {n}: the council discusses the budget of district {n % 97}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(index.path, depth, first_step + n),
                    depth=depth,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published_at,
                    last_published_at=published_at,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
            articles.append(
                AnalyticsArticle(
                    rubric=rubrics[n % len(rubrics)],
                    lead=f"A short lead of article {n}.",
                    published_at=published_at,
                    body=[],
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            rows = []
            for page, article in zip(pages, articles, strict=True):
                values = [page.pk]
                for field in article_fields:
                    value = getattr(article, field.attname)
                    values.append(field.get_db_prep_save(value, connection))
                rows.append(values)
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)


def add_daily_reads(read_articles):
    """Daily read rows for the newest articles, for today and the 7 days before."""
    from django.db import connection

    from wagtail_analytics.models import AnalyticsArticle, ReadDaily

    daily = connection.ops.quote_name(ReadDaily._meta.db_table)
    article = connection.ops.quote_name(AnalyticsArticle._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {daily} (article_id, day, reads, views) "
            # A deterministic spread of 0 to 499 reads per article and day.
            f"SELECT a.page_ptr_id, CURRENT_DATE - d, (a.page_ptr_id * 7919 + d * 104729) %% 500, "
            f"(a.page_ptr_id * 7919 + d * 104729) %% 500 + 10 "
            f"FROM (SELECT page_ptr_id FROM {article} ORDER BY published_at DESC LIMIT %s) a "
            f"CROSS JOIN generate_series(0, 7) d",
            [read_articles],
        )
        cursor.execute("ANALYZE")
        cursor.execute(f"SELECT count(*) FROM {daily}")
        return cursor.fetchone()[0]


def explain(queryset):
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def summarize(times_ns):
    ordered = sorted(times_ns)
    median = statistics.median(ordered) / 1e6
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1] / 1e6
    return median, p90


def main(argv=None):
    args = parse_args(argv)
    django.setup()

    import wagtail
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
    from wagtail.models import Site

    from tests.factories import RubricFactory, make_index
    from wagtail_analytics import news_feed
    from wagtail_analytics.blocks import NewsFeedBlock
    from wagtail_analytics.conf import analytics_settings
    from wagtail_analytics.models import AnalyticsArticle

    if connection.vendor != "postgresql":
        print("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 0
    settings.DEBUG = False
    connection.settings_dict["TEST"]["NAME"] = BENCH_DB_NAME
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    results, plans, queries = {}, {}, {}
    try:
        started = time.perf_counter()
        index = make_index()
        rubrics = [RubricFactory(name=slug.title(), slug=slug) for slug in RUBRICS]
        bulk_create_articles(index, args.articles, rubrics)
        daily_rows = add_daily_reads(args.read_articles)
        load_seconds = time.perf_counter() - started
        live = AnalyticsArticle.objects.live().count()

        cache = caches[analytics_settings.NEWS_FEED_CACHE]
        request = RequestFactory().get("/")
        block = NewsFeedBlock()
        Site.get_site_root_paths()

        def block_render(**options):
            raw = {"title": "", "count": 10, "rubric": None, "order": "latest", "show": "time"}
            raw.update(exclude_current=True, **options)
            value = block.to_python(raw)
            context = {"request": request, "page": index}
            return lambda: block.render(value, context=dict(context))

        def empty_cache():
            cache.delete(news_feed.GENERATION_KEY)  # every cached list is a miss afterwards

        def uncached(run):
            return (empty_cache, run)

        def cached(run):
            return (run, run)  # the untimed first call fills the cache

        def bare():
            return list(AnalyticsArticle.objects.live().order_by("-published_at")[:10])

        def feed_function():
            return news_feed.get_news_feed(count=10, page=index)

        latest = block_render()
        # Each case: (untimed preparation, timed call).
        cases = {
            "bare .live().order_by('-published_at')[:10]": (lambda: None, bare),
            "feed query function, latest, uncached": uncached(feed_function),
            "feed query function, latest, cached": cached(feed_function),
            "feed block, latest, uncached": uncached(latest),
            "feed block, latest, cached": cached(latest),
            "feed block, rubric, uncached": uncached(block_render(rubric=rubrics[3].pk)),
            "feed block, most read 24 h, uncached": uncached(block_render(order="most_read_24h")),
        }
        for name, (prepare, run) in cases.items():
            prepare()
            html = run()
            if name.startswith("feed block"):
                assert html.count('class="wa-news-feed__item"') == 10, name
            prepare()
            with CaptureQueriesContext(connection) as captured:
                run()
            queries[name] = len(captured)
        for _ in range(20):  # warm-up
            for prepare, run in cases.values():
                prepare()
                run()
        timings = {name: [] for name in cases}
        clock = time.perf_counter_ns
        gc.collect()
        for n in range(args.rounds):
            order = list(cases.items())
            for name, (prepare, run) in order if n % 2 == 0 else reversed(order):
                prepare()
                start = clock()
                run()
                timings[name].append(clock() - start)
        results = {name: summarize(times) for name, times in timings.items()}

        scope = news_feed.resolve_scope(page=index)
        plans["bare .live().order_by('-published_at')[:10]"] = explain(
            AnalyticsArticle.objects.live().order_by("-published_at")[:10]
        )
        plans["feed, latest"] = explain(news_feed.news_feed_queryset(scope, limit=11))
        plans["feed, rubric"] = explain(
            news_feed.news_feed_queryset(scope, rubric=rubrics[3], limit=11)
        )
        plans["feed, most read 24 h"] = explain(
            news_feed.news_feed_queryset(scope, order="most_read_24h", limit=11)
        )
        server = connection.cursor().connection.info.server_version
    finally:
        teardown_databases(old_config, verbosity=0)

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, PostgreSQL {server // 10000}.{server % 10000} "
        f"({BENCH_DB_NAME}), cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}"
    )
    print(
        f"{live} live articles, {daily_rows} daily read rows, loaded in {load_seconds:.1f} s; "
        f"warm-up 20, measured {args.rounds} rounds, cases alternating"
    )
    for name, (median, p90) in results.items():
        print(f"{name:46} median {median:8.3f} ms  p90 {p90:8.3f} ms  {queries[name]} queries")
    for name, plan in plans.items():
        print(f"\nEXPLAIN ANALYZE: {name}\n{plan}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
