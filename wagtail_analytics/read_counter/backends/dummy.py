"""Counts kept in process memory: for tests, and a reference for the contract."""

import threading
from collections import defaultdict

from django.utils import timezone

from .base import BaseReadCounter, ReadCounts


class DummyReadCounter(BaseReadCounter):
    """Keeps everything in memory, shared by all instances in the process. Not for production."""

    _lock = threading.Lock()
    _marks = {}
    _prefixes = {}
    _totals = defaultdict(ReadCounts)

    def record(self, article_id, *, reader, prefix, window, cap, now=None):
        now = now or timezone.now()
        cutoff = now - timezone.timedelta(seconds=window)
        with self._lock:
            seen = self._marks.get((article_id, reader))
            is_read = seen is None or seen < cutoff
            if is_read:
                self._marks[(article_id, reader)] = now
                if cap:
                    start, readers = self._prefixes.get((article_id, prefix), (now, 0))
                    if start < cutoff:
                        start, readers = now, 0
                    self._prefixes[(article_id, prefix)] = (start, readers + 1)
                    is_read = readers + 1 <= cap
            self._totals[article_id] += ReadCounts(int(is_read), 1)
        return is_read

    def counts(self, article_ids):
        with self._lock:
            return {int(i): self._totals.get(int(i), ReadCounts()) for i in article_ids}

    def reset(self):
        with self._lock:
            self._marks.clear()
            self._prefixes.clear()
            self._totals.clear()
