"""Where a signatory's report on the open year stands, told the same way wherever the portal
talks about it: the notice on the portal home, the progress reports' list (instead of a "New
progress report" button) and the start page. Each stage has its own words and next step; a
report already sent or published is never offered to be started again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.selectors import report_stage, report_stages
from stemcharter.reviews.models import ReviewStatus

from .conftest import CLOSED, list_url, report, report_url, start_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

START_NOTICE = "Report on 2026: tell what your organisation did this year."

# Per review status of the live report: what the notice says, the link it offers.
STAGES = {
    ReviewStatus.DRAFT: ("has been started but not sent for review yet", "Continue the report"),
    ReviewStatus.SUBMITTED: ("has been sent and is waiting for review", "View the report"),
    ReviewStatus.UNDER_REVIEW: ("has been sent and is waiting for review", "View the report"),
    ReviewStatus.CHANGES_REQUESTED: (
        "A reviewer asked for changes to your report on 2026",
        "Edit the report",
    ),
    ReviewStatus.PUBLISHED: ("is published", "View it on your public page"),
    ReviewStatus.REJECTED: ("change it and send it for review again", "Edit the report"),
    ReviewStatus.WITHDRAWN: ("was taken offline", "Edit the report"),
}


def home(client) -> str:
    return client.get(reverse("portal:home")).text


def report_list(client, organisation) -> str:
    return client.get(list_url(organisation)).text


def start_page(client, organisation) -> str:
    return client.get(start_url(organisation)).text


def test_not_started_offers_to_start(client, today, signatory, member):
    client.force_login(member)
    start = start_url(signatory)
    for page in (home(client), report_list(client, signatory)):
        assert START_NOTICE in page
        assert "Start the report on 2026" in page
        assert f'href="{start}"' in page
    # The list's generic "New" button is replaced by the notice.
    assert "New progress report" not in report_list(client, signatory)
    assert "Start the report on 2026" in start_page(client, signatory)


@pytest.mark.parametrize("status", list(STAGES))
def test_each_stage_is_told_with_its_next_step(client, today, signatory, member, status):
    item = report(signatory, status=status, by=member)
    words, link = STAGES[status]
    target = item.get_absolute_url() if status == ReviewStatus.PUBLISHED else report_url(item)
    client.force_login(member)
    for page in (home(client), report_list(client, signatory), start_page(client, signatory)):
        assert words in page
        assert link in page
        assert f'href="{target}"' in page
        # Never offered to start (or make anew) what exists.
        assert START_NOTICE not in page
        assert "Start the report on 2026" not in page
        assert "New progress report" not in page


def test_outside_the_period_there_is_nothing_to_start(client, today, signatory, member):
    today(CLOSED)
    client.force_login(member)
    for page in (home(client), report_list(client, signatory)):
        assert "Report on" not in page
        assert "Start the report" not in page
        assert "New progress report" not in page


def test_an_organisation_that_has_not_signed_gets_no_notice(client, today):
    from stemcharter.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Nog niet getekend")
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    page = home(client)
    assert "Nog niet getekend" in page
    assert "Report on 2026" not in page


def test_each_organisation_on_the_home_has_its_own_stage(client, today, signatory, member):
    """A member of two signatories sees each one's own stage, each link naming its
    organisation for a screen reader."""
    other = make_signatory(name="Tweede Organisatie", slug="tweede")
    MembershipFactory(organisation=other, user=member)
    report(other, status=ReviewStatus.PUBLISHED, by=member)
    client.force_login(member)
    page = home(client)
    assert page.count(START_NOTICE) == 1
    assert page.count("is published") == 1
    assert 'Start the report on 2026<span class="visually-hidden"> – Robotica Waasland' in page
    assert 'View it on your public page<span class="visually-hidden"> – Tweede Organisatie' in page


@pytest.mark.parametrize("size", [1, 4])
def test_the_stages_are_read_in_one_query(today, member, size):
    organisations = [
        make_signatory(name=f"Org {number}", slug=f"org-{number}") for number in range(size)
    ]
    for organisation in organisations[::2]:
        report(organisation, status=ReviewStatus.SUBMITTED, by=member)
    with CaptureQueriesContext(connection) as queries:
        stages = report_stages(organisations=organisations, year=2026)
        assert [stage.stage for stage in stages.values()] == [
            "waiting" if number % 2 == 0 else "not_started" for number in range(size)
        ]
        assert stages[organisations[0].pk].report.get_absolute_url()  # no query more
    assert len(queries) == 1


def test_a_working_copy_does_not_hide_the_published_report(today, signatory, member):
    """Only the live report counts: a new version being written of a published report does
    not make the organisation's report on the year a draft again."""
    item = report(signatory, status=ReviewStatus.PUBLISHED, by=member)
    ProgressReport.objects.create(
        organisation=signatory,
        year=2026,
        revision_of=item,
        status=ReviewStatus.DRAFT,
        created_by=member,
    )
    stage = report_stage(organisation=signatory, year=2026)
    assert stage.stage == "published"
    assert stage.report == item
