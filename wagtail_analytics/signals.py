"""Signals sent by wagtail_analytics."""

from django.dispatch import Signal

#: Sent after a reader's comment was stored: ``comment``, ``decision``.
comment_submitted = Signal()

#: Sent after a moderator changed a comment's status: ``comment``, ``action``
#: (``"approve"``, ``"reject"`` or ``"mark_spam"``), ``user``, ``previous_status``.
comment_moderated = Signal()
