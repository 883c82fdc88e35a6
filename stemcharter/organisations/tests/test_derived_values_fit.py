"""Every value derived from input fits its column, outside the signing journey.

The portal profile (normalised name and town), invitations (the lowercased address), the logo
path (made from the slug: a FileField holds 100 characters) and the slugs made from titles and
names. PostgreSQL refuses what does not fit; these give a form error or a saved object.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.services import action_create
from stemcharter.charter.tests.test_derived_values_fit import (
    PDF_NAME,
    TURKISH_I_DOMAIN,
    assert_fits_its_columns,
)
from stemcharter.organisations import services
from stemcharter.organisations.models import Category, Invitation, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.organisations.validators import normalise_name
from stemcharter.regions.services import subregion_create
from stemcharter.regions.tests.factories import ProvinceFactory, SubregionFactory
from stemcharter.reviews.services import CriterionData, criteria_set_create
from stemcharter.stories.models import Story
from stemcharter.stories.services import story_create
from stemcharter.vocabulary.models import ActionType, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# Characters that grow when normalised (NFKD) or slugified.
EXPANDING = ["ﬁ", "㍿", "ß", "Æ"]


@pytest.fixture
def admin():
    organisation = OrganisationFactory(name="Eigen Organisatie", enterprise_number="0123456749")
    return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user


def png(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**overrides):
    return {
        "name": "Eigen Organisatie",
        "town": "Gent",
        "category": Category.COMPANY,
        "sector": Sector.objects.order_by("pk").first().pk,
        "enterprise_number": "0123.456.749",
        "website": "https://www.example.be",
        "description": "Wij maken robots.",
        "subregions": [SubregionFactory().pk],
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"name": PDF_NAME}, "name", id="name-with-ligatures"),
        pytest.param({"name": "㍿" * 200}, "name", id="name-of-square-characters"),
        pytest.param({"town": "㍿" * 100}, "town", id="town-of-square-characters"),
        pytest.param({"name": "Æ" * 200, "town": "ß" * 100}, None, id="letters-that-fit"),
    ],
)
def test_derived_values_fit_their_columns_in_the_portal_profile(client, admin, overrides, field):
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    url = reverse("portal:organisation-edit", args=[organisation.slug])
    response = client.post(url, profile_data(**overrides))
    organisation.refresh_from_db()
    assert_fits_its_columns(organisation)
    if field is None:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert response.context["form"].errors[field]
        assert organisation.name == "Eigen Organisatie"


@pytest.mark.parametrize(
    "email",
    [
        pytest.param(f"a@{TURKISH_I_DOMAIN}", id="domain-that-lowercases-longer"),
        pytest.param("Collega@" + ".".join(["Ex" * 30] * 3) + ".be", id="long-address-that-fits"),
    ],
)
def test_derived_values_fit_their_columns_in_invitations(client, admin, email):
    organisation = admin.memberships.get().organisation
    client.force_login(admin)
    url = reverse("portal:invitation-create", args=[organisation.slug])
    response = client.post(url, {"email": email, "role": "editor"})
    if len(email.lower()) > 254:
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
        assert not Invitation.objects.exists()
    else:
        assert response.status_code == 302
        assert_fits_its_columns(Invitation.objects.get())


def test_derived_values_fit_their_columns_in_the_logo_path():
    """The logo path is made from the slug (up to 220 characters); its column holds 100."""
    organisation = services.organisation_create(
        name="Logo " + "l" * 195,
        town="Gent",
        category=Category.COMPANY,
        logo=png("x" * 90 + ".png"),
    )
    assert_fits_its_columns(organisation)
    assert organisation.logo.name.startswith("logos/")
    assert organisation.logo.storage.exists(organisation.logo.name)
    # A second one with the same long name elsewhere: another slug, another file.
    other = services.organisation_create(
        name="Logo " + "l" * 195, town="Brugge", category=Category.COMPANY, logo=png()
    )
    assert_fits_its_columns(other)
    assert other.logo.name != organisation.logo.name


@pytest.mark.parametrize("character", EXPANDING)
def test_derived_values_fit_their_columns_in_slugs_from_names_and_titles(character):
    """Slugs and keys made from maximal names and titles with expanding characters."""
    coordinator = CoordinatorFactory()
    organisation = make_signatory(name="Robotica", slug="robotica")
    member = MembershipFactory(organisation=organisation).user
    title = character * 150
    for number in range(2):  # the second one gets a numbered slug
        action = action_create(
            organisation=organisation,
            by=member,
            data={
                "action_type": ActionType.objects.order_by("position").first(),
                "title": title,
                "summary": character * 300,
                "description": character * 10_000,
                "location": character * 200,
            },
        )
        assert_fits_its_columns(action)
        story = story_create(
            organisation=organisation,
            by=member,
            data={
                "kind": Story.Kind.choices[0][0],
                "title": title,
                "summary": character * 300,
                "body": character * 20_000,
            },
        )
        assert_fits_its_columns(story)
        subregion = subregion_create(
            province=ProvinceFactory(), name_nl=character * 120, by=coordinator
        )
        assert_fits_its_columns(subregion)
        criteria_set = criteria_set_create(
            by=coordinator, name_nl=character * 150, criteria=[CriterionData(character * 200)]
        )
        assert_fits_its_columns(criteria_set)
        # The longest name whose normalised form fits, twice (another town: another slug).
        name = character * 200
        while len(normalise_name(name)) > 200:
            name = name[:-1]
        created = services.organisation_create(
            name=name, town=f"Town {number}", category=Category.INDIVIDUAL
        )
        assert_fits_its_columns(created)
