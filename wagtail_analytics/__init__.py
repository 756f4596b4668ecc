"""Analysis and news articles, read counts, reader comments and news feeds for Wagtail."""

__version__ = "0.1.0"
