"""The back-office home: who may open it, and the numbers, queues and links each role sees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def signature():
    return SignatureFactory(
        organisation__name="Robotica Vlaanderen",
        signer__language="en",
        signer_name="Ann Peeters",
    )


def test_anonymous_is_sent_to_login(client, signature):
    url = reverse("backoffice:home")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ["signatory", "contact_point", "coordinator"])
def test_access_per_role(client, signature, role):
    client.force_login(make_user(role))
    response = client.get(reverse("backoffice:home"))
    # Contact points may open the home page (unlike the charter's other back-office pages).
    allowed = role in ("coordinator", "contact_point")
    assert response.status_code == (200 if allowed else 403)


def test_home_shows_counts_and_the_oldest_of_the_queue(client):
    now = timezone.now()
    SignatureFactory(organisation__name="Oudste Wachtende", submitted_at=now - timedelta(days=9))
    SignatureFactory(organisation__name="Nieuwe Wachtende", submitted_at=now)
    SignatureFactory(status=Signature.Status.AWAITING_EMAIL, submitted_at=None)
    ApprovedSignatureFactory()
    OrganisationFactory()
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("backoffice:home"))
    assert response.context["counts"] == {
        "submitted": 2,
        "awaiting_email": 1,
        "signatories": 1,
        "organisations": 5,
    }
    assert [s.organisation.name for s in response.context["oldest"]] == [
        "Oudste Wachtende",
        "Nieuwe Wachtende",
    ]
    content = response.content.decode()
    assert "2 signatures waiting for review" in content
    assert reverse("backoffice:audit-list") in content


def test_home_hides_coordinator_links_from_contact_points(client):
    SignatureFactory(organisation__name="Wachtende Organisatie", signer_name="Sam Signer")
    contact_point = make_user("contact_point")
    subregion = contact_point.contact_point_for.get()
    client.force_login(contact_point)
    response = client.get(reverse("backoffice:home"))
    content = response.content.decode()
    for name in (
        "backoffice:audit-list",
        "backoffice:signature-list",
        "backoffice:organisation-list",
        "backoffice:charter-version-list",
        "backoffice:region-list",
    ):
        assert reverse(name) not in content, name
    assert "Wachtende Organisatie" not in content
    assert "Sam Signer" not in content
    assert "oldest" not in response.context
    assert "You are the contact point for" in content
    assert subregion.name in content
    assert reverse("backoffice:review-queue") in content
    assert "1 signature waiting for review" in content


def test_home_of_a_coordinator_who_is_also_a_contact_point(client):
    coordinator = CoordinatorFactory()
    make_user("contact_point")  # another region's contact point: not listed
    SubregionFactory(name_nl="Eigen Regio", name_en="Own Region").contact_points.add(coordinator)
    client.force_login(coordinator)
    content = client.get(reverse("backoffice:home")).content.decode()
    assert "Own Region" in content
    assert reverse("backoffice:signature-list") in content
    assert "Your review queue arrives" not in content


def test_the_count_of_the_organisation_list_says_it_holds_private_persons_too(client):
    """The count is of the list it links to (every organisation, private persons who signed
    included), so it says so: "organisations" alone would be fewer than it counts, as
    ``/in-cijfers/`` counts organisations only."""
    from stemcharter.organisations.models import Category

    OrganisationFactory(category=Category.COMPANY)
    ApprovedSignatureFactory(organisation__category=Category.INDIVIDUAL)
    client.force_login(CoordinatorFactory())
    content = client.get(reverse("backoffice:home")).content.decode()
    assert "2 organisations and private persons</a>" in content
    assert "2 organisations</a>" not in content
    assert "1 public signatory</a>" in content
