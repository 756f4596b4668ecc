"""Render an article page and a bare Wagtail page with the same body, and compare the times.

Run from the repository root::

    python bench/render_article.py [--rounds 300] [--paragraphs 20] [--authors 3]

It builds its own throwaway database the way Django's test runner does (an in-memory
SQLite database by default; with DATABASE_URL pointing at PostgreSQL, a separate database
named ``wa_bench`` that is dropped at the end), creates one published AnalyticsArticle and
one BarePage with an identical StreamField body, and serves both many times through
Django's test client. It prints the median and 90th percentile time of a request, the
requests per second, the number of queries of one render, and the ratio of the two
medians against the target. It is a measurement, not a test: it exits 0 whether the
target is met or not.
"""

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import django

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

TARGET_RATIO = 1.3
WARMUP_ROUNDS = 20
QUOTES = 2
BENCH_DB_NAME = "wa_bench"

SENTENCES = (
    "The city council approved the budget for the new tram lines on Tuesday evening.",
    "Construction is expected to take two years and to cost slightly more than planned.",
    "Residents of the northern districts have asked for a stop near the hospital.",
    "The transport department says that the first trams will run in the spring.",
    "Opposition members argued that the money would be better spent on buses.",
    "A public consultation on the timetable opens next month and lasts six weeks.",
    "Shop owners on the main avenue fear that the works will keep customers away.",
)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Compare rendering an AnalyticsArticle with a bare Wagtail page."
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=300,
        help="measured requests per page, alternating the two pages (default: 300)",
    )
    parser.add_argument(
        "--paragraphs",
        type=int,
        default=20,
        help=f"paragraph blocks in the body, besides {QUOTES} quotes (default: 20)",
    )
    parser.add_argument(
        "--authors", type=int, default=3, help="authors of the article (default: 3)"
    )
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print the SQL of one render of each page",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.paragraphs < 0 or args.authors < 0:
        parser.error("--rounds must be at least 1; --paragraphs and --authors at least 0")
    return args


def make_body(paragraphs):
    """Paragraphs of three sentences each, with the quotes spread evenly between them."""
    body = []
    quote_after = {(paragraphs * (i + 1)) // (QUOTES + 1) for i in range(QUOTES)}
    for n in range(paragraphs):
        text = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
        if n % 4 == 1:
            text = text.replace("tram lines", "<b>tram lines</b>", 1)
        body.append(("paragraph", f"<p>{text}</p>"))
        if n + 1 in quote_after:
            body.append(
                (
                    "quote",
                    {
                        "quote": "We will not stop until every district has a tram.\n"
                        "It is a promise.",
                        "attribution": "The mayor",
                    },
                )
            )
    while sum(1 for block_type, _ in body if block_type == "quote") < QUOTES:
        body.append(("quote", {"quote": "A quote.", "attribution": ""}))
    return body


def create_content(args):
    """The article and a bare page with the same body, both below the article index.

    Both pages sit at the same depth, so Wagtail's routing costs both the same and the
    ratio measures what the article page adds.
    """
    from tests.factories import AuthorFactory, RubricFactory, make_article, make_index
    from tests.testapp.models import BarePage

    index = make_index()
    rubric = RubricFactory(name="Analytics", slug="analytics")
    authors = [AuthorFactory() for _ in range(args.authors)]
    body = make_body(args.paragraphs)
    article = make_article(
        index,
        authors=authors,
        rubric=rubric,
        title="The city council approves a plan for new tram lines",
        slug="tram-lines",
        lead="Work starts next spring and takes two years.",
        body=body,
    )
    bare = index.add_child(
        instance=BarePage(
            title="The city council approves a plan for new tram lines",
            slug="bare-tram-lines",
            body=body,
        )
    )
    bare.save_revision().publish()
    bare.refresh_from_db()
    return article, bare


def check_page(client, url, blocks):
    """First hit of a page: status 200 and the whole body on it."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.content.decode()
    paragraphs, quotes = blocks
    assert html.count('class="wa-paragraph"') == paragraphs, f"{url}: paragraphs missing"
    assert html.count('class="wa-quote"') == quotes, f"{url}: quotes missing"


def count_queries(client, url, show):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    if show:
        print(f"\nqueries of one render of {url}:")
        for number, query in enumerate(captured.captured_queries, 1):
            print(f"  {number:2}. {query['sql']}")
    return len(captured)


def measure(client, urls, rounds):
    """Time each request; the two pages alternate, and which goes first alternates too."""
    timings = {url: [] for url in urls}
    clock = time.perf_counter_ns
    for _ in range(WARMUP_ROUNDS):
        for url in urls:
            client.get(url)
    gc.collect()
    for n in range(rounds):
        for url in urls if n % 2 == 0 else reversed(urls):
            start = clock()
            client.get(url)
            timings[url].append(clock() - start)
    return timings


def summarize(times_ns):
    ordered = sorted(times_ns)
    median = statistics.median(ordered)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]  # nearest rank
    per_second = len(ordered) / (sum(ordered) / 1e9)
    return median / 1e6, p90 / 1e6, per_second


def main(argv=None):
    args = parse_args(argv)
    django.setup()

    import wagtail
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_databases, teardown_databases

    settings.DEBUG = False  # the test settings say so already; a benchmark must not differ

    # Like Django's test runner: a test database of its own, created and migrated
    # (migrate with run_syncdb=True) here, and dropped at the end. SQLite keeps its default
    # in-memory test database; any other database gets one named wa_bench, so a
    # DATABASE_URL pointing at a real database never has its tables touched.
    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = BENCH_DB_NAME
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        article, bare = create_content(args)
        client = Client()
        pages = {"article": article.url, "bare": bare.url}
        for url in pages.values():
            check_page(client, url, (args.paragraphs, QUOTES))
        queries = {
            name: count_queries(client, url, args.show_queries) for name, url in pages.items()
        }
        timings = measure(client, list(pages.values()), args.rounds)
        db_name = connection.settings_dict["NAME"]
    finally:
        teardown_databases(old_config, verbosity=0)

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, database {connection.vendor} ({db_name})"
    )
    print(
        f"body: {args.paragraphs} paragraphs + {QUOTES} quotes; article authors: "
        f"{args.authors}; warm-up {WARMUP_ROUNDS}, measured {args.rounds} rounds per page"
    )
    medians = {}
    for name, url in pages.items():
        median, p90, per_second = summarize(timings[url])
        medians[name] = median
        print(
            f"{name:8} {url:30} median {median:7.3f} ms  p90 {p90:7.3f} ms  "
            f"{per_second:7.1f} req/s  {queries[name]:2} queries"
        )
    ratio = medians["article"] / medians["bare"]
    verdict = "met" if ratio <= TARGET_RATIO else "not met"
    print(f"ratio article/bare: {ratio:.2f}x (target <= {TARGET_RATIO}x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
