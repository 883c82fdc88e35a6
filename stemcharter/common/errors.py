"""Django's error handlers for the whole site (``handler400``, ``handler404``, ``handler500``,
which config/urls.py names): the site's pages, except under a path prefix whose app answers
its errors in a form of its own (the API's JSON under ``/api/``). Such an app registers its
handlers for its prefix (``register_error_handlers``, in its ``AppConfig.ready``): this floor
knows no app above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.views import defaults


@dataclass(frozen=True)
class ErrorHandlers:
    """An app's answers to the errors Django hands over, for the paths under its prefix; one
    left as None is the site's page. ``bad_request`` and ``page_not_found`` take the request
    and the exception, ``server_error`` the request."""

    bad_request: Callable[[HttpRequest, Exception | None], HttpResponse] | None = None
    page_not_found: Callable[[HttpRequest, Exception | None], HttpResponse] | None = None
    server_error: Callable[[HttpRequest], HttpResponse] | None = None


_registry: dict[str, ErrorHandlers] = {}


def register_error_handlers(prefix: str, handlers: ErrorHandlers) -> None:
    """Answer the errors of every path starting with ``prefix`` (``"/api/"``) with
    ``handlers``; registering a prefix again replaces its handlers."""
    _registry[prefix] = handlers


def unregister_error_handlers(prefix: str) -> None:
    """Forget the handlers of ``prefix`` (tests)."""
    _registry.pop(prefix, None)


def handlers_for(request: HttpRequest) -> ErrorHandlers:
    """The handlers of the longest registered prefix of the request's path, or none (the
    site's pages)."""
    path = request.path_info
    matching = [prefix for prefix in _registry if path.startswith(prefix)]
    if not matching:
        return ErrorHandlers()
    return _registry[max(matching, key=len)]


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a request it cannot take, such as a host it does not serve)."""
    handler = handlers_for(request).bad_request
    if handler is not None:
        return handler(request, exception)
    return defaults.bad_request(request, exception)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 404."""
    handler = handlers_for(request).page_not_found
    if handler is not None:
        return handler(request, exception)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Django's 500."""
    handler = handlers_for(request).server_error
    if handler is not None:
        return handler(request)
    return defaults.server_error(request)
