"""Signal receivers of the news feed, connected in ``AppConfig.ready()``.

Every cached news feed list is dropped (:func:`~wagtail_analytics.news_feed.invalidate_news_feeds`)
when something a list shows may have changed: an article is published, unpublished,
moved or deleted; a page's slug changes or a page is moved or unpublished (the URLs or the
visibility of the articles below it change); a rubric is saved or deleted; a private section
is added or removed; a site's root changes. All of these are rare next to page views, so
dropping everything is cheaper than working out which lists an event touches.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .news_feed import invalidate_news_feeds


def is_article_model(model):
    """True for page models built on ``AbstractAnalyticsArticle``."""
    from .models import AbstractAnalyticsArticle

    return isinstance(model, type) and issubclass(model, AbstractAnalyticsArticle)


def article_published(sender, **kwargs):
    """``page_published``: only articles; other pages announce URL changes separately."""
    if is_article_model(sender):
        invalidate_news_feeds()


def page_changed(sender=None, **kwargs):
    """A change that may touch articles below any page: unpublish, move, slug change, delete."""
    invalidate_news_feeds()


def feed_input_changed(sender=None, **kwargs):
    """A rubric, a view restriction or a site was saved or deleted."""
    invalidate_news_feeds()


def register_signal_handlers():
    """Connect the receivers (idempotent thanks to ``dispatch_uid``)."""
    from wagtail.models import PageViewRestriction, Site, get_page_models

    from .models import Rubric

    page_published.connect(article_published, dispatch_uid="wa_news_feed_published")
    page_unpublished.connect(page_changed, dispatch_uid="wa_news_feed_unpublished")
    post_page_move.connect(page_changed, dispatch_uid="wa_news_feed_moved")
    page_slug_changed.connect(page_changed, dispatch_uid="wa_news_feed_slug")
    # One receiver per article model rather than one for every model: a pre_delete receiver
    # without a sender would stop Django's fast deletes of unrelated rows (read marks...).
    # Deleting a parent page collects its article descendants, so they are caught too.
    for model in get_page_models():
        if is_article_model(model):
            pre_delete.connect(
                page_changed, sender=model, dispatch_uid=f"wa_news_feed_delete_{model._meta.label}"
            )
    for model in (Rubric, PageViewRestriction, Site):
        for signal in (post_save, post_delete):
            signal.connect(
                feed_input_changed,
                sender=model,
                dispatch_uid=f"wa_news_feed_{signal is post_save}_{model._meta.label}",
            )
