"""The package's JSON API, mounted once by the host project:

    path("api/analytics/", include("wagtail_analytics.api.urls"))


The OpenAPI schema is at ``openapi.json`` below the mount point.
"""

from ninja import NinjaAPI

from .. import __version__
from .comments import router as comments_router
from .errors import install_error_handlers
from .news_feed import router as news_feed_router
from .reads import router as reads_router

api = NinjaAPI(
    title="wagtail-analytics-news API",
    version=__version__,
    description=(
        "Read counts, reader comments and news feeds of articles. Errors are JSON objects "
        "with a stable `code` and a `message`."
    ),
    urls_namespace="wagtail_analytics_api",
    docs_url=None,
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", reads_router)
api.add_router("/", comments_router)
api.add_router("/", news_feed_router)

app_name = "wagtail_analytics_api"
urlpatterns = api.urls[0]
