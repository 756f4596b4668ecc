"""The example site's home page; articles come from wagtail_analytics."""

from django.db import models
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from wagtail_analytics.blocks import NewsFeedBlock
from wagtail_analytics.models import AnalyticsArticle, ArticleIndexPage


class HomePage(Page):
    """Front page: an introduction, the newest articles and a sidebar of news feeds."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    latest_count = models.PositiveSmallIntegerField(default=10)
    sidebar = StreamField([("news_feed", NewsFeedBlock())], blank=True)

    content_panels = [*Page.content_panels, "intro", "latest_count", "sidebar"]
    # In Wagtail's API v2 the sidebar's news feeds come with their articles resolved.
    api_fields = [APIField("intro"), APIField("sidebar")]
    subpage_types = ["wagtail_analytics.ArticleIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            AnalyticsArticle.objects.live()
            .public()
            .descendant_of(self)
            .select_related("rubric")
            .prefetch_related("article_authors__author")
            .order_by("-published_at")[: self.latest_count]
        )
        context["index_page"] = ArticleIndexPage.objects.live().child_of(self).first()
        return context
