"""Shared setup of the progress report tests: a fixed "today" inside (or outside) the
reporting period, a signatory in a subregion with a member, its contact point and a
coordinator."""

from datetime import date

import pytest
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.services import progress_report_start
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus

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


def report(organisation, *, status: str, sent: bool = False) -> ProgressReport:
    """The organisation's report on 2026 in ``status`` (sent for review at some point when
    ``sent``)."""
    member = MembershipFactory(organisation=organisation).user
    item = progress_report_start(organisation=organisation, by=member, today=IN_WINDOW)
    ProgressReport.objects.filter(pk=item.pk).update(
        status=status, submitted_at=item.created_at if sent else None
    )
    return item


@pytest.fixture
def signatories(subregion):
    """One signatory per status, in S, and one in another subregion without a report."""
    names = {
        "none": make_signatory(name="A none", slug="a-none", subregions=[subregion]),
        "draft": make_signatory(name="B draft", slug="b-draft", subregions=[subregion]),
        "sent": make_signatory(name="C sent", slug="c-sent", subregions=[subregion]),
        "changes": make_signatory(name="D changes", slug="d-changes", subregions=[subregion]),
        "published": make_signatory(name="E published", slug="e-published", subregions=[subregion]),
        "elsewhere": make_signatory(
            name="F elsewhere", slug="f-elsewhere", subregions=[SubregionFactory()]
        ),
    }
    report(names["draft"], status=ReviewStatus.DRAFT)
    report(names["sent"], status=ReviewStatus.SUBMITTED, sent=True)
    report(names["changes"], status=ReviewStatus.CHANGES_REQUESTED, sent=True)
    report(names["published"], status=ReviewStatus.PUBLISHED, sent=True)
    OrganisationFactory(name="G not signed", subregions=[subregion])  # not a signatory: not listed
    return names
