"""An embed finder for the tests: answers from a fixed table instead of the network."""

from wagtail.embeds.finders.base import EmbedFinder


class FixedEmbedFinder(EmbedFinder):
    def accept(self, url):
        return url.startswith("https://video.example/")

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Example video",
            "author_name": "Example",
            "provider_name": "Example video",
            "type": "video",
            "thumbnail_url": None,
            "width": 640,
            "height": 360,
            "html": f'<iframe title="Example video" src="{url}" width="640" height="360"></iframe>',
        }
