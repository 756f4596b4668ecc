"""Rubrics, authors, the article page and the article index page."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from ..api.v2 import AuthorSummarySerializer, RubricSummarySerializer
from ..blocks import ArticleBodyBlock
from ..conf import analytics_settings


def attach_read_counts(articles):
    """Give each article of a listing its read and comment counts, fetched all at once."""
    from ..comments import comment_counts
    from ..read_counter import get_counts

    articles = list(articles)
    ids = [article.pk for article in articles]
    counts = get_counts(ids)
    comments = comment_counts(ids)
    for article in articles:
        article.read_counts = counts[article.pk]
        article.__dict__["_wa_comment_count"] = comments[article.pk]  # for comment_count
    return articles


class UniqueSlugPerLocaleMixin:
    """Checks in the form that the slug is free in the locale (the admin form has no locale)."""

    def clean(self):
        super().clean()
        if not self.slug or not self.locale_id:
            return
        taken = (
            type(self)
            ._default_manager.filter(locale_id=self.locale_id, slug=self.slug)
            .exclude(pk=self.pk)
            .exists()
        )
        if taken:
            raise ValidationError(
                {
                    "slug": _("Another %(thing)s in this language already has this slug.")
                    % {"thing": self._meta.verbose_name}
                }
            )


class Rubric(UniqueSlugPerLocaleMixin, TranslatableMixin, index.Indexed, models.Model):
    """A section of the site, such as "Analytics"; every article belongs to one."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=True,
        help_text=_("Used in addresses such as /news/rubric/analytics/."),
    )
    description = models.TextField(_("description"), blank=True)
    sort_order = models.IntegerField(
        _("ordering"), default=0, help_text=_("Rubrics with a lower number are listed first.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), "sort_order"]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="wagtail_analytics_rubric_unique_slug"
            )
        ]

    def __str__(self):
        return self.name


class Author(UniqueSlugPerLocaleMixin, TranslatableMixin, index.Indexed, models.Model):
    """A person who writes articles; articles list their authors in byline order."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, allow_unicode=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=1000)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = ["name", "slug", "bio", "photo"]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("bio"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="wagtail_analytics_author_unique_slug"
            )
        ]

    def __str__(self):
        return self.name


class ArticleIndexPage(RoutablePageMixin, Page):
    """Lists its live articles newest first, filtered by rubric or author at readable URLs."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["wagtail_analytics.AnalyticsArticle"]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("article index page")
        verbose_name_plural = _("article index pages")

    def get_articles(self):
        """Live articles below this page, newest first, with what a listing shows."""
        return (
            AnalyticsArticle.objects.live()
            .public()
            .descendant_of(self)
            .select_related("rubric", "cover_image")
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
                )
            )
            .order_by(models.F("published_at").desc(nulls_last=True), "-pk")
        )

    def paginate(self, request, articles):
        paginator = Paginator(articles, analytics_settings.ARTICLES_PER_PAGE)
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = context.pop("articles", None)
        if articles is None:
            articles = self.get_articles()
        context["articles"] = self.paginate(request, articles)
        attach_read_counts(context["articles"])
        context["index_page"] = self
        context["rubrics"] = Rubric.objects.filter(locale_id=self.locale_id)
        context["wa_base_template"] = analytics_settings.BASE_TEMPLATE
        return context

    def route(self, request, path_components):
        """Route to a child article in one query, with its rubric, knowing its index page.

        Wagtail's default routing fetches the child as a base page and then again as its
        specific type; articles are by far the most requested pages, so they are fetched
        directly. Listing routes (``rubric/<slug>/``...) and other children route as usual.
        """
        if self.live and path_components:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                article = (
                    AnalyticsArticle.objects.child_of(self)
                    .select_related("rubric")
                    .filter(slug=path_components[0])
                    .first()
                )
                if article is not None:
                    article.__dict__["index_page"] = self
                    article._cached_parent_obj = self
                    return article.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("rubric/<str:slug>/", name="rubric")
    def rubric_route(self, request, slug):
        rubric = Rubric.objects.filter(locale_id=self.locale_id, slug=slug).first()
        if rubric is None:
            raise Http404(_("There is no rubric with this address."))
        return self.render(
            request,
            context_overrides={
                "articles": self.get_articles().filter(rubric=rubric),
                "rubric": rubric,
            },
        )

    @path("author/<str:slug>/", name="author")
    def author_route(self, request, slug):
        author = (
            Author.objects.filter(locale_id=self.locale_id, slug=slug)
            .select_related("photo")
            .first()
        )
        if author is None:
            raise Http404(_("There is no author with this address."))
        return self.render(
            request,
            context_overrides={
                "articles": self.get_articles().filter(article_authors__author=author),
                "author": author,
            },
        )


class AnalyticsArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_analytics.AnalyticsArticle",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class AbstractAnalyticsArticle(models.Model):
    """Fields and behaviour of an analysis or news article, without the page base class.

    ``AnalyticsArticle`` combines it with Wagtail's ``Page``. A project with a custom base
    page model (Wagtail 8) can combine it with that model instead.
    """

    rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("rubric"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead = models.TextField(
        _("lead"),
        max_length=600,
        help_text=_("One or two sentences under the headline."),
    )
    published_at = models.DateTimeField(
        _("publication date and time"),
        null=True,
        blank=True,
        help_text=_("Shown on the article. Leave empty to use the time of first publication."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Set when the article has been substantially updated."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_caption = models.CharField(_("cover caption"), max_length=500, blank=True)
    cover_credit = models.CharField(_("cover credit"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    byline = models.CharField(
        _("free-text byline"),
        max_length=255,
        blank=True,
        help_text=_("Shown instead of the authors' names, e.g. 'Newsroom staff'."),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Readers may comment on this article."),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.updated_at and self.published_at and self.updated_at < self.published_at:
            raise ValidationError(
                {"updated_at": _("The update time cannot be before the publication time.")}
            )

    def save(self, *args, **kwargs):
        # The publication time defaults to the first publication: Wagtail sets
        # first_published_at just before it saves the page it publishes.
        if self.published_at is None and getattr(self, "first_published_at", None):
            self.published_at = self.first_published_at
        return super().save(*args, **kwargs)

    @property
    def authors(self):
        """The authors in byline order (uses prefetched relations when present)."""
        return [item.author for item in self.article_authors.all()]

    def get_sitemap_urls(self, request=None):
        """Sitemap entries whose ``lastmod`` is the update time, else the last publication."""
        urls = super().get_sitemap_urls(request)
        lastmod = self.updated_at or self.last_published_at
        if lastmod:
            for url in urls:
                url["lastmod"] = lastmod
        return urls

    @property
    def reads(self):
        """Deduplicated reads, including counts the backend has not flushed yet."""
        from ..read_counter import get_counts

        counts = getattr(self, "read_counts", None) or get_counts([self.pk])[self.pk]
        return counts.reads

    @property
    def comment_count(self):
        """Published comments of this article."""
        from ..comments import comment_count_for

        return comment_count_for(self)

    @property
    def byline_authors(self):
        """Authors in byline order with the absolute address of their listing."""
        index = self.index_page
        base = index.get_full_url() if index is not None else None
        return [
            {
                "id": author.pk,
                "name": author.name,
                "slug": author.slug,
                "url": base + index.reverse_subpage("author", args=[author.slug]) if base else None,
            }
            for author in self.authors
        ]

    @property
    def read_token(self):
        """A signed token for the read beacon (``POST /api/analytics/reads/``)."""
        from ..read_counter import make_read_token

        return make_read_token(self.pk) if self.pk else None

    @property
    def byline_text(self):
        """What the byline says: the free-text byline, or the authors' names."""
        if self.byline:
            return self.byline
        return ", ".join(author.name for author in self.authors)

    def serve_preview(self, request, mode_name):
        """With ``HEADLESS_PREVIEW_URL`` set, send the editor to the decoupled front end.

        The front end gets ``?id=<page id>&preview_token=<signed token>`` and reads the latest
        saved draft from ``GET /api/analytics/preview/?token=``. A page never saved yet, or
        ``HEADLESS_PREVIEW_URL`` unset, is previewed server-rendered as usual.
        """
        from django.shortcuts import redirect

        from ..preview_tokens import headless_preview_url

        if analytics_settings.HEADLESS_PREVIEW_URL and self.pk:
            return redirect(headless_preview_url(self, request.user))
        return super().serve_preview(request, mode_name)


class AnalyticsArticle(AbstractAnalyticsArticle, Page):
    """An analysis or news article: rubric, headline, lead, date-time, body and byline."""

    tags = ClusterTaggableManager(through=AnalyticsArticleTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        TitleFieldPanel("title", heading=_("Headline")),
        FieldPanel("lead"),
        MultiFieldPanel(["cover_image", "cover_caption", "cover_credit"], heading=_("Cover image")),
        FieldPanel("body"),
    ]
    byline_panels = [
        FieldPanel("rubric"),
        MultipleChooserPanel(
            "article_authors",
            chooser_field_name="author",
            heading=_("Authors"),
            label=_("Author"),
        ),
        FieldPanel("byline"),
        MultiFieldPanel(["published_at", "updated_at"], heading=_("Dates")),
        FieldPanel("tags"),
    ]
    settings_panels = [*Page.settings_panels, "comments_open"]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(byline_panels, heading=_("Byline and rubric")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.FilterField("rubric"),
        index.RelatedFields("rubric", [index.SearchField("name")]),
    ]

    api_fields = [
        APIField("rubric", serializer=RubricSummarySerializer()),
        APIField("authors", serializer=AuthorSummarySerializer(many=True, source="byline_authors")),
        APIField("byline"),
        APIField("lead"),
        APIField("published_at"),
        APIField("updated_at"),
        APIField("body"),
        APIField("comments_open"),
        APIField("tags"),
        APIField(
            "cover",
            serializer=ImageRenditionField("fill-1200x630", source="cover_image", required=False),
        ),
        APIField("cover_caption"),
        APIField("cover_credit"),
        APIField("reads"),
        APIField("read_token"),
        APIField("comment_count"),
    ]

    parent_page_types = ["wagtail_analytics.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("analytics article")
        verbose_name_plural = _("analytics articles")
        indexes = [
            models.Index(fields=["-published_at"], name="wa_article_published_idx"),
            models.Index(fields=["rubric", "-published_at"], name="wa_article_rubric_pub_idx"),
        ]

    @cached_property
    def index_page(self):
        """The nearest article index page above this article, or None."""
        return ArticleIndexPage.objects.ancestor_of(self).order_by("-depth").first()

    def get_template(self, request, *args, **kwargs):
        return "wagtail_analytics/analytics_article.html"

    def get_context(self, request, *args, **kwargs):
        from ..rendering import prefetch_body_renditions

        context = super().get_context(request, *args, **kwargs)
        context["authors"] = [
            item.author
            for item in self.article_authors.select_related("author").order_by("sort_order")
        ]
        context["index_page"] = self.index_page
        context["wa_base_template"] = analytics_settings.BASE_TEMPLATE
        prefetch_body_renditions(self.body)
        return context


class ArticleAuthor(Orderable):
    """One author in an article's byline; the order is the byline order."""

    page = ParentalKey(AnalyticsArticle, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )

    panels = ["author"]

    class Meta(Orderable.Meta):
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")

    def __str__(self):
        return str(self.author)
