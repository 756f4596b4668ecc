"""HTTP caching of the API's public GET answers: ``Cache-Control``, ``ETag`` and 304.

Every public GET operation is decorated with :func:`http_cache`, and the OpenAPI schema view
is wrapped by :func:`cache_openapi_view`. Both go through :func:`conditional_response`:

- a 200 answer gets a strong ``ETag`` computed from its body and
  ``Cache-Control: public, max-age=N`` (``private`` when the request is authenticated);
- a request whose ``If-None-Match`` matches that ETag (``*``, a list, weak ``W/`` forms
  compared weakly as RFC 9110 says for ``If-None-Match``) gets ``304 Not Modified`` with no
  body and the same ``ETag`` and ``Cache-Control``;
- any other answer (4xx errors) gets ``Cache-Control: no-store`` and never a 304;
- an anonymous answer does not ``Vary: Cookie``: the public endpoints answer every anonymous
  reader the same, so reading the session (to learn the request is anonymous) must not split
  shared caches by cookie. Authenticated answers keep ``Vary: Cookie`` and are private.
"""

import hashlib
from functools import wraps

from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags, patch_cache_control

from ..conf import analytics_settings

#: Headers a 304 repeats from the answer it stands for (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Vary")


def body_etag(content):
    """A strong entity tag of ``content`` (bytes), quoted."""
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


def _opaque(etag):
    return etag[2:] if etag.startswith("W/") else etag


def if_none_match_matches(request, etag):
    """Whether ``If-None-Match`` of ``request`` matches ``etag`` (weak comparison)."""
    header = request.META.get("HTTP_IF_NONE_MATCH")
    if not header:
        return False
    if header.strip() == "*":
        return True
    target = _opaque(etag)
    return any(_opaque(candidate) == target for candidate in parse_etags(header))


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def conditional_response(request, response, max_age):
    """Add caching headers to ``response`` for ``request``; a 304 when the client has it."""
    if request.method not in ("GET", "HEAD"):
        return response
    authenticated = _is_authenticated(request)
    session = getattr(request, "session", None)
    if not authenticated and session is not None:
        # Learning that the request is anonymous read the session; the answer does not
        # depend on it, so SessionMiddleware must not add ``Vary: Cookie``.
        session.accessed = False
    if response.status_code != 200 or getattr(response, "streaming", False):
        response.headers.pop("ETag", None)
        response["Cache-Control"] = "no-store"
        return response
    etag = body_etag(response.content)
    response["ETag"] = etag
    del response["Cache-Control"]
    if authenticated:
        patch_cache_control(response, private=True, max_age=max_age)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    if if_none_match_matches(request, etag):
        not_modified = HttpResponseNotModified()
        for header in NOT_MODIFIED_HEADERS:
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response


def _max_age(setting):
    return setting if isinstance(setting, int) else getattr(analytics_settings, setting)


def http_cache(max_age_setting):
    """View decorator for a ninja GET operation (``@decorate_view(http_cache("NAME"))``).

    ``max_age_setting`` is the name of a ``WAGTAIL_ANALYTICS`` key, read on every request (so
    ``override_settings`` works), or a number of seconds.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            return conditional_response(request, response, _max_age(max_age_setting))

        return wrapped

    return decorator


def cache_openapi_view(urlpatterns, max_age_setting="OPENAPI_MAX_AGE"):
    """Wrap the ``openapi-json`` view among ``urlpatterns`` with :func:`http_cache`."""
    for pattern in urlpatterns:
        if getattr(pattern, "name", None) == "openapi-json":
            pattern.callback = http_cache(max_age_setting)(pattern.callback)
    return urlpatterns
