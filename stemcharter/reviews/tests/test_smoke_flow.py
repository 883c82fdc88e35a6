import pytest
from django.core import mail

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_start,
    review_submit,
    revision_start,
)


@pytest.mark.django_db
def test_draft_to_published_and_a_revision_keeps_the_live_version_online():
    action = ActionFactory()
    member = MembershipFactory(organisation=action.organisation).user
    contact_point = UserFactory()
    action.subregions.first().contact_points.add(contact_point)
    criteria_set = CriteriaSet.objects.current().first()
    verdicts = [AssessmentData(c.pk, "met") for c in criteria_set.criteria.all()]

    review_submit(item=action, by=member)
    assert len(mail.outbox) == 2  # the member, and the contact point
    review_start(item=action, by=contact_point)
    review_decide(
        item=action, by=contact_point, decision="publish", criteria_set=criteria_set,
        assessments=verdicts,
    )  # fmt: skip
    action.refresh_from_db()
    assert action.status == ReviewStatus.PUBLISHED

    copy = revision_start(item=action, by=member)
    assert revision_start(item=action, by=member) == copy
    copy.title = "Nieuwe titel"
    copy.save()
    review_submit(item=copy, by=member)
    coordinator = CoordinatorFactory()
    review_start(item=copy, by=coordinator)
    action.refresh_from_db()
    assert action.title != "Nieuwe titel"
    assert action.status == ReviewStatus.PUBLISHED
    review_decide(
        item=copy, by=coordinator, decision="publish", criteria_set=criteria_set,
        assessments=verdicts,
    )  # fmt: skip
    action.refresh_from_db()
    assert action.title == "Nieuwe titel"
    assert not type(action).objects.filter(revision_of=action).exists()
