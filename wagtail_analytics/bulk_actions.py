"""Bulk moderation of reader comments in the snippet listing: approve, reject, mark spam.

Registered with Wagtail's ``register_bulk_action`` hook. Each selected comment goes through
:mod:`wagtail_analytics.moderation.actions`, so it gets the audit log entry and the signal.
"""

from django.core.exceptions import PermissionDenied
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from .admin_views import RejectCommentForm, comments_in_listing, reason_label
from .models import Comment
from .moderation import actions


class BaseCommentBulkAction(SnippetBulkAction):
    """A moderation verb applied to the selected comments, for moderators only.

    Subclasses set ``display_name``, ``action_type``, ``aria_label`` and implement
    :meth:`moderate` for one comment.
    """

    template_name = "wagtail_analytics/admin/bulk_moderate.html"
    question = ""
    button_label = ""

    @classproperty
    def models(cls):
        return [Comment]

    def dispatch(self, request, *args, **kwargs):
        if not actions.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj):
        return actions.can_moderate(self.request.user)

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" sends the listing's query string: honour its filters and
        # search instead of acting on every comment in the database.
        return comments_in_listing(self.request).values_list("pk", flat=True)

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}

    @classmethod
    def moderate(cls, comment, user, **kwargs):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for comment in objects:
            cls.moderate(comment, user, **kwargs)
        return len(objects), 0

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"question": self.question, "button_label": self.button_label})
        return context


class ApproveCommentsBulkAction(BaseCommentBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve selected comments")
    action_priority = 10
    question = _("Publish these comments?")
    button_label = _("Yes, approve")

    @classmethod
    def moderate(cls, comment, user, **kwargs):
        actions.approve(comment, user=user)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", num_parent_objects
        ) % {"count": num_parent_objects}


class RejectCommentsBulkAction(BaseCommentBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject selected comments")
    action_priority = 20
    form_class = RejectCommentForm
    question = _("Reject these comments? Choose the reason.")
    button_label = _("Yes, reject")

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "reason": self.cleaned_form.cleaned_data["reason"],
        }

    @classmethod
    def moderate(cls, comment, user, reason="moderator", **kwargs):
        actions.reject(comment, user=user, reason=reason)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment rejected (%(reason)s).",
            "%(count)d comments rejected (%(reason)s).",
            num_parent_objects,
        ) % {
            "count": num_parent_objects,
            "reason": reason_label(self.cleaned_form.cleaned_data["reason"]),
        }


class MarkSpamCommentsBulkAction(BaseCommentBulkAction):
    display_name = _("Spam")
    action_type = "mark_spam"
    aria_label = _("Mark selected comments as spam")
    action_priority = 25
    question = _("Mark these comments as spam?")
    button_label = _("Yes, mark as spam")

    @classmethod
    def moderate(cls, comment, user, **kwargs):
        actions.mark_spam(comment, user=user)

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


COMMENT_BULK_ACTIONS = [
    ApproveCommentsBulkAction,
    RejectCommentsBulkAction,
    MarkSpamCommentsBulkAction,
]
