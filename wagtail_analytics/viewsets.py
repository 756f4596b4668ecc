"""Admin screens for the package's snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, Rubric


class RubricViewSet(SnippetViewSet):
    """Rubrics under "Snippets": name, address slug and position in menus."""

    model = Rubric
    icon = "tag"
    menu_label = _("Rubrics")
    list_display = ["name", "slug", Column("sort_order", label=_("Ordering"))]
    ordering = ["sort_order", "name"]


class AuthorViewSet(SnippetViewSet):
    """Authors under "Snippets": name, address slug and short bio."""

    model = Author
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "slug", Column("bio", label=_("Short bio"))]
    ordering = ["name"]
