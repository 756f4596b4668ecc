"""The read counter contract, run against every backend, and the settings that choose one."""

import os
import time
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from tests.factories import make_article
from wagtail_analytics.read_counter import ReadCounts, get_read_counter
from wagtail_analytics.read_counter.backends.base import BaseReadCounter
from wagtail_analytics.read_counter.backends.database import DatabaseReadCounter
from wagtail_analytics.read_counter.backends.dummy import DummyReadCounter

pytestmark = pytest.mark.django_db

WINDOW = 24 * 3600


def redis_backend():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("set REDIS_URL to run the contract against the redis backend")
    from wagtail_analytics.read_counter.backends.redis import RedisReadCounter

    return RedisReadCounter(URL=os.environ["REDIS_URL"], KEY_PREFIX=f"wa-test-{uuid.uuid4().hex}")


@pytest.fixture(params=["dummy", "database", "redis"])
def backend(request):
    counter = {
        "dummy": DummyReadCounter,
        "database": DatabaseReadCounter,
        "redis": redis_backend,
    }[request.param]()
    counter.reset()
    yield counter
    counter.reset()


@pytest.fixture
def article_id(index):
    return make_article(index).pk


def record(backend, article_id, reader, prefix="p1", cap=100, now=None):
    return backend.record(
        article_id, reader=reader, prefix=prefix, window=WINDOW, cap=cap, now=now or timezone.now()
    )


def test_first_view_of_a_reader_is_a_read_and_repeats_are_views(backend, article_id):
    assert record(backend, article_id, "alice") is True
    assert record(backend, article_id, "alice") is False
    assert record(backend, article_id, "bob") is True
    assert backend.counts([article_id]) == {article_id: ReadCounts(reads=2, views=3)}


def test_reader_counts_again_after_the_window(backend, article_id):
    start = timezone.now()
    assert record(backend, article_id, "alice", now=start)
    assert not record(backend, article_id, "alice", now=start + timedelta(hours=23))
    if isinstance(backend, DatabaseReadCounter | DummyReadCounter):
        assert record(backend, article_id, "alice", now=start + timedelta(hours=25))
    else:
        # Redis expires its marks in real time (the window is the key's expiry): a
        # one-second window shows the same thing.
        assert backend.record(article_id, reader="bob", prefix="p1", window=1, cap=100, now=start)
        time.sleep(1.2)
        assert backend.record(article_id, reader="bob", prefix="p1", window=1, cap=100, now=start)
        assert backend.counts([article_id])[article_id] == ReadCounts(3, 4)
        return
    assert backend.counts([article_id])[article_id] == ReadCounts(2, 3)


def test_prefix_cap_stops_one_network_minting_readers(backend, article_id):
    results = [record(backend, article_id, f"reader-{n}", prefix="net", cap=3) for n in range(5)]
    assert results == [True, True, True, False, False]
    assert record(backend, article_id, "someone-else", prefix="other-net", cap=3) is True
    assert backend.counts([article_id])[article_id] == ReadCounts(reads=4, views=6)


def test_counts_of_unknown_articles_are_zero(backend, article_id):
    assert backend.counts([article_id, 999999]) == {
        article_id: ReadCounts(),
        999999: ReadCounts(),
    }
    assert backend.counts([]) == {}


def test_articles_are_counted_separately(backend, index):
    first, second = make_article(index, slug="a").pk, make_article(index, slug="b").pk
    record(backend, first, "alice")
    record(backend, second, "alice")
    record(backend, second, "bob")
    assert backend.counts([first, second]) == {
        first: ReadCounts(1, 1),
        second: ReadCounts(2, 2),
    }


def test_flush_keeps_counts_exact(backend, article_id):
    for reader in ["a", "b", "a", "c"]:
        record(backend, article_id, reader)
    before = backend.counts([article_id])
    backend.flush()
    assert backend.counts([article_id]) == before == {article_id: ReadCounts(3, 4)}
    backend.flush()
    assert backend.counts([article_id]) == before


def test_database_backend_keeps_daily_rows(article_id):
    from wagtail_analytics.models import ReadDaily, ReadTotal

    backend = DatabaseReadCounter()
    now = timezone.now()
    record(backend, article_id, "a", now=now - timedelta(days=1))
    record(backend, article_id, "b", now=now)
    record(backend, article_id, "b", now=now)
    days = dict(ReadDaily.objects.values_list("day", "views"))
    assert days == {
        timezone.localdate(now - timedelta(days=1)): 1,
        timezone.localdate(now): 2,
    }
    total = ReadTotal.objects.get(article_id=article_id)
    assert (total.reads, total.views) == (2, 3)


class CountingBackend(BaseReadCounter):
    """A custom backend, as a host project would write one."""

    calls = []

    def record(self, article_id, **kwargs):
        self.calls.append(article_id)
        return True

    def counts(self, article_ids):
        return {i: ReadCounts(len(self.calls), len(self.calls)) for i in article_ids}


def test_custom_backend_from_the_setting(settings, article_id):
    settings.WAGTAIL_ANALYTICS = {
        "READ_COUNTER": {"BACKEND": "tests.test_read_counter.CountingBackend"}
    }
    assert isinstance(get_read_counter(), CountingBackend)
    settings.WAGTAIL_ANALYTICS = {}
    assert isinstance(get_read_counter(), DatabaseReadCounter)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"BACKEND": "no.such.Backend"}, "cannot be imported"),
        ({"BACKEND": "tests.factories.RubricFactory"}, "not a BaseReadCounter"),
        ({"OPTIONS": {}}, "must be a dict with a 'BACKEND' key"),
    ],
)
def test_bad_backend_setting_is_a_clear_error(settings, config, message):
    settings.WAGTAIL_ANALYTICS = {"READ_COUNTER": config}
    with pytest.raises(ImproperlyConfigured, match=message):
        get_read_counter()
