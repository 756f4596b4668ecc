"""The read counter backend interface."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadCounts:
    """Reads (deduplicated readers) and views (accepted beacons) of one article."""

    reads: int = 0
    views: int = 0

    def __add__(self, other):
        return ReadCounts(self.reads + other.reads, self.views + other.views)


class BaseReadCounter:
    """Stores reads and views. Subclass it and name it in ``WAGTAIL_ANALYTICS["READ_COUNTER"]``.

    ``OPTIONS`` from the setting arrive as keyword arguments. Implementations must be
    safe to call from many threads and processes at once, and exact: every call to
    :meth:`record` adds exactly one view, and one read when the reader is new to the
    article within ``window`` seconds and their network prefix is under ``cap``.
    """

    def __init__(self, **options):
        self.options = options

    def record(self, article_id, *, reader, prefix, window, cap, now):
        """Count one accepted beacon. Returns True when it counted as a read."""
        raise NotImplementedError

    def counts(self, article_ids):
        """``{article_id: ReadCounts}`` for the given ids (missing ids count zero)."""
        raise NotImplementedError

    def flush(self):
        """Move buffered counts into the database tables; returns how many rows moved."""
        return 0

    def reset(self):
        """Forget everything this backend keeps outside the database (tests use this)."""
