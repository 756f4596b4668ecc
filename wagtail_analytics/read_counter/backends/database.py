"""Counts kept in the database: atomic upserts, safe with many processes on SQLite and
PostgreSQL."""

import random
import time
from contextlib import nullcontext

from django.db import OperationalError, connections, router, transaction
from django.utils import timezone

from ...models import ReadDaily, ReadMark, ReadPrefixCount, ReadTotal
from .base import BaseReadCounter, ReadCounts


def _table(model, connection):
    return connection.ops.quote_name(model._meta.db_table)


def _is_lock_error(exc):
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class DatabaseReadCounter(BaseReadCounter):
    """The default backend. Each beacon is one short transaction of upserts:

    1. the reader's mark for the article is inserted, or refreshed when older than the
       window; a row comes back only when this is a new read;
    2. for a new read, the network prefix's reader count is raised (or restarted);
    3. the article's total and the day's row are raised by one view (and one read).

    On SQLite, "database is locked" is retried with backoff, so a beacon from one of
    several server processes is never lost for a lock held by another.
    """

    LOCK_RETRIES = 8

    def __init__(self, using=None, **options):
        super().__init__(**options)
        self.using = using

    def _db(self):
        return self.using or router.db_for_write(ReadTotal)

    def record(self, article_id, *, reader, prefix, window, cap, now=None):
        now = now or timezone.now()
        for attempt in range(self.LOCK_RETRIES):
            try:
                # One statement on PostgreSQL (atomic by itself); a transaction elsewhere.
                single = connections[self._db()].vendor == "postgresql"
                with nullcontext() if single else transaction.atomic(using=self._db()):
                    return self._record(article_id, reader, prefix, window, cap, now)
            except OperationalError as exc:
                if not _is_lock_error(exc) or attempt == self.LOCK_RETRIES - 1:
                    raise
                time.sleep(min(0.05 * 2**attempt, 1.0) * (0.5 + random.random()))
        return False  # pragma: no cover (the loop either returns or raises)

    def _record(self, article_id, reader, prefix, window, cap, now):
        connection = connections[self._db()]
        if connection.vendor == "postgresql":
            return self._record_postgresql(connection, article_id, reader, prefix, window, cap, now)
        cutoff = now - timezone.timedelta(seconds=window)
        mark = _table(ReadMark, connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {mark} (article_id, reader, seen_at) VALUES (%s, %s, %s) "
                f"ON CONFLICT (article_id, reader) DO UPDATE SET seen_at = EXCLUDED.seen_at "
                f"WHERE {mark}.seen_at < %s RETURNING article_id",
                [article_id, reader, now, cutoff],
            )
            is_read = cursor.fetchone() is not None
            if is_read and cap:
                counter = _table(ReadPrefixCount, connection)
                cursor.execute(
                    f"INSERT INTO {counter} (article_id, prefix, window_start, readers) "
                    f"VALUES (%s, %s, %s, 1) ON CONFLICT (article_id, prefix) DO UPDATE SET "
                    f"readers = CASE WHEN {counter}.window_start < %s THEN 1 "
                    f"ELSE {counter}.readers + 1 END, "
                    f"window_start = CASE WHEN {counter}.window_start < %s "
                    f"THEN EXCLUDED.window_start ELSE {counter}.window_start END "
                    f"RETURNING readers",
                    [article_id, prefix, now, cutoff, cutoff],
                )
                is_read = cursor.fetchone()[0] <= cap
        day = timezone.localdate(now)
        self.apply([(article_id, day, int(is_read), 1)], now=now, using=self._db(), atomic=False)
        return is_read

    def _record_postgresql(self, connection, article_id, reader, prefix, window, cap, now):
        """The same four upserts as one statement: one round trip, and the article's hot
        rows (total and day) are locked only for the length of that statement."""
        q = connection.ops.quote_name
        mark, counter = q(ReadMark._meta.db_table), q(ReadPrefixCount._meta.db_table)
        total, daily = q(ReadTotal._meta.db_table), q(ReadDaily._meta.db_table)
        cutoff = now - timezone.timedelta(seconds=window)
        sql = f"""
            WITH new_mark AS (
                INSERT INTO {mark} (article_id, reader, seen_at) VALUES (%(a)s, %(reader)s, %(now)s)
                ON CONFLICT (article_id, reader) DO UPDATE SET seen_at = EXCLUDED.seen_at
                WHERE {mark}.seen_at < %(cutoff)s
                RETURNING 1
            ), prefix_count AS (
                INSERT INTO {counter} (article_id, prefix, window_start, readers)
                SELECT %(a)s, %(prefix)s, %(now)s, 1
                WHERE %(cap)s > 0 AND EXISTS (SELECT 1 FROM new_mark)
                ON CONFLICT (article_id, prefix) DO UPDATE SET
                    readers = CASE WHEN {counter}.window_start < %(cutoff)s THEN 1
                              ELSE {counter}.readers + 1 END,
                    window_start = CASE WHEN {counter}.window_start < %(cutoff)s
                                   THEN EXCLUDED.window_start ELSE {counter}.window_start END
                RETURNING readers
            ), verdict AS (
                SELECT (EXISTS (SELECT 1 FROM new_mark)
                        AND (%(cap)s <= 0
                             OR COALESCE((SELECT readers FROM prefix_count), 0) <= %(cap)s))::int
                       AS is_read
            ), add_total AS (
                INSERT INTO {total} (article_id, reads, views, updated_at)
                SELECT %(a)s, is_read, 1, %(now)s FROM verdict
                ON CONFLICT (article_id) DO UPDATE SET
                    reads = {total}.reads + EXCLUDED.reads, views = {total}.views + 1,
                    updated_at = EXCLUDED.updated_at
                RETURNING 1
            ), add_day AS (
                INSERT INTO {daily} (article_id, day, reads, views)
                SELECT %(a)s, %(day)s, is_read, 1 FROM verdict
                ON CONFLICT (article_id, day) DO UPDATE SET
                    reads = {daily}.reads + EXCLUDED.reads, views = {daily}.views + 1
                RETURNING 1
            )
            SELECT is_read FROM verdict, add_total, add_day
        """
        params = {
            "a": article_id,
            "reader": reader,
            "prefix": prefix,
            "now": now,
            "cutoff": cutoff,
            "cap": int(cap or 0),
            "day": timezone.localdate(now),
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return bool(cursor.fetchone()[0])

    @classmethod
    def apply(cls, rows, *, now=None, using=None, atomic=True):
        """Add ``(article_id, day, reads, views)`` increments to the totals and days.

        Used for every beacon and by buffered backends' flushes. Each statement is an
        upsert that adds to what is there, so concurrent writers never lose an update.
        """
        now = now or timezone.now()
        using = using or router.db_for_write(ReadTotal)
        connection = connections[using]
        total = _table(ReadTotal, connection)
        daily = _table(ReadDaily, connection)
        per_article = {}
        for article_id, _day, reads, views in rows:
            r, v = per_article.get(article_id, (0, 0))
            per_article[article_id] = (r + reads, v + views)
        atomic_block = transaction.atomic(using=using) if atomic else nullcontext()
        with atomic_block, connection.cursor() as cur:
            for article_id, (reads, views) in sorted(per_article.items()):
                cur.execute(
                    f"INSERT INTO {total} (article_id, reads, views, updated_at) "
                    f"VALUES (%s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                    f"reads = {total}.reads + EXCLUDED.reads, "
                    f"views = {total}.views + EXCLUDED.views, updated_at = EXCLUDED.updated_at",
                    [article_id, reads, views, now],
                )
            for article_id, day, reads, views in sorted(rows):
                cur.execute(
                    f"INSERT INTO {daily} (article_id, day, reads, views) "
                    f"VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, day) DO UPDATE SET "
                    f"reads = {daily}.reads + EXCLUDED.reads, "
                    f"views = {daily}.views + EXCLUDED.views",
                    [article_id, day, reads, views],
                )

    def counts(self, article_ids):
        ids = {int(i) for i in article_ids}
        if not ids:
            return {}
        found = {
            row[0]: ReadCounts(row[1], row[2])
            for row in ReadTotal.objects.using(self._db())
            .filter(article_id__in=ids)
            .values_list("article_id", "reads", "views")
        }
        return {i: found.get(i, ReadCounts()) for i in ids}
