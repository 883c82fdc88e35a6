"""The API's rate limit: ``API_RATE`` requests per client address, counted in the default
cache (Redis in production, shared by every app process, so they count together). The client
address is allauth's (``ALLAUTH_TRUSTED_PROXY_COUNT``, ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``),
as for every other rate limit of the site (common/ratelimits.py). Beyond the limit: 429 with
``Retry-After`` (Django REST framework's ``Throttled``)."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
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
