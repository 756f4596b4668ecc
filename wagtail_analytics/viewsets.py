"""Admin screens for the package's snippets."""

from datetime import datetime

import django_filters
from django.contrib.auth import get_permission_codename, get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import (
    BooleanColumn,
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
)
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from . import admin_views
from .admin_views import (
    ArticleColumn,
    CommentFilterSet,
    comment_url,
    moderation_buttons,
    reason_label,
    search_comments,
)
from .models import Author, Comment, CommentStatus, ModerationRule, Rubric
from .models.settings import content_languages
from .moderation.actions import can_moderate

try:  # Wagtail 8+: models' permission policies live in a registry.
    from wagtail.permissions import policy_registry, register_permission_policy
except ImportError:  # Wagtail 7.x: the viewset's permission_policy is used.
    policy_registry = register_permission_policy = None


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


# --- Reader comments ---------------------------------------------------------------------


class CommentPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions for comments, except that nobody may add or change one.

    Readers write comments; moderators approve, reject or mark them as spam through
    ``moderation.actions``. Not even a superuser gets an add or edit form, so the reader's
    text is never edited in the admin.
    """

    never = frozenset({"add", "change"})

    def user_has_permission(self, user, action):
        return action not in self.never and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action not in self.never]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)


comment_permission_policy = CommentPermissionPolicy(Comment)


class CommentIndexView(IndexView):
    """The comment listing; it opens on the pending queue, oldest first.

    Moderators get the bulk actions and per-row Approve / Reject / Spam buttons; other
    users see neither.
    """

    @cached_property
    def can_moderate(self):
        return can_moderate(self.request.user)

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["data"] = CommentFilterSet.data_with_defaults(kwargs["data"])
        return kwargs

    def order_queryset(self, queryset):
        # The primary key breaks ties between comments sent in the same instant.
        queryset = super().order_queryset(queryset)
        ordering = queryset.query.order_by
        if ordering and not {"pk", "-pk"} & set(ordering):
            tiebreak = "-pk" if str(ordering[0]).startswith("-") else "pk"
            queryset = queryset.order_by(*ordering, tiebreak)
        return queryset

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_comments(queryset, self.search_query, self.search_backend_name)

    @cached_property
    def columns(self):
        columns = super().columns
        if not self.can_moderate:
            columns = [c for c in columns if not isinstance(c, BulkActionsCheckboxColumn)]
        return columns

    def _get_title_column(self, *args, **kwargs):
        column = super()._get_title_column(*args, **kwargs)
        column.label = _("Comment")
        return column

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.can_moderate:
            buttons.extend(moderation_buttons(instance))
        return buttons

    @cached_property
    def no_results_message(self):
        if not self.is_searching and self.filters and not self.is_filtering:
            return _("No comments are awaiting moderation.")
        return super().no_results_message

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_moderate"] = self.can_moderate
        return context


class CommentInspectView(InspectView):
    """Everything about one comment except the fingerprint; the e-mail for moderators only."""

    def get_fields(self):
        fields = super().get_fields()
        if not can_moderate(self.request.user):
            fields = [name for name in fields if name != "email"]
        return fields

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime):
            return timezone.localtime(value)  # the template's |localize would show UTC
        return "—" if value is None or value == "" else value

    def get_body_display_value(self):
        # Plain text: escaped first, then the reader's line breaks become <p> and <br>.
        return mark_safe(linebreaks(self.object.body, autoescape=True))

    def get_article_display_value(self):
        article = self.object.article
        url = article.get_url(self.request) if article.live else None
        url = url or reverse("wagtailadmin_pages:edit", args=(article.pk,))
        return format_html('<a href="{}">{}</a>', url, article.title)

    def get_reason_display_value(self):
        return reason_label(self.object.reason) or None

    @cached_property
    def header_buttons(self):
        if not can_moderate(self.request.user):
            return []
        return moderation_buttons(self.object, button_class=HeaderButton, compact=False)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        history_url = comment_url(self.object, "history")
        buttons.append(Button(_("History"), url=history_url, icon_name="history", priority=30))
        return buttons


class CommentHistoryView(HistoryView):
    """The comment's audit log, for anyone who may see comments (not only editors)."""

    any_permission_required = ["view", "delete"]


class CommentEditView(View):
    """Comments have no edit form: the reader's text is never changed. Opens the inspect view."""

    http_method_names = ["get", "head", "options"]
    inspect_url_name = None

    def get(self, request, pk):
        return redirect(self.inspect_url_name, pk)


class CommentAddView(View):
    """Readers write comments, editors don't: there is no add form."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class CommentAdminURLFinder(ModelAdminURLFinder):
    """Admin links to a comment (site history, bulk actions) open its inspect view."""

    def construct_edit_url(self, instance):
        return comment_url(instance, "inspect")

    def get_edit_url(self, instance):
        if self.user and not comment_permission_policy.user_has_any_permission(
            self.user, {"view", "delete"}
        ):
            return None
        return self.construct_edit_url(instance)


class CommentViewSet(SnippetViewSet):
    """Reader comments: the moderation queue, filters, search, inspect, moderation actions."""

    model = Comment
    icon = "comment"
    menu_label = _("Reader comments")
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    history_view_class = CommentHistoryView
    index_template_name = "wagtail_analytics/admin/comment_index.html"
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = CommentFilterSet
    ordering = "created_at"
    list_per_page = 50
    list_display = [
        "excerpt",
        ArticleColumn("article", label=_("Article")),
        Column("author_name", label=_("Author"), sort_key="author_name"),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            label=_("Status"),
            primary=lambda comment: comment.status == CommentStatus.PENDING,
        ),
        Column("reason", accessor=lambda comment: reason_label(comment.reason), label=_("Reason")),
        DateColumn("created_at", label=_("Date"), sort_key="created_at"),
    ]
    inspect_view_fields = [
        "article",
        "author_name",
        "user",
        "email",
        "body",
        "status",
        "reason",
        "language",
        "rules_version",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]
    inspect_view_fields_exclude = ["fingerprint"]

    @property
    def permission_policy(self):
        return comment_permission_policy

    def register_permissions(self):
        if register_permission_policy and not policy_registry.get_by_type(
            self.model, fallback=False
        ):
            register_permission_policy(self.model, comment_permission_policy, exact_class=True)
        super().register_permissions()

    def get_permissions_to_register(self):
        # "add" and "change" are never granted, so the Groups editor does not offer them;
        # it does offer "view", "delete" and "Can moderate reader comments".
        never = [get_permission_codename(action, self.model_opts) for action in ("add", "change")]
        return super().get_permissions_to_register().exclude(codename__in=never)

    def get_queryset(self, request):
        return Comment.objects.select_related("article")

    @property
    def add_view(self):
        return CommentAddView.as_view()

    @property
    def edit_view(self):
        return CommentEditView.as_view(inspect_url_name=self.get_url_name("inspect"))

    @property
    def url_finder_class(self):
        return CommentAdminURLFinder

    def get_moderation_view(self, view_class):
        return self.construct_view(view_class, index_url_name=self.get_url_name("list"))

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            path(
                f"approve/<{conv}:pk>/",
                self.get_moderation_view(admin_views.ApproveCommentView),
                name="approve",
            ),
            path(
                f"reject/<{conv}:pk>/",
                self.get_moderation_view(admin_views.RejectCommentView),
                name="reject",
            ),
            path(
                f"spam/<{conv}:pk>/",
                self.get_moderation_view(admin_views.MarkSpamCommentView),
                name="mark_spam",
            ),
        ]


# --- Moderation rules --------------------------------------------------------------------

ALL_LANGUAGES = "any"


def rule_language_choices():
    return [(ALL_LANGUAGES, _("Every language")), *content_languages()]


class ModerationRuleFilterSet(WagtailFilterSet):
    """Rule family, language (or rules for every language), action and on/off."""

    language = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=rule_language_choices,
        empty_label=_("All"),
        method="filter_language",
    )

    class Meta:
        model = ModerationRule
        fields = ["family", "language", "action", "enabled"]

    def filter_language(self, queryset, name, value):
        return queryset.filter(language="" if value == ALL_LANGUAGES else value)


class ModerationRuleIndexView(IndexView):
    """The rules listing, with CSV import and export buttons in the header."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        viewset = ModerationRule.snippet_viewset
        user = self.request.user
        if admin_views.user_can_rules(user, "add", "change"):
            url = reverse(viewset.get_url_name("import_csv"))
            buttons.append(HeaderButton(_("Import CSV"), url=url, icon_name="upload"))
        if admin_views.user_can_export_rules(user):
            url = reverse(viewset.get_url_name("export_csv"))
            buttons.append(HeaderButton(_("Export CSV"), url=url, icon_name="download"))
        return buttons


class ModerationRuleViewSet(SnippetViewSet):
    """The phrases that break the site's rules, by rule family and language."""

    model = ModerationRule
    icon = "warning"
    menu_label = _("Moderation rules")
    index_view_class = ModerationRuleIndexView
    filterset_class = ModerationRuleFilterSet
    ordering = "phrase"
    list_per_page = 50
    copy_view_enabled = False
    list_display = [
        "phrase",
        Column("language", label=_("Language"), sort_key="language"),
        Column("family", accessor="get_family_display", label=_("Rule family"), sort_key="family"),
        Column("action", accessor="get_action_display", label=_("Action"), sort_key="action"),
        BooleanColumn("whole_word", label=_("Whole words only")),
        BooleanColumn("enabled", label=_("Enabled"), sort_key="enabled"),
    ]

    def get_urlpatterns(self):
        import_view = self.construct_view(
            admin_views.ImportRulesView, index_url_name=self.get_url_name("list")
        )
        return [
            *super().get_urlpatterns(),
            path("export-csv/", admin_views.export_rules_csv, name="export_csv"),
            path("import-csv/", import_view, name="import_csv"),
        ]


class CommentsViewSetGroup(SnippetViewSetGroup):
    """ "Comments" in the main menu: the reader comments and the moderation rules."""

    items = (CommentViewSet, ModerationRuleViewSet)
    menu_label = _("Comments")
    menu_icon = "comment"
    menu_name = "reader-comments"
    menu_order = 250
