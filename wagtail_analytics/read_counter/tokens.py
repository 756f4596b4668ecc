"""Signed read tokens: which article a beacon is for, and when the page was rendered."""

from django.core import signing

from ..conf import analytics_settings

SALT = "wagtail_analytics.read_token"


class ReadTokenError(Exception):
    """A token that cannot be used; ``code`` is the stable error code of the API."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def make_read_token(page_id):
    """A token for one article, valid for ``READ_TOKEN_MAX_AGE`` seconds."""
    return signing.TimestampSigner(salt=SALT).sign(str(int(page_id)))


def read_token_page_id(token):
    """The article id in a valid token; raises :class:`ReadTokenError` otherwise."""
    from django.utils.translation import gettext as _

    if not isinstance(token, str) or not token or len(token) > 200:
        raise ReadTokenError("token_invalid", _("The read token is missing or malformed."))
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=analytics_settings.READ_TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ReadTokenError(
            "token_expired", _("The read token has expired; reload the page.")
        ) from None
    except signing.BadSignature:
        raise ReadTokenError("token_invalid", _("The read token is not valid.")) from None
    return int(value)
