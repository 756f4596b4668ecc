"""Factories for the test suite: snippets with factory_boy, pages published through revisions."""

from datetime import timedelta

import factory
from django.utils import timezone
from wagtail.models import Locale, Site

from wagtail_analytics.models import (
    AnalyticsArticle,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Rubric,
)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    name = factory.Sequence(lambda n: f"Rubric {n}")
    slug = factory.Sequence(lambda n: f"rubric-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author Number{n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Writes about the city."
    locale = factory.LazyFunction(Locale.get_default)


def make_index(parent=None, **kwargs):
    """An article index page below ``parent`` (default: the default site's root page)."""
    parent = parent or Site.objects.get(is_default_site=True).root_page
    kwargs.setdefault("title", "News")
    kwargs.setdefault("slug", "news")
    index = parent.add_child(instance=ArticleIndexPage(**kwargs))
    index.save_revision().publish()
    return index


def make_article(index, *, authors=(), publish=True, **kwargs):
    """A live (or draft) article below ``index``, published through a revision."""
    kwargs.setdefault("title", "The city council approves a plan for new tram lines")
    kwargs.setdefault("lead", "Work starts next spring.")
    if "rubric" not in kwargs:
        kwargs["rubric"] = RubricFactory()
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    kwargs.setdefault(
        "body",
        [
            ("paragraph", "<p>The council voted on Tuesday.</p>"),
            ("paragraph", "<p>Construction takes two years.</p>"),
        ],
    )
    kwargs.setdefault("live", publish)
    article = AnalyticsArticle(**kwargs)
    for position, author in enumerate(authors):
        article.article_authors.add(ArticleAuthor(author=author, sort_order=position))
    index.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article
