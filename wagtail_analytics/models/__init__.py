from .articles import (
    AbstractAnalyticsArticle,
    AnalyticsArticle,
    AnalyticsArticleTag,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Rubric,
)
from .reads import ReadDaily, ReadFlushBatch, ReadMark, ReadPrefixCount, ReadTotal

__all__ = [
    "AbstractAnalyticsArticle",
    "AnalyticsArticle",
    "AnalyticsArticleTag",
    "ArticleAuthor",
    "ArticleIndexPage",
    "Author",
    "ReadDaily",
    "ReadFlushBatch",
    "ReadMark",
    "ReadPrefixCount",
    "ReadTotal",
    "Rubric",
]
