"""Reader comments and the house rules they are checked against."""

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommentStatus.PUBLISHED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)


class Comment(index.Indexed, models.Model):
    """A reader's comment on an article.

    A plain foreign key, not a ParentalKey: comments must never enter page revisions. The
    text is stored as the reader wrote it (after Unicode and newline normalisation) and is
    never edited by moderators. The e-mail address and fingerprint are never shown.
    """

    article = models.ForeignKey(
        "wagtail_analytics.AnalyticsArticle",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="reader_comments",
    )
    author_name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    reason = models.CharField(
        _("reason"),
        max_length=64,
        blank=True,
        help_text=_("Reason code of the automatic check or the moderator's decision."),
    )
    rules_version = models.CharField(_("rules version seen"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=16, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    # Comments reference only their article; keeping them out of Wagtail's reference
    # index saves a write per submission.
    wagtail_reference_index_ignore = True

    search_fields = [
        index.SearchField("body"),
        index.SearchField("author_name"),
        index.AutocompleteField("author_name"),
        index.FilterField("status"),
        index.FilterField("reason"),
        index.FilterField("created_at"),
        index.FilterField("article"),
    ]

    class Meta:
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", _("Can moderate reader comments"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="wa_comment_article_idx"),
            models.Index(fields=["status", "created_at"], name="wa_comment_queue_idx"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.excerpt}"

    @property
    def excerpt(self):
        return Truncator(" ".join(self.body.split())).chars(80)


class RuleFamily(models.TextChoices):
    DISCRIMINATION = "discrimination", _("Religious, racial or national discrimination")
    OFFENSIVE = "offensive", _("Offensive or derogatory expressions")
    UNLAWFUL = "unlawful", _("Appeals contrary to the law")


class RuleAction(models.TextChoices):
    REJECT = "reject", _("Reject")
    HOLD = "hold", _("Hold for moderation")


class ModerationRule(index.Indexed, models.Model):
    """A phrase that breaks the site's rules, in one of the three published rule families."""

    phrase = models.CharField(_("phrase"), max_length=200)
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        help_text=_("Language code such as 'en' or 'ru'; empty applies to every language."),
    )
    family = models.CharField(_("rule family"), max_length=32, choices=RuleFamily.choices)
    action = models.CharField(
        _("action"), max_length=16, choices=RuleAction.choices, default=RuleAction.REJECT
    )
    whole_word = models.BooleanField(
        _("whole words only"),
        default=True,
        help_text=_("Match the phrase only as whole words, not inside longer words."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = ["phrase", "language", "family", "action", "whole_word", "enabled"]
    search_fields = [
        index.SearchField("phrase"),
        index.AutocompleteField("phrase"),
        index.FilterField("family"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("moderation rule")
        verbose_name_plural = _("moderation rules")
        ordering = ["family", "phrase"]
        constraints = [
            models.UniqueConstraint(
                fields=["phrase", "language", "family"], name="wa_modrule_unique_phrase"
            )
        ]

    def __str__(self):
        return self.phrase

    def clean(self):
        from django.core.exceptions import ValidationError

        from ..moderation.rules import is_matchable

        super().clean()
        if self.phrase and not is_matchable(self.phrase):
            raise ValidationError(
                {"phrase": _("The phrase needs at least one letter or digit to match.")}
            )
        if self.language and not self.language.replace("-", "").isalpha():
            raise ValidationError({"language": _("Enter a language code such as 'en' or 'pt-br'.")})

    @property
    def reason_code(self):
        return f"rule.{self.family}"
