"""The API's rate limit: ``API_RATE`` requests per client address, counted in the default
cache (Redis in production, shared by every app process, so they count together). The client
address is allauth's (``ALLAUTH_TRUSTED_PROXY_COUNT``, ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``),
as for every other rate limit of the site (common/ratelimits.py). Beyond the limit: 429 with
``Retry-After`` (Django REST framework's ``Throttled``)."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, ngettext
from rest_framework.throttling import SimpleRateThrottle


class ApiRateThrottle(SimpleRateThrottle):
    """Every request of one client address counts, whatever the endpoint."""

    scope = "api"
    cache = cache
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self) -> str | None:
        return settings.API_RATE or None  # read per request: a test may change it

    def get_ident(self, request) -> str:
        # A request without any address (a test client's WSGI environment) shares one count.
        try:
            return get_adapter().get_client_ip(request._request)
        except PermissionDenied:
            return "unknown"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def rate_limit_text(rate: str | None = None) -> str:
    """``API_RATE`` ("120/minute") as a sentence for people, in the current language: "At most
    120 requests per minute per address; …" (or that there is no limit, for an empty rate)."""
    rate = settings.API_RATE if rate is None else rate
    if not rate:
        return gettext("There is no limit to the number of requests.")
    count, period = SimpleRateThrottle.parse_rate(None, rate)
    unit = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}[period]
    texts = {
        "second": ngettext(
            "At most %(count)d request per second per address; beyond that, status 429 and a "
            "Retry-After header.",
            "At most %(count)d requests per second per address; beyond that, status 429 and a "
            "Retry-After header.",
            count,
        ),
        "minute": ngettext(
            "At most %(count)d request per minute per address; beyond that, status 429 and a "
            "Retry-After header.",
            "At most %(count)d requests per minute per address; beyond that, status 429 and a "
            "Retry-After header.",
            count,
        ),
        "hour": ngettext(
            "At most %(count)d request per hour per address; beyond that, status 429 and a "
            "Retry-After header.",
            "At most %(count)d requests per hour per address; beyond that, status 429 and a "
            "Retry-After header.",
            count,
        ),
        "day": ngettext(
            "At most %(count)d request per day per address; beyond that, status 429 and a "
            "Retry-After header.",
            "At most %(count)d requests per day per address; beyond that, status 429 and a "
            "Retry-After header.",
            count,
        ),
    }
    return texts[unit] % {"count": count}
