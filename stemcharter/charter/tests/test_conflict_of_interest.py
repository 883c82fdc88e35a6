"""Conflict of interest in the back office: a coordinator never decides on the signature of
an organisation they are a member of. The same rule as the review of actions and stories
(``reviews``): the permission, the queue and the services agree."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter import selectors
from stemcharter.charter.models import Signature
from stemcharter.charter.services import signature_approve, signature_reject
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def signature():
    return SignatureFactory(organisation__name="Robotica Vlaanderen")


@pytest.fixture
def coordinator_member(signature):
    """A coordinator who is a member of the signing organisation."""
    coordinator = CoordinatorFactory()
    MembershipFactory(organisation=signature.organisation, user=coordinator)
    return coordinator


@pytest.mark.parametrize("name", ["backoffice:signature-approve", "backoffice:signature-reject"])
def test_conflict_of_interest_a_coordinator_cannot_decide_on_their_own_signature(
    client, signature, coordinator_member, name
):
    client.force_login(coordinator_member)
    response = client.post(reverse(name, kwargs={"pk": signature.pk}), {"reason": "Nee."})
    assert response.status_code == 403
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED
    assert not coordinator_member.has_perm("charter.review_signature", signature)


def test_conflict_of_interest_the_signature_page_offers_no_decision(
    client, signature, coordinator_member
):
    client.force_login(coordinator_member)
    response = client.get(reverse("backoffice:signature-detail", kwargs={"pk": signature.pk}))
    assert response.status_code == 200
    assert not response.context["can_decide"]
    page = response.content.decode()
    assert "Approve the signature" not in page
    assert "Your organisation signs with this signature, so another coordinator decides." in page


def test_conflict_of_interest_the_signature_queue_does_not_offer_it(
    client, signature, coordinator_member
):
    other = SignatureFactory(organisation__name="Techniek Gent")
    assert selectors.signature_list(status="submitted", reviewer=coordinator_member).count() == 1
    assert selectors.signature_queue_oldest(reviewer=coordinator_member) == [other]
    client.force_login(coordinator_member)
    for url in (reverse("backoffice:signature-list"), reverse("backoffice:home")):
        page = client.get(url).content.decode()
        assert "Techniek Gent" in page
        assert "Robotica Vlaanderen" not in page


def test_conflict_of_interest_the_services_refuse(signature, coordinator_member):
    with pytest.raises(ValidationError) as caught:
        signature_approve(signature=signature, by=coordinator_member)
    assert caught.value.code == "conflict_of_interest"
    with pytest.raises(ValidationError) as caught:
        signature_reject(signature=signature, by=coordinator_member, reason="Nee.")
    assert caught.value.code == "conflict_of_interest"
    signature.refresh_from_db()
    assert signature.status == Signature.Status.SUBMITTED


def test_conflict_of_interest_another_coordinator_decides(client, signature, coordinator_member):
    other = CoordinatorFactory()
    assert other.has_perm("charter.review_signature", signature)
    client.force_login(other)
    response = client.post(reverse("backoffice:signature-approve", kwargs={"pk": signature.pk}))
    assert response.status_code == 302
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED
