from wagtail.snippets.models import register_snippet

from .viewsets import AuthorViewSet, RubricViewSet

register_snippet(RubricViewSet)
register_snippet(AuthorViewSet)
