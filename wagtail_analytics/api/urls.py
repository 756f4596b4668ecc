"""The package's JSON API, mounted once by the host project:

    path("api/analytics/", include("wagtail_analytics.api.urls"))


The OpenAPI schema is at ``openapi.json`` below the mount point.
"""

from django.http import JsonResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from .. import __version__
from .caching import cache_openapi_view
from .comments import router as comments_router
from .errors import install_error_handlers
from .news_feed import router as news_feed_router
from .preview import router as preview_router
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
api.add_router("/", preview_router)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return JsonResponse(
        {"code": "not_found", "message": _("There is no API endpoint at this address.")},
        status=404,
    )


app_name = "wagtail_analytics_api"
urlpatterns = [
    *cache_openapi_view(api.urls[0]),
    # Anything else below the API's mount point (a word where an id belongs, a missing
    # slash) is a JSON 404 too, rather than a page of the site or a CSRF failure page.
    re_path(r"", api_not_found, name="not_found"),
]
