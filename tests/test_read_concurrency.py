"""Concurrency and failure tests of the read counter: the numbers a reader would see must be
exact with many threads, several server processes, two flushers, crashing flushes and a Redis
that goes away.

Services are selected by environment variables (CI sets both, so nothing is skipped there):
``DATABASE_URL=postgres://...`` enables the PostgreSQL tests, ``REDIS_URL=redis://...`` the
Redis ones. The SQLite multi-process test and the "Redis stopped" test need neither (the
latter needs the ``redis-server`` binary).
"""

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import IntegrityError, connection
from django.db.models import Sum
from django.utils import timezone

from tests.factories import make_article, make_index
from wagtail_analytics.models import (
    AnalyticsArticle,
    ReadDaily,
    ReadFlushBatch,
    ReadMark,
    ReadPrefixCount,
    ReadTotal,
)
from wagtail_analytics.read_counter import ReadCounts
from wagtail_analytics.read_counter.backends.database import DatabaseReadCounter
from wagtail_analytics.read_counter.backends.redis import RedisReadCounter

REPO_ROOT = Path(__file__).resolve().parent.parent
WINDOW = 24 * 60 * 60
CAP = 300

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://... to enable",
)
needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs Redis: set REDIS_URL=redis://... to enable",
)
# Threads that use the database need real transactions. Each such test ends by emptying the
# tables; serialized_rollback reloads the rows the migrations created (root page, default
# site) before the next one.
threaded_db = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class SimulatedCrash(Exception):
    """Raised by monkeypatched flush steps: the process died here."""


# helpers


@pytest.fixture
def articles(db):
    index = make_index()
    return [
        make_article(index, title="Tram lines", slug="tram-lines"),
        make_article(index, title="River bridge", slug="river-bridge"),
    ]


def make_redis_counter(**options):
    options.setdefault("URL", os.environ.get("REDIS_URL"))
    options.setdefault("KEY_PREFIX", f"wa-test-{uuid.uuid4().hex}")
    return RedisReadCounter(**options)


@pytest.fixture
def redis_counter():
    counter = make_redis_counter()
    counter.reset()
    yield counter
    counter.reset()


def run_threads(count, target):
    """Run ``target(n)`` in ``count`` threads released together; return the results in order.

    An exception in any thread is raised here. Each thread closes its database connection.
    """
    barrier = threading.Barrier(count, timeout=60)

    def worker(n):
        try:
            barrier.wait()
            return target(n)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def beacon_plan(article_ids, readers=500, seed=1):
    """Shuffled ``(article_id, reader, prefix)`` beacons: ~500 readers, some repeating.

    Every third reader reads both articles; reader ``r`` sends ``1 + r % 9`` beacons per
    article, so a ninth of them send one and the others repeat within the window. Twenty
    network prefixes keep every prefix far below the cap, so every new reader is a read.
    """
    first, second = article_ids
    beacons = []
    for r in range(readers):
        targets = [[first], [second], [first, second]][r % 3]
        for article_id in targets:
            beacons += [(article_id, f"reader-{r:04d}", f"net-{r % 20}")] * (1 + r % 9)
    random.Random(seed).shuffle(beacons)
    return beacons


def expected_counts(beacons):
    """``{article_id: ReadCounts}``: distinct readers and beacons per article."""
    views = Counter(article_id for article_id, _reader, _prefix in beacons)
    pairs = {(article_id, reader) for article_id, reader, _prefix in beacons}
    reads = Counter(article_id for article_id, _reader in pairs)
    return {article_id: ReadCounts(reads[article_id], views[article_id]) for article_id in views}


def record_concurrently(counter, beacons, threads, now):
    """Record ``beacons`` from ``threads`` threads at once; return every ``record()`` result."""

    def work(n):
        return [
            counter.record(
                article_id, reader=reader, prefix=prefix, window=WINDOW, cap=CAP, now=now
            )
            for article_id, reader, prefix in beacons[n::threads]
        ]

    return [result for chunk in run_threads(threads, work) for result in chunk]


def db_totals(article_ids):
    """``{article_id: ReadCounts}`` straight from ReadTotal (zero when there is no row)."""
    rows = dict.fromkeys(article_ids, ReadCounts())
    for article_id, reads, views in ReadTotal.objects.filter(
        article_id__in=article_ids
    ).values_list("article_id", "reads", "views"):
        rows[article_id] = ReadCounts(reads, views)
    return rows


def daily_sums(article_ids):
    """``{article_id: ReadCounts}`` summed over the ReadDaily rows."""
    rows = dict.fromkeys(article_ids, ReadCounts())
    for row in (
        ReadDaily.objects.filter(article_id__in=article_ids)
        .values("article_id")
        .annotate(reads=Sum("reads"), views=Sum("views"))
    ):
        rows[row["article_id"]] = ReadCounts(row["reads"], row["views"])
    return rows


def assert_stored(article_ids, expected):
    """The totals and the daily rows both hold exactly ``expected``."""
    expected = {i: expected.get(i, ReadCounts()) for i in article_ids}
    assert db_totals(article_ids) == expected
    assert daily_sums(article_ids) == expected


def redis_is_drained(counter):
    return not counter.client.exists(
        counter.buffer_key, counter.pending_key, counter.pending_id_key
    )


# 1. database backend, many threads (PostgreSQL)


@needs_postgres
@threaded_db
def test_database_backend_is_exact_with_32_threads(articles):
    ids = [a.pk for a in articles]
    beacons = beacon_plan(ids)
    expected = expected_counts(beacons)
    pairs = {(a, r) for a, r, _p in beacons}
    assert len(beacons) >= 3000 and len(pairs) == 666

    results = record_concurrently(DatabaseReadCounter(), beacons, 32, timezone.now())

    assert len(results) == len(beacons)
    assert sum(results) == len(pairs)
    assert_stored(ids, expected)
    assert sum(c.views for c in db_totals(ids).values()) == len(beacons)
    assert DatabaseReadCounter().counts(ids) == expected
    assert ReadMark.objects.filter(article_id__in=ids).count() == len(pairs)
    # Each (article, prefix) counter holds exactly its distinct readers.
    per_prefix = Counter((a, p) for a, r, p in {(a, r, p) for a, r, p in beacons})
    stored = {
        (row.article_id, row.prefix): row.readers
        for row in ReadPrefixCount.objects.filter(article_id__in=ids)
    }
    assert stored == dict(per_prefix)


# 2. Redis backend, many threads, then flushes


@needs_redis
@threaded_db
def test_redis_backend_is_exact_with_32_threads_and_flush(articles, redis_counter):
    ids = [a.pk for a in articles]
    beacons = beacon_plan(ids, seed=2)
    expected = expected_counts(beacons)
    pairs = {(a, r) for a, r, _p in beacons}
    assert len(beacons) >= 3000

    results = record_concurrently(redis_counter, beacons, 32, timezone.now())

    assert len(results) == len(beacons)
    assert sum(results) == len(pairs)
    assert redis_counter.counts(ids) == expected  # all of it still buffered
    assert_stored(ids, {})

    assert redis_counter.flush() == 2  # one daily row per article
    assert_stored(ids, expected)
    assert redis_counter.counts(ids) == expected  # not counted twice
    assert redis_is_drained(redis_counter)

    assert redis_counter.flush() == 0
    assert_stored(ids, expected)
    assert redis_counter.counts(ids) == expected
    assert ReadFlushBatch.objects.count() == 1


# 3. fifty simultaneous beacons from one reader


def _one_reader_fifty_times(counter, article_id):
    now = timezone.now()

    def beacon(_n):
        return counter.record(
            article_id, reader="same-reader", prefix="net-1", window=WINDOW, cap=CAP, now=now
        )

    return run_threads(50, beacon)


@needs_postgres
@threaded_db
def test_one_reader_fifty_simultaneous_beacons_database(articles):
    article_id = articles[0].pk
    results = _one_reader_fifty_times(DatabaseReadCounter(), article_id)

    assert results.count(True) == 1
    assert_stored([article_id], {article_id: ReadCounts(1, 50)})
    assert DatabaseReadCounter().counts([article_id]) == {article_id: ReadCounts(1, 50)}
    assert ReadMark.objects.filter(article_id=article_id).count() == 1


@needs_redis
@threaded_db
def test_one_reader_fifty_simultaneous_beacons_redis(articles, redis_counter):
    article_id = articles[0].pk
    results = _one_reader_fifty_times(redis_counter, article_id)

    assert results.count(True) == 1
    assert redis_counter.counts([article_id]) == {article_id: ReadCounts(1, 50)}
    assert redis_counter.flush() == 1
    assert_stored([article_id], {article_id: ReadCounts(1, 50)})
    assert redis_counter.counts([article_id]) == {article_id: ReadCounts(1, 50)}


# The network-prefix cap is exact under concurrency too: 200 new readers behind one prefix,
# a cap of 50 -> exactly 50 reads.


def _crowd_behind_one_prefix(counter, article_id):
    now = timezone.now()

    def beacon(n):
        return [
            counter.record(
                article_id, reader=f"nat-{k}", prefix="office-nat", window=WINDOW, cap=50, now=now
            )
            for k in range(n, 200, 20)
        ]

    return [result for chunk in run_threads(20, beacon) for result in chunk]


@needs_postgres
@threaded_db
def test_prefix_cap_is_exact_under_concurrency_database(articles):
    article_id = articles[0].pk
    results = _crowd_behind_one_prefix(DatabaseReadCounter(), article_id)

    assert results.count(True) == 50
    assert_stored([article_id], {article_id: ReadCounts(50, 200)})


@needs_redis
@threaded_db
def test_prefix_cap_is_exact_under_concurrency_redis(articles, redis_counter):
    article_id = articles[0].pk
    results = _crowd_behind_one_prefix(redis_counter, article_id)

    assert results.count(True) == 50
    assert redis_counter.counts([article_id]) == {article_id: ReadCounts(50, 200)}
    redis_counter.flush()
    assert_stored([article_id], {article_id: ReadCounts(50, 200)})


# 4. SQLite, several server processes


WORKERS = 6
BEACONS_PER_WORKER = 300


def _worker_env(db_file):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{db_file}"
    env["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


def _worker(*args, env, **kwargs):
    return subprocess.Popen(
        [sys.executable, str(REPO_ROOT / "tests" / "read_worker.py"), *map(str, args)],
        env=env,
        cwd=REPO_ROOT,
        text=True,
        **kwargs,
    )


def test_sqlite_file_with_several_server_processes(tmp_path):
    import sqlite3

    db_file = tmp_path / "reads.sqlite3"
    env = _worker_env(db_file)
    # The recording processes start (import Django) while the setup process migrates.
    workers = [
        _worker(
            "record",
            n,
            BEACONS_PER_WORKER,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(WORKERS)
    ]
    try:
        setup = _worker("setup", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = setup.communicate(timeout=60)
        assert setup.returncode == 0, err
        article_id = json.loads(out.strip().splitlines()[-1])["article"]
        for proc in workers:  # every process is ready: release them together
            assert proc.stdout.readline().strip() == "ready", proc.communicate()[1]
        for proc in workers:
            proc.stdin.write(f"{article_id}\n")
            proc.stdin.flush()
        reports = []
        for proc in workers:
            out, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err  # no process crashed
            reports.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    retries = sum(r["lock_retries"] for r in reports)
    for report in reports:
        assert report["errors"] == [], report["errors"]
        assert report["ok"] == BEACONS_PER_WORKER
        assert report["reads"] == BEACONS_PER_WORKER
    with sqlite3.connect(db_file) as db:
        total = db.execute(
            "SELECT reads, views FROM wagtail_analytics_readtotal WHERE article_id = ?",
            [article_id],
        ).fetchone()
        daily = db.execute(
            "SELECT SUM(reads), SUM(views) FROM wagtail_analytics_readdaily WHERE article_id = ?",
            [article_id],
        ).fetchone()
        marks = db.execute("SELECT COUNT(*) FROM wagtail_analytics_readmark").fetchone()[0]
    readers = WORKERS * BEACONS_PER_WORKER
    assert total == (readers, readers), f"lock retries: {retries}"
    assert daily == (readers, readers)
    assert marks == readers


# 5. a flush that crashes between (or inside) its steps is repaired by the next flush


def _record_all(counter, beacons, now):
    return [
        counter.record(article_id, reader=reader, prefix=prefix, window=WINDOW, cap=CAP, now=now)
        for article_id, reader, prefix in beacons
    ]


def _crash_after(monkeypatch, method):
    original = getattr(RedisReadCounter, method)

    def crashing(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise SimulatedCrash(f"after {method}")

    monkeypatch.setattr(RedisReadCounter, method, crashing)


def _crash_in_transaction(monkeypatch, *, after_writes):
    original = DatabaseReadCounter.apply.__func__

    def crashing(cls, rows, **kwargs):
        # Called by write_batch inside its transaction, after ReadFlushBatch was created.
        if after_writes:
            original(cls, rows, **kwargs)
        raise SimulatedCrash("inside write_batch's transaction")

    monkeypatch.setattr(DatabaseReadCounter, "apply", classmethod(crashing))


CRASH_POINTS = [
    "after_take_batch",
    "after_read_batch",
    "after_write_batch",
    "in_transaction_before_writes",
    "in_transaction_after_writes",
]


@needs_redis
@threaded_db
@pytest.mark.parametrize("crash", CRASH_POINTS)
def test_flush_crash_is_repaired_by_the_next_flush(articles, redis_counter, monkeypatch, crash):
    ids = [a.pk for a in articles]
    now = timezone.now()
    first, second = ids
    before = [(first, f"r{n}", "net-1") for n in range(10)] * 2 + [(second, "r0", "net-2")] * 3
    after = [(first, "r0", "net-1"), (first, "late", "net-1"), (second, "late", "net-2")]
    expected_before = {first: ReadCounts(10, 20), second: ReadCounts(1, 3)}
    expected_after = {first: ReadCounts(11, 22), second: ReadCounts(2, 4)}

    assert sum(_record_all(redis_counter, before, now)) == 11
    assert redis_counter.counts(ids) == expected_before

    with monkeypatch.context() as patch:
        if crash.startswith("after_"):
            _crash_after(patch, crash.removeprefix("after_"))
        else:
            _crash_in_transaction(patch, after_writes=crash.endswith("after_writes"))
        with pytest.raises(SimulatedCrash):
            redis_counter.flush()

    # What the crash left: a pending batch, written to the database only if write_batch
    # returned. Either way the counts a reader sees are unchanged.
    written = crash == "after_write_batch"
    assert redis_counter.client.exists(redis_counter.pending_key)
    assert ReadFlushBatch.objects.count() == int(written)
    assert_stored(ids, expected_before if written else {})
    assert redis_counter.counts(ids) == expected_before

    # Beacons keep arriving before the next flush runs.
    assert _record_all(redis_counter, after, now) == [False, True, True]
    assert redis_counter.counts(ids) == expected_after

    # The repair flush resumes the pending batch (written already: only released), then
    # moves the new buffer.
    assert redis_counter.flush() == (2 if written else 4)
    assert_stored(ids, expected_after)
    assert redis_counter.counts(ids) == expected_after
    assert redis_is_drained(redis_counter)
    assert ReadFlushBatch.objects.count() == 2

    assert redis_counter.flush() == 0
    assert_stored(ids, expected_after)
    assert redis_counter.counts(ids) == expected_after


# 6. two flushers at once while beacons keep coming (Redis + PostgreSQL)


@needs_postgres
@needs_redis
@threaded_db
def test_two_simultaneous_flushers_while_recording(articles, redis_counter):
    ids = [a.pk for a in articles]
    now = timezone.now()
    beacons = beacon_plan(ids, readers=300, seed=6)
    expected = expected_counts(beacons)
    warmup, rest = beacons[:300], beacons[300:]
    recorders, flushers, min_rounds = 6, 2, 8

    warmup_results = _record_all(redis_counter, warmup, now)  # something buffered at once
    recording_done = threading.Event()
    state = {"rounds": 0, "stop": False}

    def decide():  # runs once per flush round, before both flushers are released
        state["rounds"] += 1
        state["stop"] = state["rounds"] > min_rounds and recording_done.is_set()

    round_barrier = threading.Barrier(flushers, action=decide, timeout=60)
    finished = threading.Barrier(recorders, action=recording_done.set, timeout=60)

    def work(n):
        if n < flushers:
            moved = []
            while True:
                round_barrier.wait()
                if state["stop"]:
                    return moved
                moved.append(redis_counter.flush())
                time.sleep(0.005)
        chunk = rest[n - flushers :: recorders]
        results = []
        for k, (article_id, reader, prefix) in enumerate(chunk):
            if k % 25 == 0:
                time.sleep(0.01)  # spread the beacons over several flush rounds
            results.append(
                redis_counter.record(
                    article_id, reader=reader, prefix=prefix, window=WINDOW, cap=CAP, now=now
                )
            )
        finished.wait()
        return results

    outcome = run_threads(flushers + recorders, work)
    moved = [n for rounds in outcome[:flushers] for n in rounds]
    record_results = [r for results in outcome[flushers:] for r in results]
    assert len(record_results) == len(rest)
    assert sum(warmup_results) + sum(record_results) == len({(a, r) for a, r, _p in beacons})
    assert len(moved) == flushers * (state["rounds"] - 1)

    moved.append(redis_counter.flush())
    pairs = {(a, r) for a, r, _p in beacons}
    totals = db_totals(ids)
    assert sum(c.views for c in totals.values()) == len(beacons)  # = record() calls
    assert sum(c.reads for c in totals.values()) == len(pairs)
    assert_stored(ids, expected)
    assert redis_counter.counts(ids) == expected
    assert redis_is_drained(redis_counter)
    # Every batch was written exactly once, and the flushes report what was written.
    assert sum(moved) == ReadFlushBatch.objects.aggregate(rows=Sum("rows"))["rows"]


# 7. Redis goes away in the middle of a run


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of our own (no persistence) that the test may kill."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs the redis-server binary on PATH")
    import redis

    port = _free_port()
    no_persistence = ["--save", "", "--appendonly", "no", "--dir", str(tmp_path)]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", *no_persistence],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=0.5).ping()
            break
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("the private redis-server did not start")
            time.sleep(0.05)
    yield proc, url
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.django_db
def test_redis_stopped_mid_run_falls_back_to_the_database(articles, private_redis):
    proc, url = private_redis
    article_id = articles[0].pk
    counter = make_redis_counter(URL=url, FALLBACK="database", RETRY_AFTER=0.5)
    dropping = make_redis_counter(
        URL=url, KEY_PREFIX=counter.prefix, FALLBACK=None, RETRY_AFTER=0.5
    )
    now = timezone.now()

    def beacon(backend, reader):
        return backend.record(
            article_id, reader=reader, prefix="net-1", window=WINDOW, cap=CAP, now=now
        )

    assert [beacon(counter, f"r{n % 10}") for n in range(20)] == [True] * 10 + [False] * 10
    assert beacon(dropping, "r0") is False  # a repeat, counted as a view in Redis
    assert counter.counts([article_id]) == {article_id: ReadCounts(10, 21)}
    assert_stored([article_id], {})

    proc.terminate()
    proc.wait(timeout=10)

    # Every beacon still answers; with the database fallback it is counted there. What was
    # buffered in the stopped Redis (no persistence) is gone, which is the price of a buffer.
    started = time.monotonic()
    results = [beacon(counter, f"down-{n % 10}") for n in range(15)]
    assert results == [True] * 10 + [False] * 5
    assert_stored([article_id], {article_id: ReadCounts(10, 15)})
    assert counter.counts([article_id]) == {article_id: ReadCounts(10, 15)}
    assert beacon(dropping, "dropped") is False
    assert_stored([article_id], {article_id: ReadCounts(10, 15)})
    assert dropping.counts([article_id]) == {article_id: ReadCounts(10, 15)}

    time.sleep(0.6)  # past RETRY_AFTER: Redis is tried again, fails again, still no error
    assert counter.counts([article_id]) == {article_id: ReadCounts(10, 15)}
    assert beacon(counter, "down-late") is True
    assert beacon(dropping, "dropped-late") is False
    assert dropping.counts([article_id]) == {article_id: ReadCounts(11, 16)}
    assert_stored([article_id], {article_id: ReadCounts(11, 16)})
    assert time.monotonic() - started < 5  # answered quickly, not after long reconnect loops


# Races found while writing the tests above, now fixed.


@needs_redis
@pytest.mark.django_db
def test_counts_do_not_drop_while_a_flush_runs(articles, redis_counter, monkeypatch):
    ids = [a.pk for a in articles]
    now = timezone.now()
    beacons = [(ids[0], f"r{n}", "net-1") for n in range(5)] + [(ids[1], "r0", "net-1")] * 2
    _record_all(redis_counter, beacons, now)
    expected = {ids[0]: ReadCounts(5, 5), ids[1]: ReadCounts(1, 2)}
    assert redis_counter.counts(ids) == expected

    other_process = make_redis_counter(KEY_PREFIX=redis_counter.prefix)
    original = DatabaseReadCounter.counts
    flushed = []

    def counts_then_a_flush_lands(self, article_ids):
        result = original(self, article_ids)
        if not flushed:  # a flush_reads run completes right after the database read
            flushed.append(other_process.flush())
        return result

    monkeypatch.setattr(DatabaseReadCounter, "counts", counts_then_a_flush_lands)
    seen = redis_counter.counts(ids)
    monkeypatch.undo()

    assert flushed == [2]
    assert redis_counter.counts(ids) == expected  # settled again
    assert seen == expected


@needs_postgres
@needs_redis
@threaded_db
def test_article_deleted_during_flush_loses_no_other_counts(articles, redis_counter, monkeypatch):
    kept, deleted = articles
    now = timezone.now()
    beacons = [(kept.pk, f"r{n}", "net-1") for n in range(7)] + [(deleted.pk, "r0", "net-1")]
    _record_all(redis_counter, beacons, now)
    assert redis_counter.counts([kept.pk]) == {kept.pk: ReadCounts(7, 7)}

    original = DatabaseReadCounter.apply.__func__

    def editor_deletes_the_article_first(cls, rows, **kwargs):
        # write_batch has checked that both articles exist and opened its transaction;
        # an editor deletes one of them in another request, which commits first.
        def delete():
            try:
                AnalyticsArticle.objects.get(pk=deleted.pk).delete()
            finally:
                connection.close()

        thread = threading.Thread(target=delete)
        thread.start()
        thread.join(timeout=30)
        original(cls, rows, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(DatabaseReadCounter, "apply", classmethod(editor_deletes_the_article_first))
        # Raising is acceptable if the batch stays pending for the next flush.
        with contextlib.suppress(IntegrityError):
            redis_counter.flush()
    assert not AnalyticsArticle.objects.filter(pk=deleted.pk).exists()

    redis_counter.flush()
    assert_stored([kept.pk], {kept.pk: ReadCounts(7, 7)})
    assert redis_counter.counts([kept.pk]) == {kept.pk: ReadCounts(7, 7)}
