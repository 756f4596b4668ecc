"""Signed, expiring preview tokens: an editor's permission to see a page's latest draft.

A token names a page and the editor it was made for, and is valid for
``PREVIEW_TOKEN_MAX_AGE`` seconds. It is checked again when used: the editor must still be
active and allowed to edit the page, so revoking the permission revokes the token.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.translation import gettext as _

from .conf import analytics_settings

SALT = "wagtail_analytics.preview_token"
MAX_TOKEN_LENGTH = 300


class PreviewTokenError(Exception):
    """A token that cannot be used: ``status`` and ``code`` of the API's error answer."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def make_preview_token(page, user):
    """A token that lets whoever holds it read ``page``'s latest draft as ``user`` may."""
    return signing.dumps({"page": page.pk, "user": user.pk}, salt=SALT, compress=True)


def check_preview_token(token):
    """The page (specific) of a valid token; raises :class:`PreviewTokenError` otherwise."""
    from wagtail.models import Page

    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise PreviewTokenError(
            400, "preview_token_invalid", _("The preview token is missing or malformed.")
        )
    try:
        payload = signing.loads(token, salt=SALT, max_age=analytics_settings.PREVIEW_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewTokenError(
            400,
            "preview_token_expired",
            _("The preview token has expired; open the preview again from the admin."),
        ) from None
    except signing.BadSignature:
        raise PreviewTokenError(
            400, "preview_token_invalid", _("The preview token is not valid.")
        ) from None
    page_id, user_id = payload.get("page"), payload.get("user")
    if not isinstance(page_id, int) or not isinstance(user_id, int):
        raise PreviewTokenError(400, "preview_token_invalid", _("The preview token is not valid."))
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise PreviewTokenError(404, "not_found", _("The page of this preview no longer exists."))
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not page.permissions_for_user(user).can_edit():
        raise PreviewTokenError(
            403, "preview_forbidden", _("The editor of this preview may no longer edit the page.")
        )
    return page.specific


def headless_preview_url(page, user, base_url=None):
    """``HEADLESS_PREVIEW_URL`` (or ``base_url``) with ``preview_token`` and ``id`` added."""
    base_url = base_url or analytics_settings.HEADLESS_PREVIEW_URL
    scheme, netloc, path, query, fragment = urlsplit(base_url)
    extra = urlencode({"id": page.pk, "preview_token": make_preview_token(page, user)})
    query = f"{query}&{extra}" if query else extra
    return urlunsplit((scheme, netloc, path, query, fragment))
