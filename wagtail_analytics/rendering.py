"""Helpers that keep page rendering at a fixed number of queries."""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .conf import analytics_settings


def prefetch_body_renditions(body):
    """Fetch the renditions of every image in an article body in one query.

    The body's images are loaded in bulk by the StreamField; without this, each image's
    rendition would cost a query of its own when the template asks for it.
    """
    images = [
        child.value["image"]
        for child in body
        if child.block_type == "image" and child.value and child.value.get("image")
    ]
    if not images:
        return
    spec = Filter(spec=analytics_settings.BODY_IMAGE_RENDITION).spec
    rendition_model = get_image_model().get_rendition_model()
    prefetch_related_objects(
        images,
        Prefetch("renditions", queryset=rendition_model.objects.filter(filter_spec=spec)),
    )
