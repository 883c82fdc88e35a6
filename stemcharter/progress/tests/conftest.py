"""Shared setup of the progress report tests: a fixed "today" inside (or outside) the
reporting period, a signatory in a subregion with a member, its contact point and a
coordinator."""

from datetime import date

import pytest
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory

# With the default settings (12-01 to 02-28, 28 days of grace) the reports on 2026 can be
# started from 1 December 2026 until 28 March 2027; not reported from 29 March 2027.
IN_WINDOW = date(2026, 12, 10)
LATE = date(2027, 3, 10)
NOT_REPORTED = date(2027, 4, 2)
CLOSED = date(2027, 6, 1)


@pytest.fixture
def today(monkeypatch):
    """Set "today" (``timezone.localdate``) for the test: ``today(date(2026, 12, 10))``."""

    def set_today(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    set_today(IN_WINDOW)
    return set_today


@pytest.fixture
def subregion():
    return SubregionFactory()


@pytest.fixture
def signatory(subregion):
    return make_signatory(
        name="Robotica Waasland", slug="robotica-waasland", subregions=[subregion]
    )


@pytest.fixture
def member(signatory):
    return MembershipFactory(organisation=signatory).user


@pytest.fixture
def contact_point(subregion):
    user = UserFactory()
    subregion.contact_points.add(user)
    return user


@pytest.fixture
def coordinator():
    return CoordinatorFactory()
