from .articles import (
    AbstractAnalyticsArticle,
    AnalyticsArticle,
    AnalyticsArticleTag,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Rubric,
)

__all__ = [
    "AbstractAnalyticsArticle",
    "AnalyticsArticle",
    "AnalyticsArticleTag",
    "ArticleAuthor",
    "ArticleIndexPage",
    "Author",
    "Rubric",
]
