"""The back office's overview of the yearly reports (``/beheer/voortgang/``): each
signatory's status, who sees which signatories, the filters in the URL, the coordinator's
"did not report" decision and the public page that then says so; its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport, YearlyReporting
from stemcharter.progress.selectors import report_overview, report_status
from stemcharter.progress.services import progress_report_start, show_as_not_reported
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus

from .conftest import IN_WINDOW, NOT_REPORTED, many_signatories, overview_statuses

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OVERVIEW = "/en/beheer/voortgang/"
NOT_REPORTED_URL = "/en/beheer/voortgang/niet-gerapporteerd/"


def test_the_addresses():
    assert reverse("backoffice:progress-report-overview") == OVERVIEW
    assert reverse("backoffice:progress-report-not-reported") == NOT_REPORTED_URL


def test_each_signatorys_status_in_the_period(signatories, coordinator):
    assert overview_statuses(coordinator, today=IN_WINDOW) == {
        "A none": "none",
        "B draft": "draft",
        "C sent": "waiting",
        "D changes": "changes_requested",
        "E published": "published",
        "F elsewhere": "none",
    }


def test_after_the_grace_period_none_and_drafts_are_not_reported(signatories, coordinator):
    assert overview_statuses(coordinator, today=NOT_REPORTED) == {
        "A none": "not_reported",
        "B draft": "not_reported",
        "C sent": "waiting",
        "D changes": "changes_requested",
        "E published": "published",
        "F elsewhere": "not_reported",
    }
    assert list(overview_statuses(coordinator, today=NOT_REPORTED, status="not_reported")) == [
        "A none",
        "B draft",
        "F elsewhere",
    ]
    assert report_status(organisation=signatories["draft"], year=2026, today=NOT_REPORTED) == (
        "not_reported"
    )


def test_a_contact_point_sees_the_signatories_of_their_subregions(signatories, contact_point):
    assert "F elsewhere" not in overview_statuses(contact_point, today=IN_WINDOW)
    assert len(overview_statuses(contact_point, today=IN_WINDOW)) == 5


def test_the_page_with_filters_in_the_url(client, today, signatories, coordinator):
    today(NOT_REPORTED)
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "2026", "status": "not_reported"})
    assert page.status_code == 200
    assert "3 signatories" in page.text
    assert "B draft" in page.text
    assert "C sent" not in page.text
    assert "Show “did not report on 2026”" in page.text


def test_unknown_filter_values_are_ignored_with_a_notice(client, today, signatories, coordinator):
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "1999", "status": "lost", "page": "x"})
    assert page.status_code == 200
    assert "There are no reports on “1999”, so we show 2026." in page.text
    assert "There is no status “lost”, so we show every signatory." in page.text
    assert "6 signatories" in page.text


def test_a_contact_point_may_not_decide_on_the_public_line(
    client, today, signatories, contact_point
):
    today(NOT_REPORTED)
    client.force_login(contact_point)
    page = client.get(OVERVIEW, {"jaar": "2026"})
    assert "did not report on 2026" not in page.text
    data = {"organisation": signatories["none"].pk, "year": 2026, "show": "1"}
    assert client.get(NOT_REPORTED_URL, data).status_code == 403
    assert client.post(NOT_REPORTED_URL, {**data, "confirmed": "1"}).status_code == 403
    assert not YearlyReporting.objects.exists()


def test_the_coordinator_shows_and_hides_did_not_report(client, today, signatories, coordinator):
    today(NOT_REPORTED)
    organisation = signatories["draft"]
    client.force_login(coordinator)
    data = {"organisation": organisation.pk, "year": 2026, "show": "1", "confirmed": "1"}
    response = client.post(NOT_REPORTED_URL, data, follow=True)
    assert "now says it did not report on 2026" in response.text
    row = YearlyReporting.objects.get(organisation=organisation, year=2026)
    assert row.shown_as_not_reported_by == coordinator
    assert AuditEntry.objects.filter(code="progress.not_reported.shown").count() == 1
    client.post(NOT_REPORTED_URL, data)  # twice: nothing more
    assert AuditEntry.objects.filter(code="progress.not_reported.shown").count() == 1

    client.logout()
    public = client.get(organisation.get_absolute_url())
    assert "This organisation did not report on its progress in 2026." in public.text

    client.force_login(coordinator)
    client.post(NOT_REPORTED_URL, {**data, "show": "0"})
    assert AuditEntry.objects.filter(code="progress.not_reported.hidden").count() == 1
    client.logout()
    assert "did not report" not in client.get(organisation.get_absolute_url()).text


def confirm_link(page_text: str, organisation, show: str) -> str:
    """The overview's link to the confirmation page for ``organisation`` (``show``: "1" show,
    "0" stop)."""
    import re

    pattern = rf'href="({NOT_REPORTED_URL}\?organisation={organisation.pk}&amp;[^"]*show={show})"'
    found = re.search(pattern, page_text)
    assert found, "no link to the confirmation page"
    return found.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("show", ["1", "0"])
def test_the_decision_is_confirmed_first(client, today, signatories, coordinator, show):
    """The overview links to a confirmation page that says what the public will (no longer)
    see; only its button decides, with a success message. A POST without the confirmation
    decides nothing and is sent to that page."""
    today(NOT_REPORTED)
    organisation = signatories["draft"]
    if show == "0":
        show_as_not_reported(
            organisation=organisation, year=2026, by=coordinator, today=NOT_REPORTED
        )
    client.force_login(coordinator)
    overview = client.get(OVERVIEW, {"jaar": "2026", "status": "not_reported"})
    url = confirm_link(overview.text, organisation, show)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "B draft" in confirm.text
    assert 'name="confirmed" value="1"' in confirm.text
    if show == "1":
        assert "Show that B draft did not report on 2026?" in confirm.text
        assert "This organisation did not report on its progress in 2026." in confirm.text
    else:
        assert "Stop showing that B draft did not report on 2026?" in confirm.text
    shown = YearlyReporting.objects.filter(shown_as_not_reported_at__isnull=False)
    assert shown.exists() == (show == "0")  # the page alone changes nothing

    data = {"organisation": organisation.pk, "year": 2026, "show": show}
    unconfirmed = client.post(NOT_REPORTED_URL, data)
    assert unconfirmed.status_code == 302
    assert unconfirmed.url.startswith(NOT_REPORTED_URL + "?")
    assert shown.exists() == (show == "0")

    done = client.post(NOT_REPORTED_URL, {**data, "confirmed": "1"}, follow=True)
    assert done.redirect_chain[-1][0].startswith(OVERVIEW)
    if show == "1":
        assert "The public page of B draft now says it did not report on 2026." in done.text
        assert shown.exists()
    else:
        assert "The public page of B draft no longer says it did not report." in done.text
        assert not shown.exists()


@pytest.mark.parametrize(
    "query",
    [{}, {"organisation": "x", "year": "2026", "show": "1"}, {"organisation": "1", "show": "2"}],
)
def test_a_confirmation_page_for_bad_input_goes_back_with_a_message(
    client, today, coordinator, query
):
    client.force_login(coordinator)
    response = client.get(NOT_REPORTED_URL, query, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "Choose a signatory and a year from the list." in response.text


def test_no_confirmation_page_for_an_organisation_that_is_not_a_signatory(
    client, today, coordinator
):
    client.force_login(coordinator)
    other = OrganisationFactory()
    query = {"organisation": other.pk, "year": 2026, "show": "1"}
    response = client.get(NOT_REPORTED_URL, query, follow=True)
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "Choose a signatory and a year from the list." in response.text


def test_the_line_goes_once_the_signatory_sends_its_report(client, today, signatories, coordinator):
    organisation = signatories["draft"]
    show_as_not_reported(organisation=organisation, year=2026, by=coordinator, today=NOT_REPORTED)
    assert "did not report" in client.get(organisation.get_absolute_url()).text
    ProgressReport.objects.filter(organisation=organisation).update(
        status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
    )
    YearlyReporting.objects.get().save()  # what any change of the public content does
    assert "did not report" not in client.get(organisation.get_absolute_url()).text


@pytest.mark.parametrize(
    ("key", "day", "show", "message"),
    [
        ("published", NOT_REPORTED, "1", "has sent its report on 2026"),
        ("none", IN_WINDOW, "1", "are still accepted"),
    ],
)
def test_refused_decisions(client, today, signatories, coordinator, key, day, show, message):
    today(day)
    client.force_login(coordinator)
    data = {"organisation": signatories[key].pk, "year": 2026, "show": show, "confirmed": "1"}
    response = client.post(NOT_REPORTED_URL, data, follow=True)
    assert message in response.text
    assert not YearlyReporting.objects.filter(shown_as_not_reported_at__isnull=False).exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"organisation": "x", "year": "2026", "show": "1"},
        {"organisation": "1", "year": "20", "show": "1"},
    ],
)
def test_bad_posts_are_told(client, today, coordinator, data):
    client.force_login(coordinator)
    response = client.post(NOT_REPORTED_URL, data, follow=True)
    assert response.status_code == 200
    assert "Choose a signatory and a year from the list." in response.text


def test_an_organisation_that_is_not_a_signatory_is_not_found(client, today, coordinator):
    client.force_login(coordinator)
    other = OrganisationFactory()
    data = {"organisation": other.pk, "year": 2026, "show": "1", "confirmed": "1"}
    response = client.post(NOT_REPORTED_URL, data, follow=True)
    assert response.redirect_chain[-1][0] == OVERVIEW
    assert "Choose a signatory and a year from the list." in response.text
    assert not YearlyReporting.objects.exists()


@pytest.mark.parametrize("size", [1, 6])
def test_the_overview_query_count_does_not_grow(client, today, coordinator, subregion, size):
    many_signatories(subregion, size)
    client.force_login(coordinator)
    client.get(OVERVIEW)  # the session and permissions warmed up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(OVERVIEW, {"jaar": "2026"})
    assert response.status_code == 200
    assert len(queries) == EXPECTED_OVERVIEW_QUERIES


# The session and user, the permission check, the count, the page of rows and the
# (cached) content generation: the same at every size.
EXPECTED_OVERVIEW_QUERIES = 5


def test_a_signatory_that_signed_after_the_year_is_not_asked_about_it(subregion, member):
    """Only a signatory that signed by the end of a year reports on it: one that signed in
    2027 is left out of the overview of 2026, never "not reported" on it (so nobody can show
    it as such), not reminded, and cannot start a report on it."""
    from datetime import date, datetime

    from django.core.exceptions import ValidationError

    from stemcharter.progress.services import signatories_to_remind

    brussels = timezone.get_default_timezone()
    late = make_signatory(
        name="Laat", subregions=[subregion], decided_at=datetime(2027, 1, 1, 0, 30, tzinfo=brussels)
    )
    in_time = make_signatory(
        name="Op tijd",
        subregions=[subregion],
        decided_at=datetime(2026, 12, 31, 23, 30, tzinfo=brussels),
    )
    coordinator = CoordinatorFactory()
    assert report_status(organisation=late, year=2026, today=NOT_REPORTED) == "none"
    assert report_status(organisation=in_time, year=2026, today=NOT_REPORTED) == "not_reported"
    names = {row.name for row in report_overview(user=coordinator, year=2026, today=NOT_REPORTED)}
    assert "Op tijd" in names
    assert "Laat" not in names
    assert late.pk not in signatories_to_remind(year=2026, which="first")
    assert in_time.pk in signatories_to_remind(year=2026, which="first")
    with pytest.raises(ValidationError) as refused:
        show_as_not_reported(organisation=late, year=2026, by=coordinator, today=NOT_REPORTED)
    assert refused.value.code != "too_early"
    late_member = MembershipFactory(organisation=late).user
    with pytest.raises(ValidationError) as refused:
        progress_report_start(organisation=late, by=late_member, today=date(2027, 1, 15))
    assert refused.value.code == "signed_later"


def test_an_empty_overview_says_why_and_how_to_widen_it(client, today, signatories, coordinator):
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "2026", "status": "rejected"}).text
    assert "0 signatories" in page
    assert "No signatory has this status for 2026." in page
    assert 'href="?jaar=2026">Show every signatory</a>' in page

    # The contact point of a subregion without signatories: nobody to list at all.
    contact_point = UserFactory()
    SubregionFactory().contact_points.add(contact_point)
    client.force_login(contact_point)
    page = client.get(OVERVIEW, {"jaar": "2026"})
    assert page.status_code == 200
    assert "No signatory you oversee had signed the charter by the end of 2026" in page.text
    assert "Show every signatory" not in page.text


@pytest.mark.parametrize("who", ["coordinator", "contact_point"])
def test_the_back_office_menu_links_to_the_overview(client, request, who):
    """Whoever may open the overview (coordinators and contact points) finds it in the back
    office's menu, on its home page (the workspace) as on every back-office page."""
    client.force_login(request.getfixturevalue(who))
    for url in ("/en/beheer/", OVERVIEW):
        page = client.get(url)
        assert page.status_code == 200
        assert f'<a href="{OVERVIEW}">Progress reports</a>' in page.text
