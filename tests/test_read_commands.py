"""flush_reads and prune_reads, as an operator runs them."""

import os
import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import make_article
from wagtail_analytics.models import ReadDaily, ReadMark, ReadTotal
from wagtail_analytics.read_counter.backends.database import DatabaseReadCounter

pytestmark = pytest.mark.django_db


def test_prune_reads_deletes_old_days_in_batches_and_keeps_totals(index):
    article = make_article(index)
    backend = DatabaseReadCounter()
    now = timezone.now()
    for days_ago in range(10):
        backend.record(
            article.pk,
            reader=f"r{days_ago}",
            prefix="p",
            window=86400,
            cap=0,
            now=now - timedelta(days=days_ago),
        )
    out = StringIO()
    call_command("prune_reads", days=5, batch_size=2, stdout=out)
    assert ReadDaily.objects.count() == 5
    assert "daily read rows: 2/5 deleted" in out.getvalue()
    assert "daily read rows: 5/5 deleted" in out.getvalue()
    assert ReadTotal.objects.get(article=article).reads == 10
    # Marks older than the window are gone; today's reader is still remembered.
    assert list(ReadMark.objects.values_list("reader", flat=True)) == ["r0"]


def test_prune_reads_refuses_nonsense():
    err = StringIO()
    call_command("prune_reads", days=0, stderr=err)
    assert "--days and --batch-size must be at least 1." in err.getvalue()


def test_flush_reads_with_the_database_backend_has_nothing_to_do():
    out = StringIO()
    call_command("flush_reads", stdout=out)
    assert "DatabaseReadCounter: 0 daily row(s) written." in out.getvalue()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="set REDIS_URL to run with Redis")
def test_flush_reads_command_and_task_move_the_redis_buffer(index, settings):
    from wagtail_analytics.read_counter import get_read_counter
    from wagtail_analytics.tasks import flush_reads

    settings.WAGTAIL_ANALYTICS = {
        "READ_COUNTER": {
            "BACKEND": "wagtail_analytics.read_counter.backends.redis.RedisReadCounter",
            "OPTIONS": {"URL": os.environ["REDIS_URL"], "KEY_PREFIX": f"wa-{uuid.uuid4().hex}"},
        }
    }
    backend = get_read_counter()
    article = make_article(index)
    try:
        for reader in ["a", "b"]:
            backend.record(article.pk, reader=reader, prefix="p", window=60, cap=0)
        assert not ReadTotal.objects.exists()
        out = StringIO()
        call_command("flush_reads", stdout=out)
        assert "RedisReadCounter: 1 daily row(s) written." in out.getvalue()
        assert ReadTotal.objects.get(article=article).reads == 2
        backend.record(article.pk, reader="c", prefix="p", window=60, cap=0)
        flush_reads.call()
        assert ReadTotal.objects.get(article=article).reads == 3
    finally:
        backend.reset()
