"""The moderation pipeline: ordered stages, each giving a decision or no opinion.

Configured like ``AUTH_PASSWORD_VALIDATORS``::

    WAGTAIL_ANALYTICS = {"COMMENT_PIPELINE": [
        {"STAGE": "wagtail_analytics.moderation.stages.LengthStage"},
        {"STAGE": "wagtail_analytics.moderation.stages.RateLimitStage",
         "OPTIONS": {"LIMITS": {"minute": 5, "hour": 30}}},
        ...
    ]}

The first stage with an opinion decides; if none has one, the site's moderation policy
decides between publishing and holding.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class Verdict(StrEnum):
    """What happens to a submission.

    - ``REFUSE``: bad input (too long, too fast, closed...): not stored; the reader is told
      why and keeps the text.
    - ``REJECT``: breaks a rule: stored as rejected; the reader is told which rule.
    - ``SPAM``: stored as spam; the reader is told it awaits moderation.
    - ``HOLD``: stored as pending, for a moderator.
    - ``PUBLISH``: stored as published.
    """

    REFUSE = "refuse"
    REJECT = "reject"
    SPAM = "spam"
    HOLD = "hold"
    PUBLISH = "publish"


@dataclass(frozen=True)
class Decision:
    """A stage's opinion: the verdict, a stable reason ``code``, a translated ``message``."""

    verdict: Verdict
    code: str = ""
    message: str = ""
    details: dict = field(default_factory=dict)
    status: int = 400  # HTTP status for REFUSE and REJECT answers


@dataclass
class Submission:
    """Everything the stages may look at. ``body`` is already normalised."""

    article: Any
    body: str
    author_name: str
    email: str = ""
    user: Any = None
    language: str = ""
    fingerprint: str = ""
    ticket: str = ""
    honeypot: str = ""
    site_settings: Any = None
    now: Any = None
    extra: dict = field(default_factory=dict)


class BaseStage:
    """A moderation stage. Subclass it, implement :meth:`check`, list it in the pipeline.

    ``OPTIONS`` from the setting arrive as keyword arguments. Stages are built once per
    process and shared between requests: keep no per-request state on ``self``.
    """

    def __init__(self, **options):
        self.options = options

    def check(self, submission):
        """Return a :class:`Decision`, or None for no opinion."""
        raise NotImplementedError

    def accepted(self, submission, comment):
        """Called after a submission was stored (for example, to remember it)."""


_stages = None


def build_stages(config):
    """Stage instances for a ``COMMENT_PIPELINE`` list."""
    stages = []
    for entry in config:
        path = entry.get("STAGE") if isinstance(entry, dict) else None
        try:
            stage_class = import_string(path)
        except (ImportError, TypeError) as exc:
            raise ImproperlyConfigured(
                f"WAGTAIL_ANALYTICS['COMMENT_PIPELINE'] stage {path!r} cannot be imported."
            ) from exc
        if not (isinstance(stage_class, type) and issubclass(stage_class, BaseStage)):
            raise ImproperlyConfigured(f"{path!r} is not a BaseStage subclass.")
        stages.append(stage_class(**dict(entry.get("OPTIONS") or {})))
    return tuple(stages)


def get_stages():
    """The configured stages, in order (built once, rebuilt when the setting changes)."""
    global _stages
    if _stages is None:
        from ..conf import analytics_settings

        _stages = build_stages(analytics_settings.COMMENT_PIPELINE)
    return _stages


def reset_stages_cache(**kwargs):
    """``setting_changed`` receiver."""
    global _stages
    _stages = None


def run(submission, stages=None):
    """Run the stages in order; the first decision wins. None means no stage objected."""
    for stage in get_stages() if stages is None else stages:
        decision = stage.check(submission)
        if decision is not None:
            return decision
    return None
