"""The read counter: what the beacon endpoint, templates, API and commands call.

``record_read(request, token)`` decides whether a beacon counts and records it;
``get_counts(ids)`` answers what the page shows. The storage is the backend named in
``WAGTAIL_ANALYTICS["READ_COUNTER"]``, built once and rebuilt when the setting changes.
"""

import time
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..conf import analytics_settings
from .backends.base import BaseReadCounter, ReadCounts
from .tokens import ReadTokenError, make_read_token, read_token_page_id
from .tracking import is_crawler, is_editor_of, reader_keys

__all__ = [
    "BaseReadCounter",
    "ReadCounts",
    "ReadOutcome",
    "ReadTokenError",
    "get_counts",
    "get_read_counter",
    "make_read_token",
    "record_read",
]


@lru_cache(maxsize=1)
def _build_read_counter(backend, options):
    try:
        backend_class = import_string(backend)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"WAGTAIL_ANALYTICS['READ_COUNTER']['BACKEND'] {backend!r} cannot be imported: {exc}"
        ) from exc
    if not (isinstance(backend_class, type) and issubclass(backend_class, BaseReadCounter)):
        raise ImproperlyConfigured(f"{backend!r} is not a BaseReadCounter subclass.")
    return backend_class(**dict(options))


def get_read_counter():
    """The configured backend instance (built once per process and configuration)."""
    config = analytics_settings.READ_COUNTER
    if not isinstance(config, dict) or "BACKEND" not in config:
        raise ImproperlyConfigured(
            "WAGTAIL_ANALYTICS['READ_COUNTER'] must be a dict with a 'BACKEND' key."
        )
    options = tuple(sorted((config.get("OPTIONS") or {}).items()))
    return _build_read_counter(config["BACKEND"], options)


def reset_read_counter_cache(**kwargs):
    """Forget the built backend (``setting_changed`` receiver)."""
    _build_read_counter.cache_clear()
    _live_cache.clear()


@dataclass(frozen=True)
class ReadOutcome:
    """What happened to one beacon: ``counted`` (a view was recorded), ``read``, ``reason``."""

    article_id: int
    counted: bool
    read: bool = False
    reason: str = ""


_live_cache = {}
_LIVE_TTL = 30.0


def _live_article(article_id):
    """The live article with this id, or None; cached briefly per process."""
    from ..models import AnalyticsArticle

    now = time.monotonic()
    hit = _live_cache.get(article_id)
    if hit and hit[0] > now:
        return hit[1]
    article = (
        AnalyticsArticle.objects.live().filter(pk=article_id).only("pk", "path", "depth").first()
    )
    if len(_live_cache) > 10000:
        _live_cache.clear()
    _live_cache[article_id] = (now + _LIVE_TTL, article)
    return article


def record_read(request, token, *, now=None):
    """Check a beacon and count it. Raises :class:`ReadTokenError` for unusable tokens.

    Not counted (``counted=False`` with a ``reason``): crawlers and empty user agents,
    and users who may edit the article (``READ_IGNORE_EDITORS``).
    """
    article_id = read_token_page_id(token)
    article = _live_article(article_id)
    if article is None:
        raise ReadTokenError("not_live", _("This article is not published."))
    if is_crawler(request.META.get("HTTP_USER_AGENT", "")):
        return ReadOutcome(article_id, counted=False, reason="crawler")
    if analytics_settings.READ_IGNORE_EDITORS and is_editor_of(request, article):
        return ReadOutcome(article_id, counted=False, reason="editor")
    reader, prefix = reader_keys(request)
    is_read = get_read_counter().record(
        article_id,
        reader=reader,
        prefix=prefix,
        window=analytics_settings.READ_DEDUP_WINDOW,
        cap=analytics_settings.READ_PREFIX_CAP,
        now=now or timezone.now(),
    )
    return ReadOutcome(article_id, counted=True, read=is_read)


def get_counts(article_ids):
    """``{id: ReadCounts}`` including counts still buffered by the backend."""
    return get_read_counter().counts(article_ids)
