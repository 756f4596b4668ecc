"""Non-API routes of the package: ``path("", include("wagtail_analytics.urls"))``.

The comment form's post, RSS/Atom feeds and the sitemaps. Mount it before Wagtail's own
``include(wagtail_urls)``, which would otherwise take these addresses for pages.
"""

from django.urls import path

from . import feeds, sitemaps, views

app_name = "wagtail_analytics"

urlpatterns = [
    path("comments/<int:article_id>/", views.post_comment, name="post_comment"),
    # RSS 2.0 and Atom feeds of the site, of a rubric and of an author (active language).
    path("feeds/rss/", feeds.ArticlesFeed(), name="feed_rss"),
    path("feeds/atom/", feeds.AtomArticlesFeed(), name="feed_atom"),
    path("feeds/rubric/<str:rubric>/rss/", feeds.ArticlesFeed(), name="rubric_feed_rss"),
    path("feeds/rubric/<str:rubric>/atom/", feeds.AtomArticlesFeed(), name="rubric_feed_atom"),
    path("feeds/author/<str:author>/rss/", feeds.ArticlesFeed(), name="author_feed_rss"),
    path("feeds/author/<str:author>/atom/", feeds.AtomArticlesFeed(), name="author_feed_atom"),
    # Wagtail's page sitemap (articles with their update time) and the news sitemap.
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news_sitemap"),
]
