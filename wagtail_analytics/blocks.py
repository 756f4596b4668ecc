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
