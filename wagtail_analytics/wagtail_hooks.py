from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .bulk_actions import COMMENT_BULK_ACTIONS
from .viewsets import AuthorViewSet, CommentsViewSetGroup, RubricViewSet

register_snippet(RubricViewSet)
register_snippet(AuthorViewSet)
register_snippet(CommentsViewSetGroup)

for bulk_action in COMMENT_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_admin_urls")
def register_admin_urls():
    """The "Most read" report's views, under /admin/reports/most-read/."""
    from .reports import get_report_urls

    return get_report_urls()


@hooks.register("register_reports_menu_item")
def register_reports_menu_item():
    """Adds "Most read" under Reports, for users who may add, edit or publish pages."""
    from .reports import get_report_menu_item

    return get_report_menu_item()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    """Readable labels for comment moderation in the audit log (Reports → Site history)."""
    from .admin_views import register_comment_log_actions

    register_comment_log_actions(actions)


@hooks.register("construct_homepage_panels")
def construct_homepage_panels(request, panels):
    """Pending comments and the age of the oldest one on the dashboard, for moderators."""
    from .admin_views import PendingCommentsPanel
    from .moderation.actions import can_moderate

    if can_moderate(request.user):
        panels.append(PendingCommentsPanel())
