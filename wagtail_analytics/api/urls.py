"""The package's JSON API, mounted once by the host project:

    path("api/analytics/", include("wagtail_analytics.api.urls"))


The OpenAPI schema is at ``openapi.json`` below the mount point.
"""

from ninja import NinjaAPI

from .. import __version__
from .errors import install_error_handlers
from .reads import router as reads_router

api = NinjaAPI(
    title="wagtail-analytics-news API",
    version=__version__,
    description="Read counts of articles. Errors are JSON objects with a stable `code`.",
    urls_namespace="wagtail_analytics_api",
    docs_url=None,
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/", reads_router)

app_name = "wagtail_analytics_api"
urlpatterns = api.urls[0]
