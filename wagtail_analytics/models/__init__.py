from .articles import (
    AbstractAnalyticsArticle,
    AnalyticsArticle,
    AnalyticsArticleTag,
    ArticleAuthor,
    ArticleIndexPage,
    Author,
    Rubric,
)
from .comments import Comment, CommentStatus, ModerationRule, RuleAction, RuleFamily
from .reads import ReadDaily, ReadFlushBatch, ReadMark, ReadPrefixCount, ReadTotal
from .settings import CommentRules, CommentSettings, ModerationPolicy

__all__ = [
    "AbstractAnalyticsArticle",
    "AnalyticsArticle",
    "AnalyticsArticleTag",
    "ArticleAuthor",
    "ArticleIndexPage",
    "Author",
    "Comment",
    "CommentRules",
    "CommentSettings",
    "CommentStatus",
    "ModerationPolicy",
    "ModerationRule",
    "ReadDaily",
    "ReadFlushBatch",
    "ReadMark",
    "ReadPrefixCount",
    "ReadTotal",
    "Rubric",
    "RuleAction",
    "RuleFamily",
]
