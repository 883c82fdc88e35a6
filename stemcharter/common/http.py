"""Facts about the HTTP request that more than one app needs."""

from allauth.account.adapter import get_adapter
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address: the one way for our code to get it.

    Behind the reverse proxy every request comes from the proxy's address (REMOTE_ADDR), so
    the visitor's own address is taken from the proxy's header, but only when that proxy is
    trusted: ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies append to ``X-Forwarded-For`` (the entry
    that many from the end), or ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER`` names a header the proxy
    always sets itself (both from the environment, see config/settings.py). Without trust the
    headers are the client's word and are ignored.

    It delegates to allauth's adapter, so it always agrees with the address allauth's rate
    limits (login, signup, ``allauth.core.ratelimit.consume``) count per. Raises
    ``PermissionDenied`` when no valid address can be found (as allauth does).
    """
    return get_adapter(request).get_client_ip(request)
