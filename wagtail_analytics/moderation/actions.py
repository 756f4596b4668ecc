"""The one place where comments change state.

The admin (buttons and bulk actions), the HTML form, the JSON API and the management
commands all call these functions. Each moderation action checks the moderator's
permission, changes the status, writes Wagtail's audit log and sends
:data:`~wagtail_analytics.signals.comment_moderated`. The reader's text is never edited.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..models import Comment, CommentStatus
from ..signals import comment_moderated, comment_submitted
from .pipeline import Verdict

MODERATE_PERMISSION = "wagtail_analytics.moderate_comment"

LOG_ACTIONS = {
    "approve": "wagtail_analytics.comment.approve",
    "reject": "wagtail_analytics.comment.reject",
    "mark_spam": "wagtail_analytics.comment.mark_spam",
}


def can_moderate(user):
    """True when ``user`` may approve, reject and mark comments as spam."""
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _moderate(comment, user, action, status, reason):
    if not can_moderate(user):
        raise PermissionDenied("You do not have permission to moderate comments.")
    with transaction.atomic():
        previous = comment.status
        comment.status = status
        comment.reason = reason
        comment.moderated_at = timezone.now()
        comment.moderated_by = user
        comment.save(update_fields=["status", "reason", "moderated_at", "moderated_by"])
        log(
            instance=comment,
            action=LOG_ACTIONS[action],
            user=user,
            data={"previous_status": previous, "status": status, "reason": reason},
        )
    comment_moderated.send(
        sender=Comment, comment=comment, action=action, user=user, previous_status=previous
    )
    return comment


def approve(comment, *, user):
    """Publish a comment."""
    return _moderate(comment, user, "approve", CommentStatus.PUBLISHED, "")


def reject(comment, *, user, reason="moderator"):
    """Reject a comment with a reason code (``moderator`` or a rule code)."""
    return _moderate(comment, user, "reject", CommentStatus.REJECTED, reason or "moderator")


def mark_spam(comment, *, user):
    """Mark a comment as spam."""
    return _moderate(comment, user, "mark_spam", CommentStatus.SPAM, "spam")


STATUS_FOR_VERDICT = {
    Verdict.REJECT: CommentStatus.REJECTED,
    Verdict.SPAM: CommentStatus.SPAM,
    Verdict.HOLD: CommentStatus.PENDING,
    Verdict.PUBLISH: CommentStatus.PUBLISHED,
}


def store_submission(submission, decision, *, rules_version=""):
    """Store a submission with the status its decision gives; sends ``comment_submitted``.

    ``decision`` must not be a REFUSE (refused input is not stored).
    """
    comment = Comment.objects.create(
        article=submission.article,
        author_name=submission.author_name,
        user=submission.user if getattr(submission.user, "is_authenticated", False) else None,
        email=submission.email,
        body=submission.body,
        status=STATUS_FOR_VERDICT[decision.verdict],
        reason=decision.code,
        rules_version=rules_version,
        language=submission.language,
        fingerprint=submission.fingerprint,
    )
    comment_submitted.send(sender=Comment, comment=comment, decision=decision)
    return comment


def submit_comment(
    article,
    *,
    body,
    author_name,
    email="",
    user=None,
    ticket="",
    honeypot="",
    language="",
    fingerprint="",
    site_settings=None,
):
    """Check a reader's comment through the pipeline and store it when it is not refused.

    Returns ``(decision, comment)``; ``comment`` is None for a refused submission. Shared
    by the HTML form view and the JSON API.
    """
    from .pipeline import Submission, get_stages, run
    from .policy import policy_decision
    from .text import normalize_text

    submission = Submission(
        article=article,
        body=normalize_text(body),
        author_name=" ".join(author_name.split()),
        email=email.strip(),
        user=user,
        language=language,
        fingerprint=fingerprint,
        ticket=ticket,
        honeypot=honeypot,
        site_settings=site_settings,
        now=timezone.now(),
    )
    decision = run(submission) or policy_decision(site_settings, user)
    if decision.verdict == Verdict.REFUSE:
        return decision, None
    rules = site_settings.rules_for(language) if site_settings else None
    comment = store_submission(submission, decision, rules_version=rules.version if rules else "")
    for stage in get_stages():
        stage.accepted(submission, comment)
    return decision, comment
