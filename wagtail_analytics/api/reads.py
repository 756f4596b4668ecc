"""Read beacon and read counts."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.decorators import decorate_view

from ..read_counter import ReadTokenError, get_counts, record_read
from .caching import http_cache
from .errors import APIError, ErrorOut

router = Router(tags=["reads"])

MAX_BEACON_BYTES = 4096


class ReadCountsOut(Schema):
    """How often an article was read (deduplicated readers) and viewed (accepted beacons)."""

    reads: int
    views: int


BEACON_BODY = {
    "required": True,
    "description": (
        "The read token of the page, as JSON. Sent by navigator.sendBeacon as text/plain "
        "(no CORS preflight) or by fetch as application/json. Set `counts` (or the query "
        "parameter `counts=1`) to get the counts back instead of an empty 204."
    ),
    "content": {
        media: {
            "schema": {
                "type": "object",
                "required": ["token"],
                "properties": {
                    "token": {"type": "string", "minLength": 1, "maxLength": 200},
                    "counts": {"type": "boolean", "default": False},
                },
            }
        }
        for media in ("application/json", "text/plain")
    },
}


def _parse_beacon(request):
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BEACON_BYTES:
        raise APIError(
            413, "body_too_large", _("The request body is too large."), limit=MAX_BEACON_BYTES
        )
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise APIError(
            400, "malformed_body", _('The body must be JSON such as {"token": "..."}.')
        ) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("token"), str):
        raise APIError(400, "token_invalid", _("The read token is missing or malformed."))
    return payload


@router.post(
    "/reads/",
    response={200: ReadCountsOut, 204: None, 400: ErrorOut, 404: ErrorOut, 413: ErrorOut},
    openapi_extra={"requestBody": BEACON_BODY},
    summary="Count a read",
    auth=None,
)
def post_read(request):
    """Count one view of an article, and one read when the reader is new to it.

    Crawlers and editors get the same answer as readers but are not counted. No cookie is
    set and no CSRF token is needed.
    """
    payload = _parse_beacon(request)
    try:
        outcome = record_read(request, payload["token"])
    except ReadTokenError as exc:
        status = 404 if exc.code == "not_live" else 400
        raise APIError(status, exc.code, exc.message) from None
    if payload.get("counts") is True or request.GET.get("counts") == "1":
        counts = get_counts([outcome.article_id])[outcome.article_id]
        return {"reads": counts.reads, "views": counts.views}
    return HttpResponse(status=204)


@router.get(
    "/articles/{int:article_id}/reads/",
    response={200: ReadCountsOut, 304: None, 404: ErrorOut},
    summary="Read counts of an article",
    auth=None,
)
@decorate_view(http_cache("READ_COUNTS_MAX_AGE"))
def get_reads(request, article_id: int):
    """Reads and views of a live article, including counts not yet flushed."""
    from ..comments import live_article

    if live_article(article_id) is None:
        raise APIError(404, "not_found", _("There is no published article with this id."))
    counts = get_counts([article_id])[article_id]
    return {"reads": counts.reads, "views": counts.views}
