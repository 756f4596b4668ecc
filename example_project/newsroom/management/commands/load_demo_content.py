"""Load the example site's invented demo content. Safe to run again: nothing is duplicated."""

import io
from datetime import datetime, time, timedelta

from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from newsroom import demo_data
from newsroom.models import HomePage
from wagtail_analytics.models import (
    AnalyticsArticle,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Comment,
    CommentRules,
    CommentSettings,
    ModerationRule,
    Rubric,
)

RUBRIC_COLOURS = {
    "analytics": (11, 92, 173),
    "economy": (24, 128, 56),
    "culture": (163, 62, 20),
    "science": (102, 51, 153),
}


class Command(BaseCommand):
    help = (
        "Create the demo home page (with its news feed sidebar), news index, rubrics, "
        "authors, 30 articles and invented read counts."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        locale = Locale.get_default()
        home = self.ensure_home(locale)
        index = self.ensure_index(home)
        rubrics = self.ensure_rubrics(locale)
        authors = self.ensure_authors(locale)
        covers = self.ensure_covers(rubrics)
        created = self.ensure_articles(index, rubrics, authors, covers)
        self.ensure_demo_reads(index)
        self.ensure_sidebar(home, rubrics)
        self.ensure_comment_settings()
        self.ensure_demo_comments(index)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(rubrics)} rubrics, {len(authors)} authors, "
                f"{AnalyticsArticle.objects.live().count()} live articles "
                f"({created} created now)."
            )
        )

    def ensure_home(self, locale):
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations create a placeholder "Welcome" page; the demo replaces it.
            for child in root.get_children().filter(slug="home"):
                child.delete()
            home = root.add_child(
                instance=HomePage(
                    title="Varnavan Daily",
                    slug="home",
                    locale=locale,
                    intro="<p>News and analysis from an invented city, published with "
                    "<b>wagtail-analytics-news</b>.</p>",
                )
            )
            home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": "Varnavan Daily",
            },
        )
        return home

    def ensure_index(self, home):
        index = ArticleIndexPage.objects.child_of(home).filter(slug="news").first()
        if index is None:
            index = home.add_child(
                instance=ArticleIndexPage(
                    title="News",
                    slug="news",
                    intro="<p>Every article, newest first.</p>",
                )
            )
            index.save_revision().publish()
        return index

    def ensure_rubrics(self, locale):
        rubrics = {}
        for item in demo_data.RUBRICS:
            rubric, _ = Rubric.objects.update_or_create(
                locale=locale,
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "description": item["description"],
                    "sort_order": item["sort_order"],
                },
            )
            rubrics[rubric.slug] = rubric
        return rubrics

    def ensure_authors(self, locale):
        authors = {}
        for item in demo_data.AUTHORS:
            author, _ = Author.objects.update_or_create(
                locale=locale,
                slug=item["slug"],
                defaults={"name": item["name"], "bio": item["bio"]},
            )
            authors[author.slug] = author
        return authors

    def ensure_covers(self, rubrics):
        image_model = get_image_model()
        covers = {}
        for slug, rubric in rubrics.items():
            title = f"Demo cover: {rubric.name}"
            image = image_model.objects.filter(title=title).first()
            if image is None:
                image = image_model(title=title)
                image.file = ImageFile(
                    self.draw_cover(RUBRIC_COLOURS.get(slug, (80, 80, 80))),
                    name=f"demo-cover-{slug}.png",
                )
                image.save()
            covers[slug] = image
        return covers

    def draw_cover(self, colour):
        """A 1200x630 PNG in the rubric's colour, drawn here: the demo downloads nothing."""
        picture = PILImage.new("RGB", (1200, 630), colour)
        draw = ImageDraw.Draw(picture)
        for step in range(0, 1200, 60):
            draw.line([(step, 630), (step + 300, 0)], fill=tuple(min(c + 25, 255) for c in colour))
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        buffer.seek(0)
        return buffer

    def ensure_articles(self, index, rubrics, authors, covers):
        created = 0
        now = timezone.now()
        today = timezone.localdate()
        existing = set(AnalyticsArticle.objects.child_of(index).values_list("slug", flat=True))
        for position, item in enumerate(demo_data.ARTICLES):
            if item["slug"] in existing:
                continue
            day = today - timedelta(days=item["days_ago"])
            # Never in the future: today's items that are "later today" move to just now.
            published_at = min(
                timezone.make_aware(datetime.combine(day, time(item["hour"], item["minute"]))),
                now - timedelta(minutes=7 * (position + 1)),
            )
            body = [
                ("paragraph", f"<p>{text}</p>" if text else "<p></p>")
                for text in item["paragraphs"]
            ]
            if position % 5 == 0 and len(item["paragraphs"]) > 2:
                # A pull quote: the first sentence of the second paragraph.
                quote = item["paragraphs"][1].split(". ")[0].rstrip(".") + "."
                body.insert(
                    2, ("quote", {"quote": quote, "attribution": rubrics[item["rubric"]].name})
                )
            article = AnalyticsArticle(
                title=item["title"],
                slug=item["slug"],
                lead=item["lead"],
                rubric=rubrics[item["rubric"]],
                published_at=published_at,
                cover_image=covers[item["rubric"]] if position % 3 == 0 else None,
                cover_caption="Illustration" if position % 3 == 0 else "",
                body=body,
            )
            for author_slug in item["authors"]:
                article.article_authors.add(ArticleAuthor(author=authors[author_slug]))
            article.tags.add(*item["tags"])
            index.add_child(instance=article)
            revision = article.save_revision()
            revision.publish()
            created += 1
        return created

    def ensure_sidebar(self, home, rubrics):
        """The home page's sidebar: the latest news, and the week's most read analytics."""
        if len(home.sidebar):
            return
        home.sidebar = [
            (
                "news_feed",
                {
                    "title": "",  # "News feed", in the reader's language
                    "count": 10,
                    "rubric": None,
                    "order": "latest",
                    "show": "time",
                    "exclude_current": True,
                },
            ),
            (
                "news_feed",
                {
                    "title": "Most read this week",
                    "count": 5,
                    "rubric": None,
                    "order": "most_read_7d",
                    "show": "date",
                    "exclude_current": True,
                },
            ),
            (
                "news_feed",
                {
                    "title": "Analytics",
                    "count": 5,
                    "rubric": rubrics["analytics"],
                    "order": "latest",
                    "show": "datetime",
                    "exclude_current": True,
                },
            ),
        ]
        home.save_revision().publish()

    def ensure_demo_reads(self, index):
        """Invented daily reads for the last 8 days, so that "most read" lists have content.

        Only when no article has any read yet: real counts from the beacon are never mixed
        with invented ones.
        """
        from wagtail_analytics.models import ReadTotal
        from wagtail_analytics.read_counter.backends.database import DatabaseReadCounter

        if ReadTotal.objects.exists():
            return
        today = timezone.localdate()
        rows = []
        articles = AnalyticsArticle.objects.child_of(index).live().order_by("-published_at")
        for position, article in enumerate(articles):
            published = timezone.localdate(article.published_at)
            for back in range(8):
                day = today - timedelta(days=back)
                if day < published:
                    continue
                # A deterministic, uneven spread: a few articles are read far more than others.
                reads = (37 * (position + 3) * (back + 2)) % 120 + (90 if position % 7 == 2 else 0)
                rows.append((article.pk, day, reads, reads + reads // 3))
        DatabaseReadCounter.apply(rows)

    def ensure_comment_settings(self):
        """The house rules above the comment form, in English and Russian, and a few rules."""
        site = Site.objects.get(is_default_site=True)
        comment_settings = CommentSettings.for_site(site)
        comment_settings.save()
        for language, text in demo_data.COMMENT_RULES.items():
            rules = CommentRules.objects.filter(setting=comment_settings, language=language).first()
            if rules is None:
                CommentRules.objects.create(setting=comment_settings, language=language, text=text)
        for phrase, family, action in demo_data.MODERATION_RULES:
            ModerationRule.objects.get_or_create(
                phrase=phrase, language="", family=family, defaults={"action": action}
            )

    def ensure_demo_comments(self, index):
        """A few published reader comments on the newest articles (only once)."""
        if Comment.objects.exists():
            return
        articles = list(
            AnalyticsArticle.objects.child_of(index).live().order_by("-published_at")[:4]
        )
        for article, (name, body) in zip(articles, demo_data.COMMENTS, strict=False):
            Comment.objects.create(article=article, author_name=name, body=body, status="published")
