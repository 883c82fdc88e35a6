"""Middleware shared by every part of the site."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# The parts of the site that are about one person or only for logged-in people: the portal,
# the back office, allauth's account pages (login, MFA, password, ...) and the Django admin,
# with or without a language prefix.
PRIVATE_PATH = re.compile(
    r"^/(?:(?:{languages})/)?(?:portal|beheer|account|admin)/".format(
        languages="|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    )
)


def is_private_response(request: HttpRequest) -> bool:
    """Whether the response to ``request`` may hold one person's data, so must not be stored.

    True for every path under the private prefixes (``PRIVATE_PATH``), whoever asks: their
    anonymous pages are login forms and redirects to them. True as well for any request of a
    logged-in person, on whatever URL: public pages then show the person's name and menu in
    the header (and forms carry their CSRF token), which must not come back from the browser's
    history after logging out, nor from a shared cache for someone else. Public pages for
    anonymous visitors stay cacheable. A request without a session cookie is anonymous without
    loading the session.
    """
    if PRIVATE_PATH.match(request.path_info):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every response that may hold personal data.

    Without it a browser shows a private page again from its cache (the Back button after
    logging out) without asking the server, and a proxy could keep it. One place for the whole
    site instead of a decorator per view; see ``is_private_response`` for which responses.
    Directives a view set itself (``never_cache``) are kept, ``public`` is dropped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private_response(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


# Browser features no page of ours uses, switched off for us and for anything we embed. Django
# has no setting for this header (nor has django-csp), hence this middleware.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (a view's own header is kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
