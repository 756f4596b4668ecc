"""Time the moderation rules matcher and the comment pipeline.

Run from the repository root::

    python bench/moderation.py [--phrases 5000] [--rounds 2000] [--requests 300]

Three measurements, in one run:

1. **rules**: ``--phrases`` synthetic phrases (English-like and Russian-like pseudo-words, a
   tenth of them two words long, a fifth substring rules, a third hold rules) compiled into
   one :class:`~wagtail_analytics.moderation.rules.RuleMatcher`, then ``match()`` on
   comments of exactly 512 user-perceived characters of several kinds, ``--rounds`` times
   each, interleaved. The target: under 1 ms per comment.
2. **stages**: the same rules stored as ``ModerationRule`` rows, and every stage of the
   default pipeline timed on its own (``check()`` on a clean comment), then ``run()``.
3. **http**: a comment POSTed to the JSON API (``/api/analytics/articles/{id}/comments/``:
   parsing, the full pipeline, storing, signals) against a bare Django POST view that parses
   the same JSON and inserts the same row, through ``django.test.Client``.

Like ``render_article.py`` it uses ``tests.settings`` and builds a throwaway database (an
in-memory SQLite database by default; with ``DATABASE_URL``, a database named
``wa_bench_moderation`` that is dropped at the end). ``REDIS_URL`` makes the cache Redis.
The rate limits are raised so that the benchmark is not refused; every other setting is the
default. It is a measurement, not a test: it exits 0 whether the target is met or not.
"""

import argparse
import gc
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import django

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

TARGET_US = 1000
WARMUP = 20
BENCH_DB_NAME = "wa_bench_moderation"
LENGTH = 512

ENGLISH = (
    "The city council approved the budget for the new tram lines on Tuesday evening. "
    "I think the money would be better spent on buses, but the plan is not a bad one. "
    "Residents of the northern districts have waited for this for years, and they deserve "
    "it. Will the works really take only two years? Last time it took four. "
)
RUSSIAN = (
    "Городской совет во вторник утвердил бюджет на новые трамвайные линии. Я думаю, что "
    "деньги лучше потратить на автобусы, но план неплохой. Жители северных районов ждали "
    "этого много лет. Неужели работы действительно займут всего два года? "
)
MIXED = (
    "Great news 👍🏽 for Tbilisi: თბილისში დღეს ამინდი კარგია. Bakıda da hava çox gözəldir, "
    "şəhər gözəldir! А у нас в Москве 🇷🇺 опять пробки 🚋🚋🚋. 👨‍👩‍👧‍👦 We will take the tram. "
)

LATIN_SYLLABLES = "ba be bi bo bu ca co cu da de di do fa fe fi ga go ha he hi la le li lo "
LATIN_SYLLABLES += "ma me mi mo na ne no pa pe pi po ra re ri ro sa se si so ta te ti to "
LATIN_SYLLABLES += "va ve vi wa we ya yo za st tr pl gr sh ch th er an in on en ou"
CYRILLIC_SYLLABLES = "ба бе би бо ва ве ви во га го да де ди до жа за зе ка ко ку ла ле ли ло "
CYRILLIC_SYLLABLES += "ма ме ми мо на не ни но па пе пи по ра ре ри ро са се си со та те ти то "
CYRILLIC_SYLLABLES += "ха хо ца ча че ша ще ст тр пр кр ов ен ан ин ый ой ая"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Time the moderation rules and pipeline.")
    parser.add_argument("--phrases", type=int, default=5000, help="rules (default: 5000)")
    parser.add_argument(
        "--rounds", type=int, default=2000, help="matches per comment kind (default: 2000)"
    )
    parser.add_argument(
        "--requests", type=int, default=300, help="HTTP requests per view (default: 300)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.phrases < 1 or args.rounds < 1 or args.requests < 1:
        parser.error("--phrases, --rounds and --requests must be at least 1")
    return args


def make_rules(count, seed):
    """Deterministic pseudo-word phrases: half Latin, half Cyrillic, all distinct."""
    generator = random.Random(seed)
    syllables = (LATIN_SYLLABLES.split(), CYRILLIC_SYLLABLES.split())
    families = ("discrimination", "offensive", "unlawful")
    seen = set()
    rules = []
    while len(rules) < count:
        n = len(rules)
        pool = syllables[n % 2]

        def word(pool=pool):
            return "".join(generator.choice(pool) for _ in range(generator.randint(2, 4)))

        phrase = " ".join(word() for _ in range(2 if n % 10 == 0 else 1))
        if phrase in seen:
            continue
        seen.add(phrase)
        rules.append(
            SimpleNamespace(
                pk=n + 1,
                phrase=phrase,
                language="",
                family=families[n % 3],
                action="hold" if n % 3 == 0 else "reject",
                whole_word=n % 5 != 0,
            )
        )
    return rules


def cut(text, length=LENGTH):
    """``text`` repeated and cut to exactly ``length`` grapheme clusters."""
    import regex

    graphemes = regex.findall(r"\X", text)
    repeated = graphemes * (length // len(graphemes) + 1)
    return "".join(repeated[:length])


def make_comments(rules, seed):
    generator = random.Random(seed + 1)
    # Words that share long prefixes with phrases keep the automaton deep: the hard case.
    near = " ".join(generator.choice(rules).phrase[:-1] for _ in range(200))
    spaced = " ".join("spaced letters are read as one word ")
    return {
        "english": cut(ENGLISH),
        "russian": cut(RUSSIAN),
        "mixed scripts+emoji": cut(MIXED),
        "near misses": cut(near),
        "spaced letters": cut(spaced),
        "stretched letters": cut("sooooo baaaaad!!! "),
    }


def summarize(times_ns):
    ordered = sorted(times_ns)
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]  # nearest rank
    return statistics.median(ordered) / 1000, p90 / 1000, ordered[-1] / 1000


def bench_rules(args):
    from wagtail_analytics.moderation.rules import RuleMatcher
    from wagtail_analytics.moderation.text import grapheme_length

    # Clean comments are the common case and the slowest one: the whole text is scanned.
    # Phrases that happen to occur in the sample comments are dropped to keep it so.
    candidates = make_rules(args.phrases + args.phrases // 5, args.seed)
    comments = make_comments(candidates, args.seed)
    while True:
        matcher = RuleMatcher(candidates)
        found = {match.rule_id for text in comments.values() if (match := matcher.match(text))}
        if not found:
            break
        candidates = [rule for rule in candidates if rule.pk not in found]
    rules = candidates[: args.phrases]
    start = time.perf_counter()
    matcher = RuleMatcher(rules)
    build_ms = (time.perf_counter() - start) * 1000
    print(
        f"\n[rules] {matcher.phrases} phrases compiled in {build_ms:.0f} ms "
        f"({len(matcher._goto)} automaton states)"
    )
    timings = {name: [] for name in comments}
    for text in comments.values():
        assert grapheme_length(text) == LENGTH
        for _ in range(WARMUP):
            matcher.match(text)
    clock = time.perf_counter_ns
    gc.collect()
    for _ in range(args.rounds):
        for name, text in comments.items():
            begin = clock()
            matcher.match(text)
            timings[name].append(clock() - begin)
    every = []
    for name, text in comments.items():
        median, p90, worst = summarize(timings[name])
        every.extend(timings[name])
        found = matcher.match(text)
        outcome = f"matched {found.phrase!r}" if found else "no match"
        print(
            f"  {name:20} {len(text):5} code points  median {median:7.1f} us  "
            f"p90 {p90:7.1f} us  max {worst:8.1f} us  ({outcome})"
        )
    median, p90, worst = summarize(every)
    verdict = "met" if median < TARGET_US else "not met"
    print(
        f"  all kinds            median {median:7.1f} us  p90 {p90:7.1f} us  "
        f"max {worst:8.1f} us  (target < {TARGET_US} us: {verdict})"
    )
    return rules


def create_content(rules):
    from wagtail.models import Site

    from tests.factories import make_article, make_index
    from wagtail_analytics.models import CommentSettings, ModerationRule
    from wagtail_analytics.moderation.rules import bump_rules_version

    index = make_index()
    article = make_article(index, slug="tram-lines")
    bare_article = make_article(index, slug="bare-tram-lines")
    site_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    ModerationRule.objects.bulk_create(
        [
            ModerationRule(
                phrase=rule.phrase,
                family=rule.family,
                action=rule.action,
                whole_word=rule.whole_word,
            )
            for rule in rules
        ],
        batch_size=1000,
    )
    bump_rules_version()
    return article, bare_article, site_settings


def bench_stages(args, article, site_settings):
    from django.utils import timezone

    from wagtail_analytics.moderation.pipeline import Submission, get_stages, run
    from wagtail_analytics.moderation.rules import get_matcher
    from wagtail_analytics.moderation.tickets import make_ticket

    start = time.perf_counter()
    get_matcher("en")
    print(
        f"\n[stages] rules loaded from the database and compiled in "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    ticket = make_ticket(article.pk, now=time.time() - 60)
    body = cut(ENGLISH)

    def submission():
        return Submission(
            article=article,
            body=body,
            author_name="Nino",
            language="en",
            fingerprint="bench-reader",
            ticket=ticket,
            site_settings=site_settings,
            now=timezone.now(),
        )

    stages = get_stages()
    timings = {type(stage).__name__: [] for stage in stages}
    timings["run() (all stages)"] = []
    clock = time.perf_counter_ns
    for round_number in range(WARMUP + args.rounds // 4):
        for stage in stages:
            item = submission()
            begin = clock()
            decision = stage.check(item)
            elapsed = clock() - begin
            assert decision is None, (type(stage).__name__, decision)
            if round_number >= WARMUP:
                timings[type(stage).__name__].append(elapsed)
        item = submission()
        begin = clock()
        assert run(item) is None
        if round_number >= WARMUP:
            timings["run() (all stages)"].append(clock() - begin)
    for name, values in timings.items():
        median, p90, worst = summarize(values)
        print(f"  {name:20} median {median:7.1f} us  p90 {p90:7.1f} us  max {worst:8.1f} us")


def bare_comment_view(request, article_id):
    """The baseline: parse the JSON, insert the row, answer 201."""
    from django.http import JsonResponse

    from wagtail_analytics.models import Comment

    data = json.loads(request.body)
    comment = Comment.objects.create(
        article_id=article_id, author_name=data["author_name"], body=data["body"]
    )
    return JsonResponse({"id": comment.pk, "status": "pending"}, status=201)


def bench_http(args, article, bare_article):
    from django.test import Client
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    from wagtail_analytics.models import Comment
    from wagtail_analytics.moderation.tickets import make_ticket

    module = sys.modules[__name__]
    module.urlpatterns = [
        path("bench/bare-comment/<int:article_id>/", csrf_exempt(bare_comment_view)),
        path("", include("tests.urls")),
    ]
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = module
    clear_url_caches()
    client = Client()
    ticket = make_ticket(article.pk, now=time.time() - 60)
    urls = {
        "api": f"/api/analytics/articles/{article.pk}/comments/",
        "bare": f"/bench/bare-comment/{bare_article.pk}/",
    }
    counter = iter(range(10**9))

    def post(url):
        payload = {
            "author_name": "Nino",
            "body": f"{ENGLISH[:300]} ({next(counter)})",
            "ticket": ticket,
        }
        return client.post(url, json.dumps(payload), content_type="application/json")

    for name, url in urls.items():
        response = post(url)
        if response.status_code != 201:
            print(f"\n[http] {name} answered {response.status_code}: {response.content[:300]!r}")
            print("[http] skipped")
            return
    timings = {name: [] for name in urls}
    clock = time.perf_counter_ns
    for _ in range(WARMUP):
        for url in urls.values():
            post(url)
    gc.collect()
    for round_number in range(args.requests):
        names = list(urls) if round_number % 2 == 0 else list(reversed(urls))
        for name in names:
            begin = clock()
            response = post(urls[name])
            timings[name].append(clock() - begin)
            assert response.status_code == 201, response.content
    print(
        f"\n[http] {args.requests} POSTs each, alternating; "
        f"{Comment.objects.filter(article=article).count()} comments on the API's article "
        "at the end (the duplicate check compares the last 24 hours)"
    )
    medians = {}
    for name, values in timings.items():
        median, p90, _worst = summarize(values)
        medians[name] = median
        label = {"api": "API POST (pipeline)", "bare": "bare Django POST view"}[name]
        print(
            f"  {label:24} median {median / 1000:6.3f} ms  p90 {p90 / 1000:6.3f} ms  "
            f"{1e6 / median:7.0f} req/s"
        )
    print(f"  ratio API/bare: {medians['api'] / medians['bare']:.2f}x")


def main(argv=None):
    args = parse_args(argv)
    django.setup()

    import wagtail
    from django.conf import settings
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases

    settings.DEBUG = False
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, database {connection.vendor}, cache {cache_backend}"
    )
    rules = bench_rules(args)

    if connection.vendor != "sqlite":
        connection.settings_dict["TEST"]["NAME"] = BENCH_DB_NAME
    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        huge = 10**9
        with override_settings(
            WAGTAIL_ANALYTICS={"COMMENT_RATE_LIMITS": {"minute": huge, "hour": huge}}
        ):
            article, bare_article, site_settings = create_content(rules)
            bench_stages(args, article, site_settings)
            bench_http(args, article, bare_article)
    finally:
        teardown_databases(old_config, verbosity=0)
        # The rate-limit counters expire by themselves; the rules version would stay.
        from django.core.cache import cache

        from wagtail_analytics.moderation.rules import VERSION_CACHE_KEY

        cache.delete(VERSION_CACHE_KEY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
