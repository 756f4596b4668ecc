"""Comments: discussion settings, published comments, and submitting a comment."""

import json

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view

from ..comments import (
    discussion,
    field_errors,
    live_article,
    published_comments,
    submit_from_request,
    success_message,
    trusted_user,
)
from ..moderation.pipeline import Verdict
from ..moderation.policy import comment_settings_for
from .caching import http_cache
from .errors import APIError, ErrorOut

router = Router(tags=["comments"])

MAX_BODY_BYTES = 64 * 1024


class RulesOut(Schema):
    html: str
    version: str


class DiscussionOut(Schema):
    """What a client needs to show the comment form."""

    open: bool
    policy: str = Field(description="pre, pre_anonymous or post")
    rules: RulesOut
    max_length: int
    length_unit: str = Field(description="grapheme_clusters: user-perceived characters")
    ticket: str = Field(description="Send it back with the comment.")
    min_seconds: int = Field(description="The ticket is refused if younger than this.")
    honeypot_field: str = Field(description="Send this field empty (people never see it).")


class CommentOut(Schema):
    id: int
    author_name: str
    body: str = Field(description="Plain text; escape it when you display it.")
    created_at: str


class CommentListOut(Schema):
    count: int
    items: list[CommentOut]


class CommentCreatedOut(Schema):
    id: int
    status: str = Field(description="pending or published")
    message: str


class RefusalOut(ErrorOut):
    """An error about the comment itself; details such as ``limit`` and ``length`` may follow."""


def _article_or_404(article_id):
    article = live_article(article_id)
    if article is None:
        raise APIError(404, "not_found", _("There is no published article with this id."))
    return article


@router.get(
    "/articles/{int:article_id}/discussion/",
    response={200: DiscussionOut, 304: None, 404: ErrorOut},
    summary="Comment form settings of an article",
    auth=None,
)
@decorate_view(http_cache("DISCUSSION_API_MAX_AGE"))
def get_discussion(request, article_id: int):
    """Whether comments are open, the rules (HTML and version), the length limit and its
    unit, a fresh timing ticket and the honeypot field's name."""
    return discussion(_article_or_404(article_id), request)


class CommentListParams(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=2**31)


@router.get(
    "/articles/{int:article_id}/comments/",
    response={200: CommentListOut, 304: None, 404: ErrorOut, 422: ErrorOut},
    summary="Published comments of an article",
    auth=None,
)
@decorate_view(http_cache("COMMENTS_API_MAX_AGE"))
def list_comments(request, article_id: int, params: Query[CommentListParams]):
    """Published comments only, in the site's order (oldest first unless configured)."""
    article = _article_or_404(article_id)
    site_settings = comment_settings_for(request)
    comments = published_comments(article, newest_first=site_settings.newest_first)
    window = comments[params.offset : params.offset + params.limit]
    return {
        "count": comments.count(),
        "items": [
            {
                "id": c.pk,
                "author_name": c.author_name,
                "body": c.body,
                "created_at": c.created_at.isoformat(),
            }
            for c in window
        ],
    }


def comment_request_body():
    """The documented body. The honeypot's name is a setting, so it is described, not named:
    the schema is built at import time, when settings must not be read."""
    schema = {
        "type": "object",
        "required": ["body", "ticket"],
        "properties": {
            "author_name": {
                "type": "string",
                "maxLength": 100,
                "description": "Required unless the request is made by a logged-in user",
            },
            "email": {"type": "string", "format": "email"},
            "body": {
                "type": "string",
                "minLength": 1,
                "description": "Plain text, at most max_length characters as readers see them",
            },
            "ticket": {"type": "string", "minLength": 1, "maxLength": 300},
        },
        "additionalProperties": {
            "type": "string",
            "description": "The honeypot field named by the discussion's honeypot_field: "
            "send it empty",
        },
    }
    return {"required": True, "content": {"application/json": {"schema": schema}}}


@router.post(
    "/articles/{int:article_id}/comments/",
    response={
        201: CommentCreatedOut,
        400: RefusalOut,
        403: RefusalOut,
        404: ErrorOut,
        409: RefusalOut,
        413: ErrorOut,
        422: RefusalOut,
        429: RefusalOut,
    },
    openapi_extra={"requestBody": comment_request_body()},
    summary="Submit a comment",
    auth=None,
)
def post_comment(request, article_id: int):
    """Check a comment against the site's rules and store it.

    201 with status ``pending`` (awaiting moderation) or ``published``. Refused comments
    are not stored: 400 ``invalid_ticket``, 403 ``closed``, 409 ``duplicate``,
    422 ``too_long``/``empty``/``rule.*``..., 429 ``rate_limited``.
    """
    article = _article_or_404(article_id)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise APIError(413, "body_too_large", _("The request body is too large."))
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise APIError(400, "malformed_body", _("The body must be a JSON object.")) from None
    if not isinstance(data, dict):
        raise APIError(400, "malformed_body", _("The body must be a JSON object."))
    problem = field_errors(data)
    if problem:
        code, message, details = problem
        raise APIError(422, code, message, **details)
    decision, comment = submit_from_request(
        request, article, data, trusted_user=trusted_user(request)
    )
    if decision.verdict in (Verdict.REFUSE, Verdict.REJECT):
        raise APIError(
            decision.status, decision.code, strip_tags(str(decision.message)), **decision.details
        )
    return Status(
        201,
        {"id": comment.pk, "status": _public_status(comment), "message": success_message(comment)},
    )


def _public_status(comment):
    # Spam is never admitted to: the client sees what an ordinary held comment shows.
    return "published" if comment.status == "published" else "pending"
