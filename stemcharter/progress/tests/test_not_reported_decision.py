"""The coordinator's "did not report" decision tells the true reason it is refused, per
status (a signatory that signed after the year has nothing to report; a report waiting for
review or with changes asked is not "published"), and "Stop showing" is offered, confirmed
and done only while the public page shows the line."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport, YearlyReporting
from stemcharter.progress.services import (
    hide_not_reported,
    not_reported_check,
    show_as_not_reported,
)
from stemcharter.reviews.models import ReviewStatus

from .conftest import NOT_REPORTED, report
from .test_backoffice import NOT_REPORTED_URL, OVERVIEW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refusal(organisation) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        not_reported_check(organisation=organisation, year=2026, today=NOT_REPORTED)
    return refused.value


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (ReviewStatus.SUBMITTED, "C has sent its report on 2026; it is waiting for review"),
        (ReviewStatus.UNDER_REVIEW, "C has sent its report on 2026; it is waiting for review"),
        (ReviewStatus.CHANGES_REQUESTED, "its reviewer asked for changes"),
        (ReviewStatus.PUBLISHED, "C has sent its report on 2026, and it is published."),
    ],
)
def test_each_status_is_refused_with_its_own_reason(subregion, status, message):
    organisation = make_signatory(name="C", subregions=[subregion])
    report(organisation, status=status)
    error = refusal(organisation)
    assert error.code == "reported"
    assert message in error.messages[0]


def test_a_signatory_that_signed_after_the_year_has_nothing_to_report(
    client, today, subregion, coordinator
):
    later = make_signatory(
        name="Later",
        subregions=[subregion],
        decided_at=datetime(2027, 1, 20, 10, tzinfo=timezone.get_default_timezone()),
    )
    error = refusal(later)
    assert error.code == "signed_later"
    expected = "Later signed the charter after 2026, so it has nothing to report on 2026."
    assert error.messages == [expected]
    assert "has sent" not in error.messages[0]

    today(NOT_REPORTED)
    client.force_login(coordinator)
    query = {"organisation": later.pk, "year": 2026, "show": "1"}
    response = client.get(NOT_REPORTED_URL, query, follow=True)
    assert expected in response.text


def test_stop_showing_is_offered_only_while_the_line_is_shown(
    client, today, signatories, coordinator
):
    """The decision stands, but the signatory has sent its report since: the public page no
    longer shows the line, so the overview neither says so nor offers to stop it."""
    today(NOT_REPORTED)
    shown, sent_since = signatories["none"], signatories["draft"]
    for organisation in (shown, sent_since):
        show_as_not_reported(organisation=organisation, year=2026, by=coordinator)
    ProgressReport.objects.filter(organisation=sent_since).update(
        status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
    )
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "2026"}).text
    assert f"organisation={shown.pk}&amp;year=2026&amp;show=0" in page
    assert f"organisation={sent_since.pk}&amp;year=2026&amp;show=0" not in page
    assert page.count("Says it did not report") == 1


@pytest.mark.parametrize("decided", [False, True])
def test_stopping_what_is_not_shown_is_refused_without_an_audit_entry(
    client, today, signatories, coordinator, decided
):
    """Never shown, or shown once but the report was sent since: the confirmation page (GET)
    and the decision (POST) say there is nothing to stop; nothing is recorded."""
    today(NOT_REPORTED)
    organisation = signatories["draft"]
    if decided:
        show_as_not_reported(organisation=organisation, year=2026, by=coordinator)
        ProgressReport.objects.filter(organisation=organisation).update(
            status=ReviewStatus.SUBMITTED, submitted_at=timezone.now()
        )
    expected = (
        "The public page of B draft does not say that it did not report on 2026, so there "
        "is nothing to stop showing."
    )
    client.force_login(coordinator)
    query = {"organisation": organisation.pk, "year": 2026, "show": "0"}
    confirm, done = refused_on_get_and_post(client, query, expected)
    assert "Yes, stop showing it" not in confirm.text
    assert "no longer says it did not report" not in done.text
    assert not AuditEntry.objects.filter(code="progress.not_reported.hidden").exists()
    with pytest.raises(ValidationError) as refused:
        hide_not_reported(organisation=organisation, year=2026, by=coordinator)
    assert refused.value.code == "not_shown"
    assert YearlyReporting.objects.filter(shown_as_not_reported_at__isnull=False).count() == (
        1 if decided else 0
    )


def refused_on_get_and_post(client, query: dict, expected: str) -> tuple:
    """The confirmation page (GET) and the decision (POST) of ``query`` both refused with
    ``expected``: the GET lands on the overview. Returns both final responses."""
    confirm = client.get(NOT_REPORTED_URL, query, follow=True)
    assert confirm.redirect_chain[-1][0].startswith(OVERVIEW)
    assert expected in confirm.text
    done = client.post(NOT_REPORTED_URL, {**query, "confirmed": "1"}, follow=True)
    assert expected in done.text
    return confirm, done


def test_showing_what_is_shown_already_is_refused_on_get_and_post(
    client, today, signatories, coordinator
):
    """The line is on the public page: the confirmation is not offered again, and a second
    decision is refused with its reason, no second success message, no second audit entry."""
    today(NOT_REPORTED)
    organisation = signatories["draft"]
    show_as_not_reported(organisation=organisation, year=2026, by=coordinator)
    expected = (
        "The public page of B draft already says that it did not report on 2026, so there is "
        "nothing more to show."
    )
    client.force_login(coordinator)
    query = {"organisation": organisation.pk, "year": 2026, "show": "1"}
    _confirm, done = refused_on_get_and_post(client, query, expected)
    assert "now says it did not report" not in done.text
    assert AuditEntry.objects.filter(code="progress.not_reported.shown").count() == 1
    with pytest.raises(ValidationError) as refused:
        show_as_not_reported(organisation=organisation, year=2026, by=coordinator)
    assert refused.value.code == "already_shown"


def test_a_refused_year_before_the_first_lands_on_an_overview_that_agrees(
    client, today, signatories, coordinator
):
    """A year before the platform's first reporting year: the refusal, on the overview of its
    default year without the bad year, so no "…so we show 2026" beside it."""
    today(NOT_REPORTED)
    client.force_login(coordinator)
    query = {"organisation": signatories["none"].pk, "year": 2023, "show": "1"}
    response = client.get(NOT_REPORTED_URL, query)
    assert response.url == f"{OVERVIEW}?status=not_reported"
    page = client.get(response.url)
    assert "signed the charter after 2023" in page.text
    assert "so we show" not in page.text


def test_a_contact_point_is_told_the_decision_is_for_coordinators(
    client, today, signatories, contact_point
):
    """The 403 says why (``BackofficeAccessMixin``): the decision is for coordinators, not
    "the back office is for coordinators and contact points" to a contact point. Someone
    outside the back office still gets the general sentence."""
    today(NOT_REPORTED)
    query = {"organisation": signatories["none"].pk, "year": 2026, "show": "1"}
    client.force_login(contact_point)
    for response in (
        client.get(NOT_REPORTED_URL, query),
        client.post(NOT_REPORTED_URL, {**query, "confirmed": "1"}),
        client.get("/en/beheer/regio-s/"),  # another coordinator-only page, the same rule
    ):
        assert response.status_code == 403
        assert "This page of the back office is for coordinators." in response.text
        assert "for coordinators and contact points" not in response.text
    client.force_login(UserFactory())
    response = client.get(NOT_REPORTED_URL, query)
    assert response.status_code == 403
    assert "the back office is for coordinators and contact points" in response.text
    assert "This page of the back office is for coordinators." not in response.text
