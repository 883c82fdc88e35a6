"""What happens to a report after review, as the newcomer test found it: the back office's
overview shows the report's real stage (rejected, taken offline, changes asked: not "sent"),
and after the grace period a rejected report or one taken offline counts as not reported; a
report sent for review is never deleted by its organisation (its review decisions stay), a
rejected one is changed and sent again; the "did not report" confirmation asks on GET what
the decision asks on POST; its audit entry names the year; the portal's confirmation pages
speak of a report, and warn that taking it offline discards a new version."""

from datetime import datetime

import pytest

from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.audit.labels import entry_details
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.selectors import report_status
from stemcharter.progress.services import (
    progress_report_start,
    progress_report_update,
    show_as_not_reported,
    signatories_to_remind,
)
from stemcharter.reviews.models import Review, ReviewStatus
from stemcharter.reviews.selectors import review_decided
from stemcharter.reviews.services import (
    review_decide,
    review_item_deletable,
    review_item_delete,
    review_start,
    review_submit,
    review_withdraw,
    revision_start,
)

from .conftest import (
    IN_WINDOW,
    NOT_REPORTED,
    overview_statuses,
    report,
    report_url,
    signatories_with_reports,
    written_and_sent,
)
from .test_backoffice import NOT_REPORTED_URL, OVERVIEW
from .test_backoffice_export import EXPORT, rows_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def after_review(subregion):
    """Signatories whose report was rejected, taken offline, asked to change or is waiting."""
    return signatories_with_reports(
        subregion,
        {
            "rejected": ("R rejected", ReviewStatus.REJECTED),
            "offline": ("S offline", ReviewStatus.WITHDRAWN),
            "changes": ("T changes", ReviewStatus.CHANGES_REQUESTED),
            "waiting": ("U waiting", ReviewStatus.UNDER_REVIEW),
        },
    )


def test_the_overview_shows_the_reports_real_stage(after_review, coordinator):
    assert overview_statuses(coordinator, today=IN_WINDOW) == {
        "R rejected": "rejected",
        "S offline": "taken_offline",
        "T changes": "changes_requested",
        "U waiting": "waiting",
    }
    rejected = overview_statuses(coordinator, today=IN_WINDOW, status="rejected")
    assert list(rejected) == ["R rejected"]


def test_after_the_grace_period_rejected_and_offline_count_as_not_reported(
    after_review, coordinator
):
    assert overview_statuses(coordinator, today=NOT_REPORTED) == {
        "R rejected": "not_reported",
        "S offline": "not_reported",
        "T changes": "changes_requested",
        "U waiting": "waiting",
    }
    # The coordinator may then show it; the reminders count them as not sent either.
    show_as_not_reported(
        organisation=after_review["rejected"], year=2026, by=coordinator, today=NOT_REPORTED
    )
    assert set(signatories_to_remind(year=2026, which="first")) == {
        after_review["rejected"].pk,
        after_review["offline"].pk,
    }


def test_the_page_and_the_download_filter_and_name_the_stages(
    client, today, after_review, coordinator
):
    client.force_login(coordinator)
    page = client.get(OVERVIEW, {"jaar": "2026", "status": "taken_offline"})
    assert "1 signatory" in page.text
    assert "S offline" in page.text
    assert "Taken offline" in page.text
    assert "R rejected" not in page.text
    everyone = {row[0]: row[2] for row in rows_of(client.get(EXPORT, {"jaar": "2026"}))[1:]}
    assert everyone == {
        "R rejected": "Rejected",
        "S offline": "Taken offline",
        "T changes": "Changes requested",
        "U waiting": "Submitted",
    }
    # The old key is not a status any more: told, not silently ignored.
    assert "There is no status “sent”" in client.get(OVERVIEW, {"status": "sent"}).text


def sent_and_rejected(signatory, member, coordinator) -> ProgressReport:
    item = written_and_sent(report(signatory, by=member), member)
    review_start(item=item, by=coordinator)
    review_decide(
        item=item,
        by=coordinator,
        decision="reject",
        criteria_set=None,
        assessments=[],
        comment="Te kort.",
    )
    item.refresh_from_db()
    assert item.status == ReviewStatus.REJECTED
    return item


def test_a_rejected_report_stays_with_its_decisions(client, today, signatory, member, coordinator):
    item = sent_and_rejected(signatory, member, coordinator)
    assert not review_item_deletable(item)
    with pytest.raises(Exception, match="stays"):
        review_item_delete(item=item, by=member)

    client.force_login(member)
    assert client.get(report_url(item, "delete")).url.endswith(f"/voortgang/{item.pk}/")
    response = client.post(report_url(item, "delete"), follow=True)
    assert "it stays, with its reviewers" in response.text
    assert ProgressReport.objects.filter(pk=item.pk).exists()
    detail = client.get(response.redirect_chain[-1][0])
    assert "Change it and send it for review again." in detail.text
    assert report_url(item, "delete") not in detail.text

    decided = review_decided(user=coordinator, type_key="progress-report")
    assert [review.decision for review in decided] == [Review.Decision.REJECT]


def test_a_rejected_report_is_changed_and_sent_again(signatory, member, coordinator):
    item = sent_and_rejected(signatory, member, coordinator)
    assert item.is_editable
    progress_report_update(report=item, by=member, data={"looking_back": "Veel meer gedaan."})
    review_submit(item=item, by=member)
    item.refresh_from_db()
    assert item.status == ReviewStatus.SUBMITTED
    assert ProgressReport.objects.count() == 1


def test_a_draft_never_sent_can_still_be_deleted(signatory, member):
    item = progress_report_start(organisation=signatory, by=member, today=IN_WINDOW)
    assert review_item_deletable(item)
    review_item_delete(item=item, by=member)
    assert not ProgressReport.objects.exists()


def test_a_report_taken_offline_stays(signatory, member):
    item = report(signatory, status=ReviewStatus.WITHDRAWN)
    assert not review_item_deletable(item)


def test_other_types_still_delete_what_was_rejected(signatory, member):
    action = ActionFactory(organisation=signatory, status=ReviewStatus.REJECTED)
    action.submitted_at = action.created_at
    assert review_item_deletable(action)
    assert not action.is_editable


# --- the "did not report" confirmation ---


@pytest.mark.parametrize(
    ("key", "day", "message"),
    [
        ("none", IN_WINDOW, "are still accepted"),
        ("published", NOT_REPORTED, "has sent its report on 2026"),
    ],
)
def test_the_confirmation_page_refuses_what_the_decision_refuses(
    client, today, signatories, coordinator, key, day, message
):
    today(day)
    client.force_login(coordinator)
    query = {"organisation": signatories[key].pk, "year": 2026, "show": "1"}
    response = client.get(NOT_REPORTED_URL, query, follow=True)
    assert response.redirect_chain[-1][0].startswith(OVERVIEW)
    assert message in response.text
    assert "Yes, show it on the public page" not in response.text


@pytest.mark.parametrize("pk", ["9999", "-1"])
def test_ids_that_are_no_signatory_go_back_with_the_same_message(client, today, coordinator, pk):
    client.force_login(coordinator)
    for method in (client.get, client.post):
        response = method(
            NOT_REPORTED_URL, {"organisation": pk, "year": 2026, "show": "1"}, follow=True
        )
        assert response.redirect_chain[-1][0] == OVERVIEW
        assert "Choose a signatory and a year from the list." in response.text


def test_a_signatory_of_december_is_told_it_reports_on_that_year(
    client, today, subregion, coordinator
):
    from django.utils import timezone

    today(NOT_REPORTED)
    brussels = timezone.get_default_timezone()
    december = make_signatory(
        name="December",
        subregions=[subregion],
        decided_at=datetime(2026, 12, 6, 10, tzinfo=brussels),
    )
    assert report_status(organisation=december, year=2026, today=NOT_REPORTED) == "not_reported"
    client.force_login(coordinator)
    page = client.get(NOT_REPORTED_URL, {"organisation": december.pk, "year": 2026, "show": "1"})
    assert page.status_code == 200
    assert "It signed the charter on 6 December 2026." in page.text
    assert "A signatory that signed by the end of 2026 reports on 2026" in page.text


def test_the_audit_trail_names_the_year(signatories, coordinator):
    show_as_not_reported(
        organisation=signatories["none"], year=2026, by=coordinator, today=NOT_REPORTED
    )
    entry = AuditEntry.objects.get(code="progress.not_reported.shown")
    assert [(label, value) for label, value, _written in entry_details(entry)] == [
        ("Year reported on", "2026")
    ]


# --- the portal's confirmation pages ---


def test_taking_a_report_offline_speaks_of_a_report_and_warns_of_the_new_version(
    client, today, signatory, member
):
    item = report(signatory, status=ReviewStatus.PUBLISHED)
    client.force_login(member)
    page = client.get(report_url(item, "withdraw"))
    assert "no longer shows on your organisation&#x27;s public page" in page.text
    assert "a figure in it is wrong" in page.text
    assert "in the lists" not in page.text
    assert "it is full, or it was cancelled" not in page.text
    assert "is discarded, with its changes" not in page.text

    revision_start(item=item, by=member)
    page = client.get(report_url(item, "withdraw"))
    assert "You started a new version of it: it is discarded, with its changes." in page.text
    review_withdraw(item=item, by=member)
    assert not ProgressReport.objects.filter(revision_of=item).exists()


def test_deleting_a_draft_report_does_not_speak_of_images(client, today, signatory, member):
    item = progress_report_start(organisation=signatory, by=member, today=IN_WINDOW)
    client.force_login(member)
    page = client.get(report_url(item, "delete"))
    assert page.status_code == 200
    assert "The draft is deleted" in page.text
    assert "images" not in page.text.split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            ReviewStatus.SUBMITTED,
            "This was sent for review, so it stays, with its reviewers' decisions: it cannot "
            "be deleted, also not after taking it back.",
        ),
        (
            ReviewStatus.PUBLISHED,
            "This is published, so it stays, with its reviewers' decisions: it cannot be "
            "deleted. You can take it offline.",
        ),
    ],
)
def test_a_sent_report_is_not_promised_a_deletion(
    client, today, signatory, member, status, message
):
    """A report waiting for review or published can never be deleted: the refusal does not
    say "take it back first" (or "offline first"), and the delete page's GET says why."""
    from django.contrib.messages import get_messages
    from django.core.exceptions import ValidationError

    item = report(signatory, status=status)
    with pytest.raises(ValidationError) as refused:
        review_item_delete(item=item, by=member)
    assert refused.value.messages == [message]
    assert "first" not in message

    client.force_login(member)
    response = client.get(report_url(item, "delete"))
    assert response.url.endswith(f"/voortgang/{item.pk}/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert ProgressReport.objects.filter(pk=item.pk).exists()
