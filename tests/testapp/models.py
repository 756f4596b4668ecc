"""Models used only by the tests and the benchmark."""

from wagtail.fields import StreamField
from wagtail.models import Page

from wagtail_analytics.blocks import ArticleBodyBlock


class BarePage(Page):
    """A plain Wagtail page with the article body: the benchmark's baseline."""

    body = StreamField(ArticleBodyBlock(), blank=True)
    template = "testapp/bare_page.html"
