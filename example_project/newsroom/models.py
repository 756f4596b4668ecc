"""The example site's home page; articles come from wagtail_analytics."""

from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_analytics.models import AnalyticsArticle, ArticleIndexPage


class HomePage(Page):
    """Front page: an introduction and the newest articles of the site."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    latest_count = models.PositiveSmallIntegerField(default=10)

    content_panels = [*Page.content_panels, "intro", "latest_count"]
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
