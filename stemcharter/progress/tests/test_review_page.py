"""The review page of a progress report shows, beside the report and the platform's records
of its year, what the organisation promised when it signed (its commitments, with their action
types), through the reviewable type's ``review_context``: the reviewer judges the report
against them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.progress.models import ProgressReport
from stemcharter.progress.selectors import report_review_context
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.registry import reviewable_type_for_key
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PROMISE = "Wij ontvangen elk jaar twee klassen in ons labo."


@pytest.fixture
def promising_signatory(subregion):
    action_type = ActionType.objects.order_by("pk").first()
    organisation = make_signatory(
        name="Labo Waasland",
        slug="labo-waasland",
        subregions=[subregion],
        action_types=[action_type],
        commitment=PROMISE,
    )
    return organisation, action_type


def sent_report(organisation, by) -> ProgressReport:
    report = ProgressReport.objects.create(
        organisation=organisation,
        year=2026,
        looking_back="Een goed jaar.",
        intentions="Meer klassen.",
        record={"year": 2026, "totals": {"actions": 3}},
        status=ReviewStatus.SUBMITTED,
        submitted_at=timezone.now(),
        created_by=by,
    )
    report.subregions.set(organisation.subregions.all())
    return report


@pytest.mark.parametrize("reviewer", ["coordinator", "contact_point"])
def test_the_review_page_shows_the_commitments_with_the_record(
    client, today, promising_signatory, coordinator, contact_point, reviewer
):
    organisation, action_type = promising_signatory
    report = sent_report(organisation, coordinator)
    client.force_login(coordinator if reviewer == "coordinator" else contact_point)
    url = reverse(
        "backoffice:review-detail", kwargs={"type_key": "progress-report", "pk": report.pk}
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "What the organisation promised" in page.text
    assert PROMISE in page.text
    assert action_type.name in page.text
    assert "What the platform recorded" in page.text
    assert "Een goed jaar." in page.text


def test_the_progress_report_type_reads_its_commitments(promising_signatory, coordinator):
    organisation, _ = promising_signatory
    report = sent_report(organisation, coordinator)
    reviewable_type = reviewable_type_for_key("progress-report")
    assert reviewable_type.review_context is report_review_context
    commitments = report_review_context(report)["commitments"]
    assert [c.description for c in commitments] == [PROMISE]


def test_only_the_organisations_own_commitments(client, today, promising_signatory, coordinator):
    organisation, _ = promising_signatory
    make_signatory(name="Ander", slug="ander", commitment="Iets heel anders beloofd.")
    report = sent_report(organisation, coordinator)
    client.force_login(coordinator)
    url = reverse(
        "backoffice:review-detail", kwargs={"type_key": "progress-report", "pk": report.pk}
    )
    assert "Iets heel anders beloofd." not in client.get(url).text


def test_an_item_type_without_review_context_gets_none():
    """The hook is optional: the other types' review pages are unchanged (their own tests)."""
    assert reviewable_type_for_key("action").review_context is None
