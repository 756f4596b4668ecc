"""Errors of the JSON API: always a JSON object with a stable ``code`` and a ``message``."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ErrorOut(Schema):
    """Every error answer: ``code`` (stable, for programs) and ``message`` (for people)."""

    code: str
    message: str


class APIError(Exception):
    """Raise in an endpoint to answer ``{"code", "message", **details}`` with ``status``."""

    def __init__(self, status, code, message, **details):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def install_error_handlers(api):
    """Make every error of ``api`` a JSON object with a ``code``."""

    def respond(request, status, code, message, **details):
        return api.create_response(
            request, {"code": code, "message": str(message), **details}, status=status
        )

    @api.exception_handler(APIError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message, **exc.details)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return respond(request, 422, "invalid", _("The request is not valid."), errors=exc.errors)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(request, 401, "unauthorized", _("Authentication is required."))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, "http_error", str(exc))
