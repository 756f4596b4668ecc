"""Preview of drafts in a decoupled front end: the latest draft of a page for a preview token.

Wagtail's preview of an article sends the editor to ``HEADLESS_PREVIEW_URL`` with
``?preview_token=...`` (see ``AbstractAnalyticsArticle.serve_preview``); the front end reads
the draft here, shaped as Wagtail's API v2 page detail (``/api/v2/pages/{id}/``). Without a
valid token nothing returns a draft: API v2 and the other endpoints serve live content only.
"""

from typing import Any

from django.http import HttpResponse
from django.urls import NoReverseMatch
from ninja import Field, Query, Router, Schema

from ..preview_tokens import PreviewTokenError, check_preview_token
from .errors import APIError, ErrorOut

router = Router(tags=["preview"])


class PreviewQuery(Schema):
    token: str = Field(
        description="The preview token the admin put in the front end URL as `preview_token`."
    )
    fields: str | None = Field(
        None, description="Fields to return, as the `fields` parameter of Wagtail's API v2."
    )


def _api_router():
    from wagtail.api.v2.router import WagtailAPIRouter
    from wagtail.api.v2.views import PagesAPIViewSet

    class PreviewRouter(WagtailAPIRouter):
        """The host's API v2 namespace; URLs the host did not route are left null."""

        def get_object_detail_urlpath(self, model, pk):
            try:
                return super().get_object_detail_urlpath(model, pk)
            except NoReverseMatch:
                return None

        def get_model_listing_urlpath(self, model):
            try:
                return super().get_model_listing_urlpath(model)
            except NoReverseMatch:
                return None

    api_router = PreviewRouter("wagtailapi_v2")
    api_router.register_endpoint("pages", PagesAPIViewSet)
    return api_router, PagesAPIViewSet


def serialize_draft(request, page):
    """``page``'s latest draft as API v2's page detail serializer shapes it."""
    from rest_framework.request import Request
    from wagtail.api.v2.utils import BadRequestError

    draft = page.get_latest_revision_as_object()
    api_router, viewset_class = _api_router()
    drf_request = Request(request)
    drf_request.wagtailapi_router = api_router
    view = viewset_class(request=drf_request, action="detail_view", args=(), kwargs={})
    view.format_kwarg = None
    view._cached_object = draft
    try:
        serializer = view.get_serializer(draft)
        return serializer.data
    except BadRequestError as exc:
        raise APIError(400, "invalid_fields", str(exc)) from None


@router.get(
    "/preview/",
    response={200: dict[str, Any], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Draft of a page for a preview token",
    auth=None,
)
def get_preview(request, response: HttpResponse, params: Query[PreviewQuery]):
    """The latest revision (draft) of the page a preview token was made for, shaped as
    `/api/v2/pages/{id}/`. The token expires (`PREVIEW_TOKEN_MAX_AGE`) and is refused once its
    editor may no longer edit the page: 400 `preview_token_invalid` or `preview_token_expired`,
    403 `preview_forbidden`, 404 `not_found`. Never cached."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    try:
        page = check_preview_token(params.token)
    except PreviewTokenError as exc:
        raise APIError(exc.status, exc.code, exc.message) from None
    return serialize_draft(request, page)
