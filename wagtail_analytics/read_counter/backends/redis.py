"""Counts buffered in Redis: one round trip per beacon, moved to the database by ``flush_reads``.

Keys (``KEY_PREFIX`` defaults to ``wa``):

- ``wa:seen:<article>:<reader>``: the reader was counted (SET NX with the window as expiry);
- ``wa:cap:<article>:<prefix>``: new readers from one network prefix in this window;
- ``wa:buf``: a hash of buffered increments, ``d:<article>:<day>:r|v`` and ``t:<article>:r|v``;
- ``wa:pending`` and ``wa:pending:id``: the batch a flush is moving, and its unique id;
- ``wa:epoch``: raised whenever a flush takes a new batch (lets readers detect a flush).

A flush renames the buffer to the pending batch (atomically, in a script), writes the batch
to the database in one transaction that also records the batch id, then deletes the batch.
A crash between any two steps is repaired by the next flush: an unwritten batch is written,
a written one (its id is in the database) is only deleted. Two flushers at once are safe for
the same reason: the batch id's primary key lets exactly one transaction write it.
"""

import logging
import time
import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from .base import BaseReadCounter, ReadCounts
from .database import DatabaseReadCounter

logger = logging.getLogger(__name__)

RECORD_SCRIPT = """
local is_read = 0
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  is_read = 1
  local cap = tonumber(ARGV[2])
  if cap > 0 then
    local n = redis.call('INCR', KEYS[2])
    if n == 1 then redis.call('EXPIRE', KEYS[2], ARGV[1]) end
    if n > cap then is_read = 0 end
  end
end
local a = ARGV[3]
redis.call('HINCRBY', KEYS[3], 'd:' .. a .. ':' .. ARGV[4] .. ':v', 1)
redis.call('HINCRBY', KEYS[3], 't:' .. a .. ':v', 1)
if is_read == 1 then
  redis.call('HINCRBY', KEYS[3], 'd:' .. a .. ':' .. ARGV[4] .. ':r', 1)
  redis.call('HINCRBY', KEYS[3], 't:' .. a .. ':r', 1)
end
return is_read
"""

# Resume the pending batch if there is one, otherwise turn the buffer into a new batch.
TAKE_SCRIPT = """
local current = redis.call('GET', KEYS[3])
if current then return current end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('SET', KEYS[3], ARGV[1])
redis.call('INCR', KEYS[4])
return ARGV[1]
"""

# Delete the pending batch, but only if it is still the one this flusher wrote.
RELEASE_SCRIPT = """
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
"""


class RedisReadCounter(BaseReadCounter):
    """Buffers counts in Redis. OPTIONS:

    - ``URL``: Redis URL (default ``redis://127.0.0.1:6379/0``);
    - ``KEY_PREFIX``: prefix of every key (default ``wa``);
    - ``FALLBACK``: ``"database"`` (default) records beacons in the database while Redis
      cannot be reached; ``None`` drops them (the beacon still answers without an error);
    - ``SOCKET_TIMEOUT``: seconds to wait for Redis (default 0.25);
    - ``RETRY_AFTER``: seconds to skip Redis after a failure (default 5).
    """

    def __init__(
        self,
        URL="redis://127.0.0.1:6379/0",
        KEY_PREFIX="wa",
        FALLBACK="database",
        SOCKET_TIMEOUT=0.25,
        RETRY_AFTER=5,
        **options,
    ):
        super().__init__(**options)
        import redis

        self.redis_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self.client = redis.Redis.from_url(
            URL,
            socket_timeout=SOCKET_TIMEOUT,
            socket_connect_timeout=SOCKET_TIMEOUT,
            decode_responses=True,
        )
        self.prefix = KEY_PREFIX
        self.fallback = DatabaseReadCounter() if FALLBACK == "database" else None
        self.retry_after = RETRY_AFTER
        self._down_until = 0.0
        self._record = self.client.register_script(RECORD_SCRIPT)
        self._take = self.client.register_script(TAKE_SCRIPT)
        self._release = self.client.register_script(RELEASE_SCRIPT)

    # keys
    def key(self, *parts):
        return ":".join([self.prefix, *map(str, parts)])

    @property
    def buffer_key(self):
        return self.key("buf")

    @property
    def pending_key(self):
        return self.key("pending")

    @property
    def pending_id_key(self):
        return self.key("pending", "id")

    @property
    def epoch_key(self):
        return self.key("epoch")

    # availability
    def available(self):
        return time.monotonic() >= self._down_until

    def _mark_down(self, exc):
        logger.warning("Redis read counter unavailable, using the fallback: %s", exc)
        self._down_until = time.monotonic() + self.retry_after

    # counting
    def record(self, article_id, *, reader, prefix, window, cap, now=None):
        now = now or timezone.now()
        if self.available():
            try:
                result = self._record(
                    keys=[
                        self.key("seen", article_id, reader),
                        self.key("cap", article_id, prefix),
                        self.buffer_key,
                    ],
                    args=[
                        int(window),
                        int(cap or 0),
                        int(article_id),
                        timezone.localdate(now).isoformat(),
                    ],
                )
                return bool(result)
            except self.redis_errors as exc:
                self._mark_down(exc)
        if self.fallback is None:
            return False
        return self.fallback.record(
            article_id, reader=reader, prefix=prefix, window=window, cap=cap, now=now
        )

    def counts(self, article_ids):
        """Database totals plus what Redis still buffers, read consistently.

        Redis is read first (buffer, pending batch and the flush epoch, atomically), then
        the database; if a flush took a new batch meanwhile (the epoch moved), both are read
        again, so a concurrent flush never makes counts drop or double.
        """
        ids = sorted({int(i) for i in article_ids})
        if not ids or not self.available():
            return DatabaseReadCounter().counts(ids)
        fields = [f"t:{i}:{kind}" for i in ids for kind in ("r", "v")]
        for _attempt in range(5):
            try:
                pipe = self.client.pipeline(transaction=True)
                pipe.hmget(self.buffer_key, fields)
                pipe.hmget(self.pending_key, fields)
                pipe.get(self.pending_id_key)
                pipe.get(self.epoch_key)
                buffered, pending, pending_id, epoch = pipe.execute()
                totals = DatabaseReadCounter().counts(ids)
                applied = bool(pending_id) and self._batch_applied(pending_id)
                if self.client.get(self.epoch_key) != epoch:
                    continue  # a flush took the buffer between the two reads: read again
            except self.redis_errors as exc:
                self._mark_down(exc)
                return DatabaseReadCounter().counts(ids)
            if applied:
                pending = [None] * len(fields)
            for n, article_id in enumerate(ids):
                extra = [
                    int(buffered[2 * n + k] or 0) + int(pending[2 * n + k] or 0) for k in (0, 1)
                ]
                totals[article_id] = totals[article_id] + ReadCounts(*extra)
            return totals
        return totals

    # flushing
    def flush(self):
        """Move buffered counts into the database. Returns the number of daily rows written."""
        moved = 0
        for _ in range(10):  # a resumed batch, then the current buffer; bounded all the same
            batch_id = self.take_batch()
            if batch_id is None:
                break
            moved += self.write_batch(batch_id, self.read_batch())
            self.release_batch(batch_id)
        return moved

    def take_batch(self):
        """Step 1: the pending batch's id, after renaming the buffer to it if needed."""
        return self._take(
            keys=[self.buffer_key, self.pending_key, self.pending_id_key, self.epoch_key],
            args=[uuid.uuid4().hex],
        )

    def read_batch(self):
        """Step 2: the pending batch as ``(article_id, day, reads, views)`` rows."""
        rows = {}
        for field, value in self.client.hgetall(self.pending_key).items():
            if not field.startswith("d:"):
                continue
            _d, article_id, day, kind = field.split(":")
            reads, views = rows.get((int(article_id), day), (0, 0))
            if kind == "r":
                reads += int(value)
            else:
                views += int(value)
            rows[(int(article_id), day)] = (reads, views)
        return [
            (article_id, date.fromisoformat(day), reads, views)
            for (article_id, day), (reads, views) in sorted(rows.items())
        ]

    def write_batch(self, batch_id, rows):
        """Step 3: write the rows and the batch id in one transaction, unless already written.

        Rows of articles deleted since they were counted are dropped. If an article is
        deleted while the batch is being written, the transaction fails on its foreign key
        and is tried again without it; the batch is never given up for that.
        """
        from ...models import AnalyticsArticle, ReadFlushBatch

        for _attempt in range(3):
            existing = set(
                AnalyticsArticle.objects.filter(pk__in={r[0] for r in rows}).values_list(
                    "pk", flat=True
                )
            )
            kept = [row for row in rows if row[0] in existing]
            try:
                with transaction.atomic():
                    ReadFlushBatch.objects.create(batch_id=batch_id, rows=len(kept))
                    DatabaseReadCounter.apply(kept, atomic=False)
            except IntegrityError:
                if ReadFlushBatch.objects.filter(batch_id=batch_id).exists():
                    return 0  # another flusher wrote this batch
                continue  # an article went away meanwhile: look again
            return len(kept)
        raise RuntimeError(f"Read batch {batch_id} could not be written; it stays pending.")

    def release_batch(self, batch_id):
        """Step 4: delete the pending batch if it is still this one."""
        return self._release(keys=[self.pending_key, self.pending_id_key], args=[batch_id])

    def _batch_applied(self, batch_id):
        from ...models import ReadFlushBatch

        return ReadFlushBatch.objects.filter(batch_id=batch_id).exists()

    def reset(self):
        keys = list(self.client.scan_iter(match=f"{self.prefix}:*", count=1000))
        if keys:
            self.client.delete(*keys)
