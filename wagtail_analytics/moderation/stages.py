"""The built-in moderation stages, in the order of the default ``COMMENT_PIPELINE``.

Each stage looks at one thing and returns a :class:`~.pipeline.Decision` or None (no
opinion). Stages are shared between requests and threads: they keep nothing but their
options on ``self``. Settings are read when a stage checks, never when it is built, so
``override_settings`` works. Reason codes are stable; messages are translated when the stage
checks, in the reader's language.

Stage options (the ``OPTIONS`` of a pipeline entry) that a stage does not know are an
``ImproperlyConfigured`` error.
"""

import math
import re
from datetime import timedelta

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import analytics_settings
from .pipeline import BaseStage, Decision, Verdict
from .policy import comments_open_for
from .text import LENGTH_UNIT, grapheme_length, has_forbidden_characters, is_blank


class _OptionsMixin:
    """Reject ``OPTIONS`` the stage does not document (a typo would silently do nothing)."""

    known_options = ()

    def __init__(self, **options):
        unknown = sorted(set(options) - set(self.known_options))
        if unknown:
            known = ", ".join(self.known_options) or "none"
            raise ImproperlyConfigured(
                f"{type(self).__name__} does not take the option(s) {', '.join(unknown)}; "
                f"known options: {known}."
            )
        super().__init__(**options)


def _awaiting_moderation():
    # The same words as the pre-moderation policy, so that spam cannot be told apart.
    return _("Thank you! Your comment is awaiting moderation.")


def _now(submission):
    return submission.now or timezone.now()


class ClosedStage(_OptionsMixin, BaseStage):
    """Refuses comments on an article whose comments are closed (``closed``, 403).

    Closed means switched off on the article, not live, or older than the site's
    "close comments after (days)" setting.
    """

    def check(self, submission):
        if comments_open_for(submission.article, submission.site_settings, submission.now):
            return None
        return Decision(
            Verdict.REFUSE, "closed", _("Comments on this article are closed."), status=403
        )


def _max_length(site_settings):
    if site_settings is not None:
        return site_settings.max_length
    from ..models import CommentSettings

    return CommentSettings._meta.get_field("max_length").default


def _has_unstorable_characters(text):
    # NUL and other control characters, and lone surrogates (which JSON can carry but no
    # database can store as UTF-8).
    return has_forbidden_characters(text) or any("\ud800" <= char <= "\udfff" for char in text)


class LengthStage(_OptionsMixin, BaseStage):
    """Checks the text and the name before anything else looks at them (all 422).

    - ``empty``: nothing but whitespace and invisible characters.
    - ``invalid_characters``: NUL or another control character (tab and newline are fine),
      in the text or in the name.
    - ``too_long``: more user-perceived characters (grapheme clusters) than the site's
      maximum length (``max_length``, default 512); details ``limit``, ``length``, ``unit``.
      Also when the text has more code points than ``limit`` times
      ``COMMENT_MAX_CODE_POINTS_FACTOR``, however few characters it shows (combining-mark
      floods); details then add ``code_points`` and ``max_code_points``, and leave out
      ``length`` for texts too large to be worth counting.
    - ``name_required``: no name, and the reader is not logged in.
    - ``name_too_long``: a name longer than the comment's name field.
    """

    #: Texts beyond this many times the code point cap are refused without counting.
    COUNT_LIMIT_FACTOR = 16

    def check(self, submission):
        body = submission.body
        limit = _max_length(submission.site_settings)
        max_code_points = limit * analytics_settings.COMMENT_MAX_CODE_POINTS_FACTOR
        # The size first: every check below reads the text character by character.
        if len(body) > max_code_points:
            return self._too_many_code_points(body, limit, max_code_points)
        if is_blank(body):
            return self._refuse(
                "empty", _("Your comment is empty. Please write something before sending it.")
            )
        if _has_unstorable_characters(body):
            return self._refuse(
                "invalid_characters",
                _(
                    "Your comment contains control characters that cannot be published. "
                    "Please remove them and send it again."
                ),
            )
        # A character has at least one code point: short texts need no counting.
        if len(body) > limit:
            length = grapheme_length(body)
            if length > limit:
                return self._refuse(
                    "too_long",
                    self._too_long_message(limit),
                    limit=limit,
                    length=length,
                    unit=LENGTH_UNIT,
                )
        return self._check_name(submission)

    def _refuse(self, code, message, **details):
        return Decision(Verdict.REFUSE, code, message, details, status=422)

    def _too_many_code_points(self, body, limit, max_code_points):
        details = {"limit": limit, "unit": LENGTH_UNIT}
        if len(body) <= max_code_points * self.COUNT_LIMIT_FACTOR:
            details["length"] = grapheme_length(body)
        details.update(code_points=len(body), max_code_points=max_code_points)
        if details.get("length", limit + 1) > limit:
            return self._refuse("too_long", self._too_long_message(limit), **details)
        return self._refuse(
            "too_long",
            _(
                "Your comment contains too many combining marks or invisible characters. "
                "Please remove some of them."
            ),
            **details,
        )

    def _too_long_message(self, limit):
        return ngettext(
            "Your comment is too long. Please shorten it to %(limit)d character or fewer.",
            "Your comment is too long. Please shorten it to %(limit)d characters or fewer.",
            limit,
        ) % {"limit": limit}

    def _check_name(self, submission):
        from ..models import Comment

        name = submission.author_name
        if _has_unstorable_characters(name):
            return self._refuse(
                "invalid_characters",
                _(
                    "Your name contains control characters that cannot be published. "
                    "Please remove them and send it again."
                ),
            )
        if is_blank(name):
            if getattr(submission.user, "is_authenticated", False):
                return None
            return self._refuse("name_required", _("Please enter your name."))
        limit = Comment._meta.get_field("author_name").max_length
        if len(name) > limit:
            return self._refuse(
                "name_too_long",
                ngettext(
                    "Your name is too long. Please shorten it to %(limit)d character or fewer.",
                    "Your name is too long. Please shorten it to %(limit)d characters or fewer.",
                    limit,
                )
                % {"limit": limit},
                limit=limit,
            )
        return None


class HoneypotStage(_OptionsMixin, BaseStage):
    """Marks as spam a submission whose honeypot field (``COMMENT_HONEYPOT_FIELD``, hidden
    from people) was filled in (``spam``). The reader is told, as for any held comment, that
    it awaits moderation: a bot must not learn that it was caught."""

    def check(self, submission):
        if not (submission.honeypot or "").strip():
            return None
        return Decision(Verdict.SPAM, "spam", _awaiting_moderation(), status=201)


class TicketStage(_OptionsMixin, BaseStage):
    """Requires the signed timing ticket issued with the form (``invalid_ticket``, 400).

    Refused when the ticket is missing, forged or issued for another article; when it is
    younger than ``COMMENT_TICKET_MIN_SECONDS`` (details ``retry_after``, in seconds); and
    when it is older than ``COMMENT_TICKET_MAX_AGE``. Details always hold ``reason``:
    ``missing``, ``forged``, ``wrong_article``, ``too_fast`` or ``expired``.
    """

    def check(self, submission):
        from .tickets import TicketError, ticket_age

        try:
            now = _now(submission).timestamp()
            age = ticket_age(submission.ticket, submission.article.pk, now=now)
        except TicketError as error:
            if error.code == "missing":
                message = _(
                    "The form is incomplete. Please reload the page and send your comment "
                    "again; your text is kept."
                )
            else:
                message = _(
                    "The form could not be verified. Please reload the page and send your "
                    "comment again; your text is kept."
                )
            return self._refuse(message, reason=error.code)
        minimum = analytics_settings.COMMENT_TICKET_MIN_SECONDS
        if age < minimum:
            return self._refuse(
                _("You sent the form too quickly. Please wait a moment and send it again."),
                reason="too_fast",
                retry_after=max(1, math.ceil(minimum - age)),
            )
        if age > analytics_settings.COMMENT_TICKET_MAX_AGE:
            return self._refuse(
                _("The form has expired. Please reload the page; your text is kept."),
                reason="expired",
            )
        return None

    def _refuse(self, message, **details):
        return Decision(Verdict.REFUSE, "invalid_ticket", message, details, status=400)


#: Window names of ``COMMENT_RATE_LIMITS`` and their length in seconds.
RATE_WINDOWS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class RateLimitStage(_OptionsMixin, BaseStage):
    """Limits how many comments one reader sends (``rate_limited``, 429, ``retry_after``).

    A reader is a logged-in user, by id, or else the submission's fingerprint (a keyed hash
    of the address prefix); a submission with neither is not limited. Limits are
    ``COMMENT_RATE_LIMITS`` (``{"minute": 5, "hour": 30}``), or the ``LIMITS`` option in the
    same form; windows are ``second``, ``minute``, ``hour`` and ``day``, and a limit of 0 or
    None switches a window off.

    Every submission that reaches this stage counts, accepted or refused by a later stage,
    refused by this one included: a client that keeps sending stays blocked, while stages
    placed before this one (length, honeypot, ticket) make sure that typos and forged forms
    cost the reader nothing. Windows are fixed (the current minute, the current hour) and
    counted with ``cache.incr`` and ``cache.add``, which are atomic in Redis and Memcached
    and under the lock of the local-memory cache. Several processes need a shared cache.

    Options: ``LIMITS``, and ``CACHE``, the cache alias (default ``"default"``).
    """

    known_options = ("LIMITS", "CACHE")
    KEY_PREFIX = "wagtail_analytics:comment_rate"

    def check(self, submission):
        reader = self._reader(submission)
        if not reader:
            return None
        limits = self.options.get("LIMITS", analytics_settings.COMMENT_RATE_LIMITS) or {}
        cache = caches[self.options.get("CACHE", "default")]
        now = _now(submission).timestamp()
        retry_after = 0
        for window, limit in limits.items():
            if not limit:
                continue
            try:
                seconds = RATE_WINDOWS[window]
            except KeyError:
                raise ImproperlyConfigured(
                    f"Unknown rate limit window {window!r}; use one of {', '.join(RATE_WINDOWS)}."
                ) from None
            bucket = int(now // seconds)
            remaining = (bucket + 1) * seconds - now
            key = f"{self.KEY_PREFIX}:{window}:{bucket}:{reader}"
            count = self._increment(cache, key, math.ceil(remaining) + 1)
            if count > limit:
                retry_after = max(retry_after, max(1, math.ceil(remaining)))
        if not retry_after:
            return None
        if retry_after <= 60:
            message = ngettext(
                "You have sent too many comments. Please wait %(count)d second and try again.",
                "You have sent too many comments. Please wait %(count)d seconds and try again.",
                retry_after,
            ) % {"count": retry_after}
        else:
            minutes = math.ceil(retry_after / 60)
            message = ngettext(
                "You have sent too many comments. Please wait %(count)d minute and try again.",
                "You have sent too many comments. Please wait %(count)d minutes and try again.",
                minutes,
            ) % {"count": minutes}
        return Decision(
            Verdict.REFUSE, "rate_limited", message, {"retry_after": retry_after}, status=429
        )

    @staticmethod
    def _reader(submission):
        user = submission.user
        if getattr(user, "is_authenticated", False):
            return f"user:{user.pk}"
        return f"fp:{submission.fingerprint}" if submission.fingerprint else ""

    @staticmethod
    def _increment(cache, key, timeout):
        # incr() first: one atomic step while the window's counter exists (the usual case);
        # add() creates it atomically, and a reader who loses that race increments again.
        for _attempt in range(3):
            try:
                return cache.incr(key)
            except ValueError:  # no counter yet in this window (or it just expired)
                if cache.add(key, 1, timeout):
                    return 1
        return 1


def duplicate_key(text):
    """Text as the duplicate check compares it: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())


class DuplicateStage(_OptionsMixin, BaseStage):
    """Refuses a text already sent under the same article (``duplicate``, 409).

    Compares with comments of the last ``HOURS`` hours (option, default 24) by anyone,
    case-folded and with whitespace collapsed. Pending, published and spam comments count
    (a bot re-sending spam is told nothing new); rejected ones do not, so that a reader who
    sends a rejected text again hears the rule it broke again, not "duplicate". At most
    ``SCAN_LIMIT`` (option, default 1000) recent comments are compared.
    """

    known_options = ("HOURS", "SCAN_LIMIT")

    def check(self, submission):
        from ..models import Comment, CommentStatus

        article_id = getattr(submission.article, "pk", None)
        if article_id is None:
            return None
        recent = Comment.objects.filter(
            article_id=article_id,
            status__in=[CommentStatus.PENDING, CommentStatus.PUBLISHED, CommentStatus.SPAM],
            created_at__gte=_now(submission) - timedelta(hours=self.options.get("HOURS", 24)),
        )
        key = duplicate_key(submission.body)
        bodies = recent.order_by("-created_at").values_list("body", flat=True)
        for body in bodies[: self.options.get("SCAN_LIMIT", 1000)]:
            if duplicate_key(body) == key:
                return Decision(
                    Verdict.REFUSE,
                    "duplicate",
                    _("The same comment has already been sent under this article."),
                    status=409,
                )
        return None


_TLDS = (
    "com|net|org|info|biz|io|co|me|app|dev|xyz|top|site|online|shop|store|club|live|link|"
    "click|pro|icu|buzz|win|vip|fun|space|website|tech|email|news|ru|su|рф|ua|by|kz|az|ge|"
    "uk|de|fr|it|es|pl|nl|eu|us|ca|au|in|cn|tk|ml|ga|cf|gq|cc|tv|ly|ws|pw|tr|ir|am"
)
#: What counts as a link: a URL with a scheme, an address starting with www., and a bare
#: domain name ending in a common top-level domain, in lowercase ("example.com",
#: "пример.рф"; not "e.g." or a missing space such as "no.It").
LINK = re.compile(
    r"(?i:\b(?:https?|ftp)://|(?<![\w.@-])www\.)\S+"
    rf"|(?<![\w.@-])(?:[\w-]+\.)+(?:{_TLDS})(?![\w-])(?:/\S*)?"
)


def count_links(text):
    """How many links ``text`` holds (see :data:`LINK`)."""
    return sum(1 for _match in LINK.finditer(text))


class LinksStage(_OptionsMixin, BaseStage):
    """Holds comments with ``COMMENT_HOLD_LINKS`` links or more for a moderator
    (``too_many_links``); 0 or None switches the stage off."""

    def check(self, submission):
        hold_at = analytics_settings.COMMENT_HOLD_LINKS
        if not hold_at or count_links(submission.body) < hold_at:
            return None
        return Decision(
            Verdict.HOLD,
            "too_many_links",
            _(
                "Your comment contains several links, so a moderator will look at it before "
                "it is published."
            ),
            status=201,
        )


def rule_family_message(family):
    """The message a reader gets when a comment breaks a rule of ``family``."""
    messages = {
        "discrimination": _(
            "Your comment was not published because it contains religious, racial or "
            "national discrimination, which the site's rules forbid."
        ),
        "offensive": _(
            "Your comment was not published because it contains offensive or derogatory "
            "expressions, which the site's rules forbid."
        ),
        "unlawful": _(
            "Your comment was not published because it contains appeals contrary to the "
            "law, which the site's rules forbid."
        ),
    }
    return messages.get(
        family, _("Your comment was not published because it breaks the site's rules.")
    )


class RulesStage(_OptionsMixin, BaseStage):
    """Checks the text against the enabled :class:`ModerationRule` phrases.

    Rules without a language and rules in the submission's language apply (every rule when
    the submission has no language). A REJECT rule anywhere in the text wins over HOLD rules:
    REJECT → ``rule.<family>``, 422, with a message naming the rule family and details
    ``family``; otherwise HOLD → ``rule.<family>``, for a moderator. See
    :mod:`~wagtail_analytics.moderation.rules` for how phrases match.
    """

    def check(self, submission):
        from ..models import RuleAction
        from .rules import get_matcher

        found = get_matcher(submission.language).match(submission.body)
        if found is None:
            return None
        if found.action == RuleAction.REJECT:
            return Decision(
                Verdict.REJECT,
                found.reason_code,
                rule_family_message(found.family),
                {"family": found.family},
                status=422,
            )
        return Decision(
            Verdict.HOLD,
            found.reason_code,
            _("Your comment will be published after a moderator has looked at it."),
            {"family": found.family},
            status=201,
        )
