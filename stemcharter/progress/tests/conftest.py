"""Shared setup of the progress report tests: a fixed "today" inside (or outside) the
reporting period, a signatory in a subregion with a member, its contact point and a
coordinator."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport, YearlyReporting
from stemcharter.progress.selectors import report_overview
from stemcharter.progress.services import progress_report_start, progress_report_update
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import review_submit

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


# --- builders shared by the tests (one place each) ---


def report(organisation, *, status: str = ReviewStatus.DRAFT, by=None) -> ProgressReport:
    """The organisation's report on 2026, started by ``by`` (a new member when None), in
    ``status``; in any status but a draft it was sent for review (``submitted_at`` set)."""
    by = by or MembershipFactory(organisation=organisation).user
    item = progress_report_start(organisation=organisation, by=by, today=IN_WINDOW)
    sent = status != ReviewStatus.DRAFT
    ProgressReport.objects.filter(pk=item.pk).update(
        status=status, submitted_at=item.created_at if sent else None
    )
    item.refresh_from_db()
    return item


def written_and_sent(item: ProgressReport, by) -> ProgressReport:
    """``item`` with both texts written, sent for review by ``by`` (the real services)."""
    progress_report_update(
        report=item, by=by, data={"looking_back": "Veel gedaan.", "intentions": "Meer."}
    )
    review_submit(item=item, by=by)
    item.refresh_from_db()
    return item


def signatories_with_reports(subregion, wanted: dict[str, tuple[str, str | None]]) -> dict:
    """Per key of ``wanted`` a signatory in ``subregion``: (its name, the status of its report
    on 2026, None for no report)."""
    made = {}
    for key, (name, status) in wanted.items():
        made[key] = make_signatory(name=name, slug=slugify(name), subregions=[subregion])
        if status is not None:
            report(made[key], status=status)
    return made


def many_signatories(subregion, size: int) -> None:
    """``size`` signatories in ``subregion``; every second one has sent its report on 2026 and
    has a follow-up row (for the query counts at two sizes)."""
    for number in range(size):
        organisation = make_signatory(
            name=f"Org {number}", slug=f"org-{number}", subregions=[subregion]
        )
        if number % 2:
            report(organisation, status=ReviewStatus.SUBMITTED)
            YearlyReporting.objects.create(organisation=organisation, year=2026)


def overview_statuses(user, *, today, status: str = "") -> dict[str, str]:
    """The back office's overview of 2026 for ``user``: signatory name → report status."""
    rows = report_overview(user=user, year=2026, status=status, today=today)
    return {row.name: row.report_status for row in rows}


def start_url(organisation) -> str:
    return reverse("portal:progress-report-start", kwargs={"organisation_slug": organisation.slug})


def list_url(organisation) -> str:
    return reverse("portal:progress-report-list", kwargs={"organisation_slug": organisation.slug})


def report_url(item: ProgressReport, view: str = "detail", **kwargs) -> str:
    """The report's page in the portal (``view``: detail, step, check, delete, withdraw...)."""
    return reverse(
        f"portal:progress-report-{view}",
        kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk, **kwargs},
    )


@pytest.fixture
def signatories(subregion):
    """One signatory per status, in S, and one in another subregion without a report."""
    names = signatories_with_reports(
        subregion,
        {
            "none": ("A none", None),
            "draft": ("B draft", ReviewStatus.DRAFT),
            "sent": ("C sent", ReviewStatus.SUBMITTED),
            "changes": ("D changes", ReviewStatus.CHANGES_REQUESTED),
            "published": ("E published", ReviewStatus.PUBLISHED),
        },
    )
    names["elsewhere"] = make_signatory(
        name="F elsewhere", slug="f-elsewhere", subregions=[SubregionFactory()]
    )
    OrganisationFactory(name="G not signed", subregions=[subregion])  # not a signatory: not listed
    return names
