from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import AuthorViewSet, RubricViewSet

register_snippet(RubricViewSet)
register_snippet(AuthorViewSet)


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
