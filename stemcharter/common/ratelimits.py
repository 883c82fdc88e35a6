"""Rate limits of our own forms (signing, invitations), counted by allauth's machinery.

They share allauth's client-IP logic (``ALLAUTH_TRUSTED_PROXY_COUNT``,
``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``: its adapter's ``get_client_ip``), its notation
("5/h/ip,3/d/key") and its cache. The limits are ``settings.STEMCHARTER_RATE_LIMITS``.

allauth's public ``allauth.core.ratelimit.consume`` reads only allauth's own
``ACCOUNT_RATE_LIMITS``; its implementation (``allauth.core.internal.ratelimit``) takes the
limits as ``config`` and returns a usage that can be rolled back: that is what we call.
"""

import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# Part of the cache keys, apart from allauth's own ("allauth.account").
APP = "stemcharter"

Rate = allauth_ratelimit.Rate
RateLimitUsage = allauth_ratelimit.RateLimitUsage


class RateLimitExceeded(Exception):
    """An attempt would exceed ``rate`` (``rate.per`` is "ip" or "key": say which to the user).
    ``retry_at``: when an attempt is allowed again (a Unix time), None when unknown."""

    def __init__(self, rate: Rate, *, retry_at: float | None = None):
        super().__init__(str(rate))
        self.rate = rate
        self.retry_at = retry_at


def _rates(action: str) -> list[Rate]:
    return allauth_ratelimit.get_rates(
        app=APP, action=action, config=settings.STEMCHARTER_RATE_LIMITS
    )


def rate_limit_consume(
    request: HttpRequest, *, action: str, key: str | None = None
) -> RateLimitUsage:
    """Count one attempt of ``action`` (a key of settings.STEMCHARTER_RATE_LIMITS).

    ``key`` is what its "per key" limits count per (an email address, an organisation's pk);
    its "per ip" limits count per client address (allauth's). Returns the usage: call its
    ``rollback()`` when the attempt did not happen after all (e.g. the form was refused).
    Raises RateLimitExceeded, counting nothing, when one of the limits is reached (allauth's
    own ``consume`` would still count the limits before that one).
    """
    now = time.time()
    for rate in _rates(action):
        cache_key = allauth_ratelimit.get_cache_key(
            request, app=APP, action=action, rate=rate, key=key
        )
        history = list(cache.get(cache_key, []))
        allowed, recent = allauth_ratelimit.apply_rate(history, now, rate, dry_run=True)
        if not allowed:
            # Newest first: the attempt that makes room again is the amount-th newest.
            times = sorted((t for t in recent if isinstance(t, int | float)), reverse=True)
            retry_at = times[rate.amount - 1] + rate.duration if len(times) >= rate.amount else None
            raise RateLimitExceeded(rate, retry_at=retry_at)
    usage = allauth_ratelimit.consume(
        request,
        app=APP,
        action=action,
        config=settings.STEMCHARTER_RATE_LIMITS,
        key=key,
        limit_get=True,
    )
    if usage is None:  # another request took the last attempt just now
        raise RateLimitExceeded(_rates(action)[0])
    return usage
