"""Serializers that shape ``AnalyticsArticle`` in Wagtail's API v2 (``api_fields``)."""

from rest_framework import serializers


class RubricSummarySerializer(serializers.Serializer):
    """A rubric as ``{"id", "name", "slug"}``."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)


class AuthorSummarySerializer(serializers.Serializer):
    """An author as ``{"id", "name", "slug", "url"}``, in byline order.

    ``url`` is the author's listing below the article's index page (absolute), or null.
    """

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, allow_null=True)
