"""StreamField blocks of the article body.

Each block renders its own element (no wrapper from the StreamField), so a block that has
nothing to show can render nothing at all: empty paragraphs never reach the page.
"""

import re

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import news_feed

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3", "hr"]

# An HTML paragraph with nothing a reader can see: whitespace, &nbsp; and <br> only.
_EMPTY_P = re.compile(r"<p(?:\s[^>]*)?>(?:\s|&nbsp;|&#160;|\u00a0|<br\s*/?>)*</p>", re.IGNORECASE)


def strip_empty_paragraphs(html):
    """Remove paragraphs that hold only whitespace or line breaks from rich text HTML."""
    return _EMPTY_P.sub("", html or "")


def is_blank_html(html):
    """True when an HTML fragment has no visible text."""
    text = strip_tags(strip_empty_paragraphs(html)).replace("&nbsp;", "").replace("\u00a0", "")
    return not text.strip() and "<img" not in (html or "") and "<embed" not in (html or "")


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text paragraph(s); renders nothing when empty."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    def render(self, value, context=None):
        if value is None or is_blank_html(value.source):
            return ""
        return super().render(value, context)

    def get_api_representation(self, value, context=None):
        """Front-end HTML (links resolved, empty paragraphs dropped), not the stored format."""
        if value is None:
            return ""
        return strip_empty_paragraphs(str(value))

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "wagtail_analytics/blocks/paragraph.html"


class ArticleImageBlock(blocks.StructBlock):
    """An image with alternative text, caption and credit."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=255,
        help_text=_("Describe the image for readers who cannot see it. Defaults to its title."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=500)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=255)

    def get_api_representation(self, value, context=None):
        """The image as a ready rendition (``BODY_IMAGE_RENDITION``) with its alt text."""
        from wagtail.images.shortcuts import get_rendition_or_not_found

        from .conf import analytics_settings

        image = value.get("image")
        rendition = (
            get_rendition_or_not_found(image, analytics_settings.BODY_IMAGE_RENDITION)
            if image
            else None
        )
        return {
            "image": {
                "id": image.pk,
                "url": rendition.url,
                "width": rendition.width,
                "height": rendition.height,
                "alt": value.get("alt_text") or image.default_alt_text,
            }
            if image
            else None,
            "caption": value.get("caption") or "",
            "credit": value.get("credit") or "",
        }

    class Meta:
        icon = "image"
        label = _("Image")
        template = "wagtail_analytics/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    """A pull quote with an optional attribution."""

    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "wagtail_analytics/blocks/quote.html"


class ArticleEmbedBlock(EmbedBlock):
    """A video or social post embedded by URL through Wagtail's embed finders."""

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "wagtail_analytics/blocks/embed.html"


class RelatedArticleBlock(blocks.PageChooserBlock):
    """A link to another article, shown with its rubric and headline.

    Loads every related article of a body, with its rubric, in one query.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("page_type", "wagtail_analytics.AnalyticsArticle")
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        """``{"id", "title", "url", "rubric"}`` of a live article, else None."""
        if value is None or not value.live:
            return None
        request = (context or {}).get("request")
        return {
            "id": value.pk,
            "title": value.title,
            "url": value.get_full_url(request),
            "rubric": value.rubric.name,
        }

    def bulk_to_python(self, values):
        objects = self.target_model.objects.select_related("rubric").in_bulk(
            [v for v in values if v is not None]
        )
        return [objects.get(value) for value in values]

    class Meta:
        icon = "doc-full"
        label = _("Related article")
        template = "wagtail_analytics/blocks/related_article.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The blocks an article body is made of."""

    paragraph = ParagraphBlock()
    image = ArticleImageBlock()
    quote = QuoteBlock()
    embed = ArticleEmbedBlock()
    related_article = RelatedArticleBlock()

    class Meta:
        block_counts = {}


class NewsFeedBlock(blocks.StructBlock):
    """The "News feed" of the reference page: the latest or most read headlines with times.

    Renders ``wagtail_analytics/news_feed.html`` (also used by ``{% news_feed %}``); its API
    representation holds the resolved articles, not ids. Both go through
    :func:`wagtail_analytics.news_feed.get_news_feed`, so they share its one query and cache.
    """

    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=100,
        help_text=_('Leave empty to show "News feed" in the reader\'s language.'),
    )
    count = blocks.IntegerBlock(
        label=_("Number of articles"),
        default=news_feed.DEFAULT_COUNT,
        min_value=news_feed.MIN_COUNT,
        max_value=news_feed.MAX_COUNT,
    )
    rubric = SnippetChooserBlock(
        "wagtail_analytics.Rubric",
        label=_("Rubric"),
        required=False,
        help_text=_("Only articles of this rubric. Leave empty for all rubrics."),
    )
    order = blocks.ChoiceBlock(
        label=_("Order"), choices=news_feed.ORDER_CHOICES, default=news_feed.DEFAULT_ORDER
    )
    show = blocks.ChoiceBlock(
        label=_("Show"), choices=news_feed.SHOW_CHOICES, default=news_feed.DEFAULT_SHOW
    )
    exclude_current = blocks.BooleanBlock(
        label=_("Leave out the current page"), required=False, default=True
    )

    class Meta:
        icon = "list-ul"
        label = _("News feed")
        template = "wagtail_analytics/news_feed.html"

    def items(self, value, *, request=None, page=None, exclude=None):
        """The resolved articles of a block value (:class:`~.news_feed.NewsFeedItem`)."""
        return news_feed.get_news_feed(
            count=value.get("count") or news_feed.DEFAULT_COUNT,
            rubric=value.get("rubric"),
            order=value.get("order") or news_feed.DEFAULT_ORDER,
            request=request,
            page=page,
            exclude=exclude if value.get("exclude_current") else None,
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        page = context.get("page")
        context.update(
            news_feed.feed_context(
                title=value.get("title"),
                show=value.get("show"),
                items=self.items(value, request=context.get("request"), page=page, exclude=page),
            )
        )
        return context

    def get_api_representation(self, value, context=None):
        context = context or {}
        page = context.get("page")
        exclude = page
        if exclude is None:  # Wagtail's API v2 detail view: the page being serialised
            exclude = getattr(context.get("view"), "kwargs", {}).get("pk")
        rubric = value.get("rubric")
        items = self.items(value, request=context.get("request"), page=page, exclude=exclude)
        return {
            "title": value.get("title") or str(news_feed.default_title()),
            "count": value.get("count"),
            "order": value.get("order"),
            "show": value.get("show"),
            "rubric": (
                {"id": rubric.pk, "name": rubric.name, "slug": rubric.slug} if rubric else None
            ),
            "items": [item.as_dict() for item in items],
        }
