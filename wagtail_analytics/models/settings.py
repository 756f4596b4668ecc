"""Per-site settings that editors manage in the Wagtail admin (Settings → Comments)."""

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class ModerationPolicy(models.TextChoices):
    PRE_ALL = "pre", _("Pre-moderate every comment")
    PRE_ANONYMOUS = "pre_anonymous", _("Pre-moderate comments of anonymous readers only")
    POST = "post", _("Publish at once, moderate afterwards")


def content_languages():
    return getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES


@register_setting(icon="comment")
class CommentSettings(ClusterableModel, BaseSiteSetting):
    """How reader comments work on one site: policy, limits and the house rules."""

    policy = models.CharField(
        _("moderation policy"),
        max_length=16,
        choices=ModerationPolicy.choices,
        default=ModerationPolicy.PRE_ALL,
    )
    max_length = models.PositiveSmallIntegerField(
        _("maximum length"),
        default=512,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=_("In characters as readers see them (emoji and accented letters count once)."),
    )
    close_after_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        null=True,
        blank=True,
        help_text=_("Comments close this many days after publication. Empty: never."),
    )
    newest_first = models.BooleanField(
        _("newest comments first"), default=False, help_text=_("Otherwise oldest first.")
    )
    comments_per_page = models.PositiveSmallIntegerField(
        _("comments per page"), default=20, validators=[MinValueValidator(1)]
    )

    panels = [
        MultiFieldPanel(
            ["policy", "close_after_days", "max_length", "newest_first", "comments_per_page"],
            heading=_("Comments"),
        ),
        InlinePanel("rules", heading=_("Rules shown above the comment form"), label=_("Rules")),
    ]

    class Meta:
        verbose_name = _("comments")
        verbose_name_plural = _("comments")

    def rules_for(self, language=None):
        """The rules text in ``language`` (or the active one), falling back to the first."""
        language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        rules = list(self.rules.all())
        for item in rules:
            if item.language.split("-")[0] == language:
                return item
        return rules[0] if rules else None


class CommentRules(Orderable):
    """The site's comment rules in one language; the version changes whenever the text does."""

    setting = ParentalKey(CommentSettings, on_delete=models.CASCADE, related_name="rules")
    language = models.CharField(_("language"), max_length=16, choices=content_languages)
    text = RichTextField(_("rules"), features=["bold", "italic", "link", "ol", "ul"])
    version = models.CharField(_("version"), max_length=32, editable=False, blank=True)

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("rules text")
        verbose_name_plural = _("rules texts")

    def save(self, *args, **kwargs):
        self.version = rules_version(self.text)
        super().save(*args, **kwargs)


def rules_version(html):
    """A short, stable version of a rules text: it changes exactly when the words change."""
    words = " ".join(strip_tags(html or "").split())
    return hashlib.sha256(words.encode()).hexdigest()[:12]
