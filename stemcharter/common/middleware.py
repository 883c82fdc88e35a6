"""Middleware shared by every part of the site."""

import re
from collections.abc import Callable

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

# The parts of the site that are about one person or only for logged-in people: the portal,
# the back office, allauth's account pages (login, MFA, password, ...) and the Django admin,
# with or without a language prefix.
PRIVATE_PATH = re.compile(
    r"^/(?:(?:{languages})/)?(?:portal|beheer|account|admin)/".format(
        languages="|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    )
)

# What a public response's content may depend on besides its URL, for a shared cache: the
# cookies (a logged-in person gets another page, never stored). The lists that answer htmx
# add HX-Request and HX-Target themselves (common.filters.HtmxResultsMixin).
PUBLIC_VARY = ("Cookie",)

# Directives by which a view already said its response is not for a shared cache.
NOT_PUBLIC_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})


def is_private_response(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether ``response`` may hold one person's data, so must not be stored.

    True for every path under the private prefixes (``PRIVATE_PATH``), whoever asks: their
    anonymous pages are login forms and redirects to them. True as well for any request of a
    logged-in person, on whatever URL: public pages then show the person's name and menu in
    the header (and forms carry their CSRF token), which must not come back from the browser's
    history after logging out, nor from a shared cache for someone else. True for a response
    that sets a cookie (a CSRF token, a session saved or emptied because a message of the
    session was shown): it is for this visitor alone. Public pages for anonymous visitors
    stay cacheable. A request without a session cookie is anonymous without loading the
    session.
    """
    if PRIVATE_PATH.match(request.path_info) or response.cookies:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_public_response(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether any cache, shared ones included, may keep ``response`` for a short while.

    A successful GET or HEAD (status 200) that is not private (``is_private_response``) and
    whose view did not say otherwise (``private``, ``no-store`` or ``no-cache``, as
    ``never_cache`` does on the signing journey). Other methods and statuses never are.
    """
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if is_private_response(request, response):
        return False
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return not directives & NOT_PUBLIC_DIRECTIVES


def language_from_path_only(request: HttpRequest) -> bool:
    """Whether the language of every response comes from its path alone.

    So with ``i18n_patterns(..., prefix_default_language=False)``: a path with ``/en/`` is
    English, any other is in ``LANGUAGE_CODE``, whatever the ``Accept-Language`` header or a
    language cookie say (``LocaleMiddleware.process_request``). Were the default language
    prefixed too, an unprefixed path would redirect by ``Accept-Language``.
    """
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return is_language_prefix_patterns_used(urlconf) == (True, False)


def remove_vary_header(response: HttpResponse, header: str) -> None:
    """Take ``header`` out of the response's ``Vary`` (and ``Vary`` away when it is empty)."""
    if not response.has_header("Vary"):
        return
    kept = [
        value
        for value in cc_delim_re.split(response["Vary"])
        if value and value.lower() != header.lower()
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


class CacheControlMiddleware:
    """Who may keep a response, and for how long: one rule for the whole site, not per view.

    Private (``is_private_response``: the portal, the back office, the account pages and the
    admin; any page for a logged-in person; a response that sets a cookie):
    ``Cache-Control: private, no-store``. Without it a browser shows a private page again from
    its cache (the Back button after logging out) without asking the server, and a proxy
    could keep it. Directives a view set itself (``never_cache``) are kept, ``public`` is
    dropped.

    Public (``is_public_response``: a successful GET or HEAD for an anonymous visitor that
    sets no cookie; the home page, the charter, the lists and pages of actions, stories and
    signatories, the feeds, the sitemaps and robots.txt, in both languages):
    ``Cache-Control: public, max-age=PUBLIC_PAGES_MAX_AGE`` (60 seconds by default), so a
    browser or a shared cache in front of the app may answer for a minute, and a change is
    everywhere within a minute after it is published. A view's own shorter max-age stays
    (Django takes the smaller of the two); a longer one is cut to the setting, so the
    sitemaps, which ``cache_page`` keeps an hour on the server, are not kept another hour
    downstream. Why each case is what it is:

    - Validator: ``ConditionalGetMiddleware`` (just outside this one, so it sees these
      headers) gives every response that may be stored an ``ETag`` from its content and
      answers ``If-None-Match`` with ``304 Not Modified`` and no body. The view still runs
      (the content is what the ETag is made from), but an unchanged page is not sent again.
      ``Last-Modified`` only where a view knows it cheaply and truly: the feeds (their newest
      item) and the sitemap sections; a page's own ``updated_at`` would miss what else it
      shows (an organisation's name, the related items). A streaming response gets no ETag.
    - Cookies: public pages set none. They show no form that posts for an anonymous
      visitor (the filters, the "near you" search and htmx's requests are GET; the language
      switch is a link), so they need no CSRF token: the only ``{% csrf_token %}`` of the base
      template is the logout form, for logged-in people. The pages that do post (the signing
      journey, allauth's pages) are ``never_cache`` or under a private prefix and stay
      private. A page that shows a message of the session empties the session, so sets the
      cookie: private, as above.
    - ``Vary: Cookie`` on every public response: a logged-in person's request for the same
      URL must not get the anonymous page from a shared cache (their own response is private,
      never stored). ``HX-Request`` and ``HX-Target``: the lists answer htmx with only their
      results (``HtmxResultsMixin``); a history restore sends no ``HX-Target``, so gets the
      whole page. ``Accept-Language`` is taken out of every response when the language comes
      from the path alone (``language_from_path_only``): ``LocaleMiddleware`` adds it to every
      page without ``/en/``, which would split a shared cache's entries per browser language
      for nothing; but not from a response whose view chose its language by that header
      (``response.language_from_header = True``: the API, whose one address serves both).
    - Errors for anonymous visitors (the 404 page, a 410, a 500): ``no-cache``, so nothing
      keeps them (a shared cache's default lifetime for a 404 would hide an action published
      a moment later). Redirects and other statuses keep Django's headers.
    - A POST (or any method but GET and HEAD) never gets a public header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if language_from_path_only(request) and not getattr(
            response, "language_from_header", False
        ):
            remove_vary_header(response, "Accept-Language")
        if is_private_response(request, response):
            patch_cache_control(response, private=True, no_store=True)
        elif is_public_response(request, response):
            max_age = settings.PUBLIC_PAGES_MAX_AGE
            patch_cache_control(response, public=True, max_age=max_age)
            if max_age == 0:
                patch_cache_control(response, no_cache=True)
            patch_vary_headers(response, PUBLIC_VARY)
            # max-age says how long; cache_page's Expires (an hour) would only contradict it.
            del response["Expires"]
        elif request.method in ("GET", "HEAD") and response.status_code >= 400:
            patch_cache_control(response, no_cache=True)
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


class MethodNotAllowedPageMiddleware:
    """A page that says what happened for a 405 Method Not Allowed without a body: an address
    of a button (a form sent with POST, such as "withdraw the offer") opened in the browser, or
    a form sent to a page that only shows. Django's ``View.http_method_not_allowed`` answers with
    an empty body, which a browser shows as a blank page. The status and the ``Allow`` header
    stay. Innermost in ``MIDDLEWARE``, so the page is in the request's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method == "HEAD":
            return response
        page = render(request, "405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page
