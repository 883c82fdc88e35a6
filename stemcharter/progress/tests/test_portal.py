"""A signatory's member starts the progress report, writes it in two steps beside the
platform's records and sends it; the coordinator reviews it in the back office like any item;
the published report is on the signatory's public page. And the bad input: another
organisation's report, outside the period, twice, texts too long."""

import datetime

import pytest
from django.urls import reverse

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.reviews.models import CriteriaSet, ReviewStatus

from .conftest import CLOSED, LATE, report, report_url, start_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_whole_journey(client, today, signatory, member, coordinator):
    PublishedActionFactory(
        organisation=signatory, title="Robotkamp", start_date=datetime.date(2026, 12, 20)
    )
    client.force_login(member)

    page = client.get(start_url(signatory))
    assert page.status_code == 200
    assert "Progress report on 2026" in page.text
    assert "Robotkamp" in page.text  # the platform's records, before starting

    response = client.post(start_url(signatory))
    report = ProgressReport.objects.get()
    assert (report.organisation, report.year, report.status) == (signatory, 2026, "draft")
    assert list(report.subregions.all()) == list(signatory.subregions.all())
    assert [action["title"] for action in report.record["actions"]] == ["Robotkamp"]
    assert response.url == report_url(report, "step", step="terugblik")
    assert AuditEntry.objects.filter(code="progress.report.created").count() == 1

    step = client.get(response.url)
    assert "What the platform recorded in 2026" in step.text
    assert "Robotkamp" in step.text
    response = client.post(response.url, {"looking_back": "Een goed jaar met **veel** kampen."})
    assert response.url == report_url(report, "step", step="voornemens")
    response = client.post(response.url, {"intentions": "Twee kampen meer."})
    assert response.url == report_url(report, "check")

    # An action published after starting is in the records once the report is sent.
    PublishedActionFactory(
        organisation=signatory, title="Opendag", start_date=datetime.date(2026, 12, 28)
    )
    response = client.post(report_url(report, "check"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReviewStatus.SUBMITTED
    assert [a["title"] for a in report.record["actions"]] == ["Robotkamp", "Opendag"]

    # The coordinator reviews it with the criteria set made for progress reports.
    client.force_login(coordinator)
    review_page = client.get(reverse("backoffice:review-queue"))
    assert "Progress report 2026" in review_page.text
    detail = reverse(
        "backoffice:review-detail", kwargs={"type_key": "progress-report", "pk": report.pk}
    )
    page = client.get(detail)
    assert page.status_code == 200
    assert "Een goed jaar" in page.text
    assert "Opendag" in page.text
    client.post(
        reverse("backoffice:review-start", kwargs={"type_key": "progress-report", "pk": report.pk})
    )
    criteria_set = CriteriaSet.objects.current().get(key="voortgangsrapport")
    assert criteria_set.fit(kind="progress-report", action_type_id=None) == 1
    data = {"criteria_set": criteria_set.pk, "decision": "publish", "comment": ""}
    data.update({f"result_{c.pk}": "met" for c in criteria_set.criteria.all()})
    response = client.post(
        reverse(
            "backoffice:review-decide", kwargs={"type_key": "progress-report", "pk": report.pk}
        ),
        data,
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReviewStatus.PUBLISHED

    client.logout()
    public = client.get(signatory.get_absolute_url())
    assert "Progress report 2026" in public.text
    assert "<strong>veel</strong>" in public.text
    assert "Twee kampen meer." in public.text


def test_starting_twice_gives_the_one_report(client, today, signatory, member):
    client.force_login(member)
    client.post(start_url(signatory))
    colleague = MembershipFactory(organisation=signatory).user
    client.force_login(colleague)
    response = client.post(start_url(signatory), follow=True)
    report = ProgressReport.objects.get()
    assert response.redirect_chain[-1][0] == report_url(report, "detail")
    assert "already started its report on 2026" in response.text
    page = client.get(start_url(signatory))
    assert "has been started but not sent for review yet" in page.text
    assert "Continue the report" in page.text
    # The item portal's own "new" route does not make a second one either (below).
    assert ProgressReport.objects.count() == 1


def create_url(organisation) -> str:
    return reverse("portal:progress-report-create", kwargs={"organisation_slug": organisation.slug})


@pytest.mark.parametrize(
    "status", [ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.PUBLISHED]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_new_route_leads_to_the_report_already_there_untouched(
    client, today, signatory, member, status, method
):
    existing = report(signatory, status=status)
    ProgressReport.objects.filter(pk=existing.pk).update(looking_back="Ons eigen verhaal.")
    client.force_login(member)
    response = getattr(client, method)(create_url(signatory), {"looking_back": "Overschreven."})
    assert response.status_code == 302
    assert response.url == report_url(existing, "detail")
    page = client.get(response.url)
    assert "already has its report on 2026, so there is no new one to start" in page.text
    assert ProgressReport.objects.count() == 1
    assert ProgressReport.objects.get().looking_back == "Ons eigen verhaal."
    assert ProgressReport.objects.get().status == status


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_report_the_new_route_leads_to_the_start_page(
    client, today, signatory, member, method
):
    client.force_login(member)
    response = getattr(client, method)(create_url(signatory), {"looking_back": "Iets."})
    assert (response.status_code, response.url) == (302, start_url(signatory))
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("day", [CLOSED, datetime.date(2026, 11, 30)])
def test_outside_the_period_nothing_can_be_started(client, today, signatory, member, day):
    today(day)
    client.force_login(member)
    page = client.get(start_url(signatory))
    assert page.status_code == 200
    assert "The reporting period is closed" in page.text
    assert "Start the report" not in page.text
    response = client.post(start_url(signatory), follow=True)
    assert "the reporting period is closed" in response.text
    assert not ProgressReport.objects.exists()


def test_late_within_the_grace_period_it_can_still_be_started(client, today, signatory, member):
    today(LATE)
    client.force_login(member)
    page = client.get(start_url(signatory))
    assert "still accepted until 28 March 2027" in page.text
    client.post(start_url(signatory))
    assert ProgressReport.objects.get().year == 2026


def test_another_organisations_report_is_not_found(client, today, signatory, member):
    client.force_login(member)
    client.post(start_url(signatory))
    report = ProgressReport.objects.get()
    other = make_signatory(name="Andere", slug="andere")
    outsider = MembershipFactory(organisation=other).user
    client.force_login(outsider)
    assert client.get(start_url(signatory)).status_code == 404
    assert client.post(start_url(signatory)).status_code == 404
    assert client.get(report_url(report, "detail")).status_code == 404
    assert client.get(report_url(report, "step", step="terugblik")).status_code == 404
    # The other organisation's address with this report's number: not found either.
    url = reverse(
        "portal:progress-report-detail", kwargs={"organisation_slug": other.slug, "pk": report.pk}
    )
    assert client.get(url).status_code == 404
    response = client.post(
        report_url(report, "step", step="terugblik"), {"looking_back": "Overgenomen."}
    )
    assert response.status_code == 404
    assert ProgressReport.objects.get().looking_back == ""


def test_a_member_of_an_organisation_that_has_not_signed_is_told(client, today):
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    page = client.get(start_url(organisation))
    assert page.status_code == 403
    assert "once a coordinator has approved its signature" in page.text
    assert client.post(start_url(organisation)).status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, today, signatory):
    response = client.get(start_url(signatory))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("step", "field", "limit"),
    [("terugblik", "looking_back", 5000), ("voornemens", "intentions", 3000)],
)
def test_texts_that_are_too_long_are_refused(client, today, signatory, member, step, field, limit):
    client.force_login(member)
    client.post(start_url(signatory))
    report = ProgressReport.objects.get()
    response = client.post(report_url(report, "step", step=step), {field: "x" * (limit + 1)})
    assert response.status_code == 200
    assert f"Shorten this to at most {limit} characters (it has {limit + 1})" in response.text
    assert getattr(ProgressReport.objects.get(), field) == ""
    response = client.post(report_url(report, "step", step=step), {field: "x" * limit})
    assert response.status_code == 302


def test_an_empty_report_cannot_be_sent(client, today, signatory, member):
    client.force_login(member)
    client.post(start_url(signatory))
    report = ProgressReport.objects.get()
    response = client.post(report_url(report, "check"))
    assert response.status_code == 200
    assert ProgressReport.objects.get().status == ReviewStatus.DRAFT


@pytest.mark.parametrize("size", [1, 5])
def test_the_start_page_query_count_does_not_grow(client, today, signatory, member, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(size):
        PublishedActionFactory(
            organisation=signatory,
            title=f"Kamp {number}",
            start_date=datetime.date(2026, 12, 20),
        )
    client.force_login(member)
    client.get(start_url(signatory))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(start_url(signatory))
    assert f"Kamp {size - 1}" in page.text
    assert len(queries) == START_PAGE_QUERIES


# The session and user, the organisation, the permission checks, the report started (none),
# the five queries of the records (record.year_record) and the portal's frame: the same at
# every size.
START_PAGE_QUERIES = 17
