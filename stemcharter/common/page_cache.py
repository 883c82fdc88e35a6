"""The app's own cache of whole public pages for anonymous visitors.

A shared story can bring thousands of visitors in minutes (issue 10). Every one of them is
anonymous and asks for the same few pages, which ``CacheControlMiddleware`` already marks
``public`` for a minute. ``AnonymousPageCacheMiddleware`` keeps such a response in the cache
(Redis in production, shared by every app process) and answers the next anonymous request
for the same URL from it, before the session, the user, the view and its template are
touched. The reverse proxy's micro-cache (``deploy/nginx/stemcharter.conf``) does the same
one step further out; this one also works without it, and behind a CDN that ignores ``Vary``.

Fresh within a minute, and at once after a change:

- an entry lives ``PAGE_CACHE_SECONDS`` (default ``PUBLIC_PAGES_MAX_AGE``, 60 s);
- every entry carries the *generation* it was made in; any save or delete of a model that
  appears on public pages (registered with ``register_public_content`` by the app that owns
  it, in its ``AppConfig.ready``) moves the generation on, so no page made before the change
  is served after it. The move happens at once and again after the commit, so a request that
  read the old data while the transaction was open cannot store it under the new generation.
  Bulk updates (``QuerySet.update``) send no signal: what they change shows within
  ``PAGE_CACHE_SECONDS``.

What is never stored or served from here: any request with a session cookie (a logged-in
person, or a visitor whose session holds a form in progress or a message); the private
prefixes (``common.middleware.PRIVATE_PATH``); methods other than GET and HEAD; responses that
``is_public_response`` does not call public (cookies set, ``never_cache``, not 200);
streaming responses; responses that vary on a request header other than those in the key.
The key is the absolute URL (host, scheme, path, query string: the language comes from the
path) and the htmx headers on which the lists answer with only their results.

Without the tracking parameters that shared links gain on their way (``utm_*``, ``fbclid``,
``gclid``, ``mc_cid``, ``mc_eid``: ``TRACKING_PARAMETERS``): a story shared on a social network
comes back with a ``fbclid`` of its own for every visitor, which would make every request a
miss. No page reads them (analytics in the browser read them from the address bar), so a
request this cache may answer loses them before the view runs (``request.GET`` and the query
string, which the language switch repeats): the page stored is the page of the URL without
them, and it answers every such link.

Every random query string makes its own entry, so the cache must evict: Redis with a
``maxmemory`` and ``allkeys-lru`` (docs/deploy.md), the local-memory cache by its
``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re

from .middleware import PRIVATE_PATH, is_public_response

GENERATION_KEY = "page-cache:generation"

# The request headers a stored page may vary on: Cookie (only requests without a session
# cookie come here, and their pages do not depend on other cookies), Accept-Language (the
# language comes from the path; CacheControlMiddleware takes it out of Vary), Accept-Encoding
# (compression happens in the proxy), and the htmx headers, which are part of the key.
KEY_HEADERS = ("HX-Request", "HX-Target")
VARY_ALLOWED = frozenset(
    header.lower() for header in ("Cookie", "Accept-Language", "Accept-Encoding", *KEY_HEADERS)
)

# Added to shared links by newsletters, ads and social networks, read by no page: out of the
# key, and out of the request the view sees (see the module).
TRACKING_PARAMETERS = frozenset(("fbclid", "gclid", "mc_cid", "mc_eid"))
TRACKING_PREFIX = "utm_"

# The models whose rows appear on public pages (register_public_content).
_public_content: set[type[models.Model]] = set()


def register_public_content(*model_classes: type[models.Model]) -> None:
    """Say that rows of ``model_classes`` appear on public pages.

    Called by the app that owns them, from its ``AppConfig.ready``. A save or delete of such a
    row, or a change to one of its many-to-many relations, makes every cached page stale
    (``content_changed``). ``stemcharter/pages/tests/test_page_cache.py`` checks that every
    model of ours is either registered or named there as never shown on a public page.
    """
    _public_content.update(model_classes)


def registered_public_content() -> frozenset[type[models.Model]]:
    """The models registered with ``register_public_content`` so far."""
    return frozenset(_public_content)


def _first_generation() -> int:
    # Random, not 1: after the cache is emptied (a restart of Redis), the generation must not
    # come back to a value that keys made before still carry (fragments in a process's memory).
    return secrets.randbelow(2**52) + 1


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (an empty or restarted cache): any value differs from None.
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
    _forget_request_generation()


# The generation read once per request (``content_generation``): a request's fragments and
# cached queries all use the value the request began with, or the one after its own change.
_request_generation: ContextVar[dict | None] = ContextVar("content_generation", default=None)


def _request_began(**kwargs) -> None:
    _request_generation.set({})


def _request_ended(**kwargs) -> None:
    _request_generation.set(None)


def _forget_request_generation() -> None:
    if _request_generation.get() is not None:
        _request_generation.set({})


request_started.connect(_request_began, dispatch_uid="page-cache-request-started")
request_finished.connect(_request_ended, dispatch_uid="page-cache-request-finished")


def content_generation() -> int:
    """The generation of the public content: it moves on with every change that makes cached
    pages stale (see the module), so a key that includes it is never read after such a change.

    For caches of fragments and query results (``common.fragments``) that must follow public
    content without a signal of their own. Read from the shared cache once per request (and
    again after a change the request makes itself); outside a request, at every call.
    """
    memo = _request_generation.get()
    if memo is not None and "value" in memo:
        return memo["value"]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _first_generation(), timeout=None)
        value = cache.get(GENERATION_KEY)
    if memo is not None:
        memo["value"] = value
    return value


def content_changed() -> None:
    """Make every cached public page stale: now, and again when the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _on_save_or_delete(sender: type[models.Model], **kwargs) -> None:
    if sender in _public_content or sender._meta.concrete_model in _public_content:
        content_changed()


def _on_m2m_changed(sender, instance, action: str, **kwargs) -> None:
    if action.startswith("post_") and type(instance) in _public_content:
        content_changed()


post_save.connect(_on_save_or_delete, dispatch_uid="page-cache-save")
post_delete.connect(_on_save_or_delete, dispatch_uid="page-cache-delete")
m2m_changed.connect(_on_m2m_changed, dispatch_uid="page-cache-m2m")


def page_cache_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Never store this view's responses in the page cache (they may still be public).

    For a view that costs less to build than to store, and for the benchmark's floor
    (``/robots.txt``, docs/performance.md), which must stay the app's own trivial view in
    every run: each request still pays the cache lookup, as the first visit of any page does.
    """

    @wraps(view)
    def wrapped(*args, **kwargs) -> HttpResponse:
        response = view(*args, **kwargs)
        response.page_cache_exempt = True
        return response

    return wrapped


def _page_seconds() -> int:
    # Never longer than a browser may keep the page (a test or a site may lower either).
    return min(settings.PAGE_CACHE_SECONDS, settings.PUBLIC_PAGES_MAX_AGE)


def _page_key(request: HttpRequest) -> str:
    parts = [request.build_absolute_uri()]
    parts += [request.headers.get(header, "") for header in KEY_HEADERS]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page-cache:page:{digest}"


def is_tracking_parameter(name: str) -> bool:
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIX)


def _without_tracking(request: HttpRequest) -> None:
    """Take the tracking parameters out of ``request`` (its ``GET`` and query string)."""
    names = [name for name in request.GET if is_tracking_parameter(name)]
    if not names:
        return
    query = request.GET.copy()
    for name in names:
        del query[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def _may_answer(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not PRIVATE_PATH.match(request.path_info)
        and _page_seconds() > 0
    )


def _may_store(request: HttpRequest, response: HttpResponse) -> bool:
    if getattr(response, "page_cache_exempt", False) or response.streaming:
        return False
    if not is_public_response(request, response):
        return False
    varies = {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value}
    return varies <= VARY_ALLOWED


class AnonymousPageCacheMiddleware:
    """Answer anonymous GET and HEAD requests for public pages from the cache (see the module).

    Sits just inside ``CacheControlMiddleware`` (which adds ``Cache-Control`` and ``Vary`` to
    what comes from here, as to any public page) and ``ConditionalGetMiddleware`` (which gives
    the ETag and answers ``If-None-Match`` with 304), and outside the session, locale, CSRF and
    authentication middleware, which a stored page does not need. Adds ``X-Page-Cache: hit``
    or ``miss`` to the pages it may answer, for the benchmark and for whoever debugs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_answer(request):
            return self.get_response(request)
        _without_tracking(request)
        key = _page_key(request)
        found = cache.get_many([key, GENERATION_KEY])
        generation = found.get(GENERATION_KEY)
        stored = found.get(key)
        if stored is not None and stored["generation"] == generation:
            response = HttpResponse(stored["content"], status=stored["status"])
            for header, value in stored["headers"]:
                response[header] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(request, response):
            cache.set(
                key,
                {
                    "generation": generation,
                    "status": response.status_code,
                    "headers": list(response.headers.items()),
                    "content": response.content,
                },
                timeout=_page_seconds(),
            )
            response["X-Page-Cache"] = "miss"
        return response
