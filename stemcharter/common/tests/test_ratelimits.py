"""Our own rate limits (common/ratelimits.py): a refused attempt counts nothing and says when
an attempt is allowed again."""

import pytest
from django.test import RequestFactory

from stemcharter.common.ratelimits import RateLimitExceeded, rate_limit_consume


@pytest.fixture
def limited(settings):
    # The cache starts empty in every test (conftest.py).
    settings.STEMCHARTER_RATE_LIMITS = {**settings.STEMCHARTER_RATE_LIMITS, "test": "2/h/key"}


def test_refused_says_when_the_oldest_counted_attempt_makes_room(limited):
    request = RequestFactory().post("/")
    request.user = type("Anonymous", (), {"is_authenticated": False, "pk": None})()
    first = rate_limit_consume(request, action="test", key="a@example.org")
    rate_limit_consume(request, action="test", key="a@example.org")
    with pytest.raises(RateLimitExceeded) as refused:
        rate_limit_consume(request, action="test", key="a@example.org")
    assert refused.value.rate.per == "key"
    # The older of the two counted attempts leaves the hour first.
    assert refused.value.retry_at == first.usage[0].timestamp + 3600
    # Another address is not limited.
    rate_limit_consume(request, action="test", key="b@example.org")
