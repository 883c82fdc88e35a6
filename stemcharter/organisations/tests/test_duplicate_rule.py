"""When is a new organisation a duplicate of a registered one? (organisations.services)

The rule: the same enterprise number is always the same organisation; two different enterprise
numbers are two organisations, whatever their names; without a number on one of them, the same
name (folded: case, accents, punctuation, legal form) in the same town is a duplicate, in
another town it is another organisation. Many Flemish schools share a name; many people are
called Jan Peeters.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from stemcharter.organisations import services
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.services import DuplicateOrganisationError
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.organisations.validators import normalise_name
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.vocabulary.models import Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def create(name, *, town="Aalst", enterprise_number="", category=Category.EDUCATION):
    return services.organisation_create(
        name=name, town=town, category=category, enterprise_number=enterprise_number
    )


def test_duplicate_rule_same_name_with_another_enterprise_number_is_another_organisation():
    first = create("Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749")
    second = create("Sint-Jozefscollege", town="Torhout", enterprise_number="0200065765")
    third = create("Sint-Jozefscollege", town="Aalst", enterprise_number="0403170701")
    assert len({first.slug, second.slug, third.slug}) == 3
    assert first.normalised_name == second.normalised_name == third.normalised_name


def test_duplicate_rule_same_enterprise_number_is_always_the_same_organisation():
    create("Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749")
    with pytest.raises(DuplicateOrganisationError) as excinfo:
        create("Heel Andere Naam", town="Brugge", enterprise_number="0123456749")
    assert excinfo.value.field == "enterprise_number"


def test_duplicate_rule_same_person_name_in_another_town_is_another_person():
    create("Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    other = create("Jan Peeters", town="Leuven", category=Category.INDIVIDUAL)
    assert other.slug == "jan-peeters-leuven"


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("Jan Peeters", "Gent"),
        ("JAN PEETERS", "gent"),
        ("Jän Péeters", " Gent "),
        ("Jan-Peeters", "GENT"),
    ],
)
def test_duplicate_rule_same_name_in_the_same_town_without_a_number_is_a_duplicate(name, town):
    existing = create("Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    with pytest.raises(DuplicateOrganisationError) as excinfo:
        create(name, town=town, category=Category.INDIVIDUAL)
    assert excinfo.value.field == "name"
    assert excinfo.value.organisation == existing
    assert "add what sets yours apart" in excinfo.value.messages[0]


def test_duplicate_rule_a_number_on_only_one_side_falls_back_to_name_and_town():
    create("Sint-Jozefscollege vzw", town="Aalst")
    with pytest.raises(DuplicateOrganisationError):
        create("sint jozefscollege", town="Aalst", enterprise_number="0123456749")
    assert create("Sint-Jozefscollege", town="Aalst-Hofstade", enterprise_number="0200065765")


def test_duplicate_rule_the_database_allows_one_name_for_several_numbers():
    """The old constraint on the normalised name alone is gone; the new one keeps name and town
    unique among organisations without a number."""
    OrganisationFactory(name="Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749")
    OrganisationFactory(name="Sint-Jozefscollege", town="Aalst", enterprise_number="0200065765")
    OrganisationFactory(name="Sint-Jozefscollege", town="Aalst", enterprise_number="")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="Sint Jozefscollege", town="aalst", enterprise_number="")


def test_duplicate_rule_the_town_is_normalised_like_a_name():
    organisation = create("Sint-Jozefscollege", town=" Sint-Niklaas ")
    assert organisation.town == "Sint-Niklaas"
    assert organisation.normalised_town == "sint niklaas"
    assert create("Sint-Jozefscollege", town="Sint-Truiden").normalised_town == "sint truiden"
    with pytest.raises(DuplicateOrganisationError):
        create("Sint Jozefscollege", town="St.-Niklaas")


def test_duplicate_rule_public_directory_tells_two_same_names_apart(client):
    aalst = make_signatory(name="Sint-Jozefscollege", town="Aalst", slug="sint-jozefscollege")
    torhout = make_signatory(
        name="Sint-Jozefscollege",
        town="Torhout",
        slug="sint-jozefscollege-torhout",
        enterprise_number="0200065765",
    )
    content = client.get(reverse("organisations:organisation-list")).content.decode()
    assert content.count(">Sint-Jozefscollege</a>") == 2
    assert "Aalst" in content
    assert "Torhout" in content
    for organisation in (aalst, torhout):
        page = client.get(organisation.get_absolute_url()).content.decode()
        assert organisation.town in page


def test_duplicate_rule_slugs_stay_unique_for_same_names():
    first = create("Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749")
    second = create("Sint-Jozefscollege", town="Aalst", enterprise_number="0200065765")
    third = create("Sint-Jozefscollege", town="Aalst", enterprise_number="0403170701")
    assert first.slug == "sint-jozefscollege"
    assert second.slug == "sint-jozefscollege-aalst"
    assert third.slug == "sint-jozefscollege-aalst-2"


def test_duplicate_rule_applies_to_the_portal_profile(client):
    OrganisationFactory(name="Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749")
    OrganisationFactory(name="Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    membership = MembershipFactory(
        organisation=OrganisationFactory(
            name="Eigen School", town="Torhout", enterprise_number="0200065765"
        ),
        role=Membership.Role.ADMIN,
    )
    client.force_login(membership.user)
    url = reverse("portal:organisation-edit", args=[membership.organisation.slug])
    data = {
        "name": "Sint-Jozefscollege",
        "town": "Torhout",
        "category": Category.EDUCATION,
        "sector": Sector.objects.order_by("pk").first().pk,
        "enterprise_number": "0200.065.765",
        "subregions": [SubregionFactory().pk],
    }
    assert client.post(url, data).status_code == 302
    membership.organisation.refresh_from_db()
    assert membership.organisation.name == "Sint-Jozefscollege"
    # Taking another one's number is still refused.
    response = client.post(url, {**data, "enterprise_number": "0123.456.749"})
    assert response.status_code == 200
    assert response.context["form"].errors["enterprise_number"] == [
        "An organisation with this enterprise number is already registered."
    ]


def test_duplicate_rule_service_refuses_without_a_town_only_what_the_database_would():
    """Old organisations have no town yet: the service still works for them."""
    legacy = OrganisationFactory(name="Oude Vereniging", town="", enterprise_number="")
    assert legacy.normalised_town == ""
    with pytest.raises(ValidationError):
        services.organisation_create(name="Oude Vereniging", category=Category.INDIVIDUAL)
    assert normalise_name("Oude Vereniging") == legacy.normalised_name
    assert Organisation.objects.count() == 1
