"""Admin pieces for reader comments: filters, search, buttons, views, dashboard panel.

Also the upload and download of moderation rules as CSV.

The views only check the permission, ask for a reason where one is needed and report the
result; every state change goes through :mod:`wagtail_analytics.moderation.actions`.
"""

import io

import django_filters
from django import forms
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import LogFormatter
from wagtail.search.backends import get_search_backend

from .models import Comment, CommentStatus, ModerationRule, Rubric
from .moderation import actions

#: Human labels of the reason codes that the pipeline and moderators store on comments.
REASON_LABELS = {
    "moderator": _("Moderator's decision"),
    "rule.discrimination": _("Rules: discrimination"),
    "rule.offensive": _("Rules: offensive language"),
    "rule.unlawful": _("Rules: unlawful appeals"),
    "spam": _("Spam"),
    "too_many_links": _("Too many links"),
    "duplicate": _("Duplicate text"),
    "too_long": _("Too long"),
    "empty": _("Empty"),
    "closed": _("Comments closed"),
    "invalid_ticket": _("Invalid form ticket"),
    "rate_limited": _("Too many comments"),
}

#: The reasons a moderator may give when rejecting a comment.
REJECT_REASONS = ["moderator", "rule.discrimination", "rule.offensive", "rule.unlawful"]


def reason_label(code):
    """The human label of a reason code; unknown codes (from custom stages) as they are."""
    return REASON_LABELS.get(code, code)


def reject_reason_choices():
    return [(code, REASON_LABELS[code]) for code in REJECT_REASONS]


class RejectCommentForm(forms.Form):
    """The reason a moderator gives for rejecting one or more comments."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=reject_reason_choices,
        initial="moderator",
        widget=forms.RadioSelect,
        help_text=_("Stored with the comment and in the audit log."),
    )


def comment_url(comment, view_name):
    """The admin URL of one comment's view (``inspect``, ``approve``, ``reject``...)."""
    viewset = Comment.snippet_viewset
    return reverse(viewset.get_url_name(view_name), args=(quote(comment.pk),))


#: The status filter's default: the listing opens on the moderation queue.
DEFAULT_STATUS = CommentStatus.PENDING
ALL_STATUSES = "all"


class CommentFilterSet(WagtailFilterSet):
    """Status (pending by default), reason, the article's rubric and the date of writing."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ALL_STATUSES, _("All")), *CommentStatus.choices],
        empty_label=None,
        initial=DEFAULT_STATUS,
        widget=forms.RadioSelect,
        method="filter_status",
    )
    reason = django_filters.ChoiceFilter(
        label=_("Reason"), choices=list(REASON_LABELS.items()), empty_label=_("All")
    )
    rubric = django_filters.ModelChoiceFilter(
        label=_("Rubric"), field_name="article__rubric", queryset=Rubric.objects.all()
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = Comment
        fields = []

    @classmethod
    def data_with_defaults(cls, data):
        """``data`` (a QueryDict) with the default status when none was chosen."""
        if "status" not in data:
            data = data.copy()
            data["status"] = DEFAULT_STATUS
        return data

    def filter_status(self, queryset, name, value):
        if not value or value == ALL_STATUSES:
            return queryset
        return queryset.filter(status=value)


#: The most relevant matches of each search kind that the comment listing narrows down.
SEARCH_MATCH_LIMIT = 5000


def search_comments(queryset, query, backend_name="default"):
    """Comments in ``queryset`` matching ``query`` by words of the text or the author's name.

    The model's AutocompleteField covers the name only, so the admin's usual autocomplete
    would never look at the text: this adds a full-text search (the model's
    ``search_fields``). The search runs over all comments, because the listing's filters
    (such as the article's rubric) are not index FilterFields, and then narrows
    ``queryset`` down, keeping its order. No ``fields=`` is passed: the SQLite database
    backend fails with "no such column" when given one.
    """
    backend = get_search_backend(backend_name)
    comments = Comment.objects.all()
    pks = {c.pk for c in backend.search(query, comments)[:SEARCH_MATCH_LIMIT]}
    pks.update(c.pk for c in backend.autocomplete(query, comments)[:SEARCH_MATCH_LIMIT])
    return queryset.filter(pk__in=pks)


def comments_in_listing(request):
    """The comments the listing shows for ``request.GET``: same filters, default and search."""
    queryset = Comment.objects.all()
    data = CommentFilterSet.data_with_defaults(request.GET)
    filters = CommentFilterSet(data=data, queryset=queryset, request=request)
    if filters.is_valid():
        queryset = filters.filter_queryset(queryset)
    query = request.GET.get("q", "").strip()
    return search_comments(queryset, query) if query else queryset


def moderation_buttons(comment, button_class=ListingButton, compact=True):
    """Approve / Reject / Mark as spam buttons for the moves open to ``comment``.

    Approve and spam post at once (Wagtail's ``w-action`` controller, with the CSRF token);
    without JavaScript their links open a confirmation page. Reject asks for a reason.
    ``compact`` shortens "Mark as spam" to "Spam" for listing rows.
    """
    moves = [
        ("approve", _("Approve"), "check", CommentStatus.PUBLISHED, True),
        ("reject", _("Reject"), "cross", CommentStatus.REJECTED, False),
        (
            "mark_spam",
            _("Spam") if compact else _("Mark as spam"),
            "warning",
            CommentStatus.SPAM,
            True,
        ),
    ]
    buttons = []
    for priority, (view_name, label, icon, status, posts) in enumerate(moves, start=1):
        if comment.status == status:
            continue
        url = comment_url(comment, view_name)
        attrs = {"aria-label": f"{label}: {comment}"}
        if posts:
            attrs.update(
                {
                    "data-controller": "w-action",
                    "data-action": "w-action#post",
                    "data-w-action-url-value": url,
                }
            )
        buttons.append(button_class(label, url=url, icon_name=icon, attrs=attrs, priority=priority))
    return buttons


class ArticleColumn(Column):
    """The article's title, linked to the live page (or to its editor while not live)."""

    cell_template_name = "wagtail_analytics/admin/article_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        article = instance.article
        context["title"] = article.title
        context["is_live"] = article.live
        if article.live:
            context["url"] = article.get_url(parent_context.get("request"))
        else:
            context["url"] = reverse("wagtailadmin_pages:edit", args=(article.pk,))
        return context


class CommentModerationView(WagtailAdminTemplateMixin, FormView):
    """Approve, reject or mark one comment as spam: GET asks to confirm, POST acts.

    Subclasses name the ``action`` (a key of ``moderation.actions.LOG_ACTIONS``). Users who
    may not moderate are refused before anything is read or changed.
    """

    action = None
    form_class = forms.Form
    template_name = "wagtail_analytics/admin/moderate_comment.html"
    header_icon = "comment"
    index_url_name = None
    button_label = ""
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        if not actions.can_moderate(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(Comment, pk=unquote(str(kwargs["pk"])))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Comment._meta.verbose_name_plural),
            },
            {"url": comment_url(self.object, "inspect"), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def next_url(self):
        return get_valid_next_url_from_request(self.request)

    def get_success_url(self):
        return self.next_url or reverse(self.index_url_name)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "comment": self.object,
                "reason": reason_label(self.object.reason),
                "button_label": self.button_label,
                "next": self.next_url,
                "cancel_url": self.next_url or comment_url(self.object, "inspect"),
            }
        )
        return context

    def moderate(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        self.moderate(form)
        messages.success(
            self.request,
            self.success_message % {"author": self.object.author_name},
            buttons=[messages.button(comment_url(self.object, "inspect"), gettext("Inspect"))],
        )
        return redirect(self.get_success_url())


class ApproveCommentView(CommentModerationView):
    action = "approve"
    page_title = _("Approve comment")
    button_label = _("Yes, approve")
    success_message = _("Comment by '%(author)s' approved.")

    def moderate(self, form):
        actions.approve(self.object, user=self.request.user)


class RejectCommentView(CommentModerationView):
    action = "reject"
    form_class = RejectCommentForm
    page_title = _("Reject comment")
    button_label = _("Yes, reject")
    success_message = _("Comment by '%(author)s' rejected.")

    def moderate(self, form):
        actions.reject(self.object, user=self.request.user, reason=form.cleaned_data["reason"])


class MarkSpamCommentView(CommentModerationView):
    action = "mark_spam"
    page_title = _("Mark comment as spam")
    button_label = _("Yes, mark as spam")
    success_message = _("Comment by '%(author)s' marked as spam.")

    def moderate(self, form):
        actions.mark_spam(self.object, user=self.request.user)


class PendingCommentsPanel(Component):
    """Dashboard panel for moderators: how many comments wait, and for how long."""

    name = "wagtail_analytics_pending_comments"
    template_name = "wagtail_analytics/admin/pending_comments_panel.html"
    order = 90

    def render_html(self, parent_context=None):
        if not actions.can_moderate(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        stats = Comment.objects.pending().aggregate(count=Count("pk"), oldest=Min("created_at"))
        oldest = stats["oldest"]
        list_url = reverse(Comment.snippet_viewset.get_url_name("list"))
        context.update(
            {
                "count": stats["count"],
                "oldest": oldest,
                "age": timesince(oldest, timezone.now(), depth=1) if oldest else "",
                "queue_url": f"{list_url}?status={CommentStatus.PENDING}",
            }
        )
        return context


def register_comment_log_actions(actions_registry):
    """Labels and messages of the moderation actions in Wagtail's audit log."""

    class RejectFormatter(LogFormatter):
        label = _("Reject comment")

        def format_message(self, log_entry):
            reason = (log_entry.data or {}).get("reason", "")
            return gettext("Comment rejected: %(reason)s") % {"reason": reason_label(reason)}

    actions_registry.register_action(
        actions.LOG_ACTIONS["approve"], _("Approve comment"), _("Comment approved")
    )
    actions_registry.register_action(actions.LOG_ACTIONS["reject"])(RejectFormatter)
    actions_registry.register_action(
        actions.LOG_ACTIONS["mark_spam"], _("Mark comment as spam"), _("Comment marked as spam")
    )


# --- Moderation rules as CSV (moderation/rules_csv.py does the work) ---------------------


def user_can_rules(user, *actions_needed):
    """True when ``user`` has every one of the ``ModerationRule`` model permissions."""
    opts = ModerationRule._meta
    return all(
        user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
        for action in actions_needed
    )


def user_can_export_rules(user):
    return any(user_can_rules(user, action) for action in ("view", "add", "change", "delete"))


def export_rules_csv(request):
    """Download every moderation rule as ``moderation-rules.csv`` (the import format)."""
    from .moderation import rules_csv

    if not user_can_export_rules(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="moderation-rules.csv"'
    rules_csv.export_rules(response)
    return response


class RulesImportForm(forms.Form):
    """A CSV file of rules, and whether to only check it."""

    max_size = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 text with the columns phrase, language, family, action, whole_word and "
            "enabled, as in the export. Existing rules are updated, others are left alone."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file"), required=False, help_text=_("Nothing is imported.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_size:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ImportRulesView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file of rules: all rows are imported, or none and every problem is shown."""

    form_class = RulesImportForm
    template_name = "wagtail_analytics/admin/rules_import.html"
    page_title = _("Import moderation rules")
    header_icon = "upload"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not user_can_rules(request.user, "add", "change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        label = capfirst(ModerationRule._meta.verbose_name_plural)
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": label},
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        from .moderation import rules_csv

        dry_run = form.cleaned_data["dry_run"]
        try:
            text = rules_csv.decode(form.cleaned_data["file"].read())
            report = rules_csv.import_rules(io.StringIO(text, newline=""), dry_run=dry_run)
        except rules_csv.RulesImportError as error:
            context = self.get_context_data(form=form, import_errors=error.errors)
            return self.render_to_response(context)
        counts = {"created": report.created, "updated": report.updated}
        counts["unchanged"] = report.unchanged
        if dry_run:
            message = _(
                "The file is fine: %(created)d new, %(updated)d changed and %(unchanged)d "
                "unchanged rules. Nothing was imported."
            )
            messages.success(self.request, message % counts)
            return redirect(self.request.path)
        message = _(
            "Rules imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged."
        )
        messages.success(self.request, message % counts)
        return redirect(self.index_url_name)
