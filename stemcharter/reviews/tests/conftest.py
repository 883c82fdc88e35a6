"""Shared setup of the review tests: one item per content type and a user of every role."""

import io
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.images.models import Image
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import CriteriaSet
from stemcharter.reviews.services import AssessmentData
from stemcharter.stories.tests.factories import StoryFactory


def add_image(owner, *, minors: bool = False, by=None, alt_text: str = "", caption: str = ""):
    """A stored image of ``owner`` (an 8 by 4 PNG in every rendition), consent recorded when
    ``minors``: the database refuses recognisable minors without it."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 4), "#0b5cad").save(buffer, "PNG")
    image = Image(
        owner=owner,
        alt_text=alt_text or "Twee leerlingen bouwen een robotarm.",
        caption=caption,
        minors_recognisable=minors,
        consent_confirmed_at=timezone.now() if minors else None,
        consent_confirmed_by=by if minors else None,
        detail_width=8,
        detail_height=4,
        card_width=8,
        card_height=4,
        uploaded_by=by,
    )
    for name in ("detail", "card", "social"):
        getattr(image, name).save(f"{name}.png", ContentFile(buffer.getvalue()), save=False)
    image.save()
    return image


def verdicts(criteria_set: CriteriaSet, result: str = "met") -> list[AssessmentData]:
    return [AssessmentData(criterion.pk, result) for criterion in criteria_set.criteria.all()]


@pytest.fixture
def criteria_set() -> CriteriaSet:
    return CriteriaSet.objects.current().order_by("name_nl").first()


@dataclass
class World:
    """An action and a story of one organisation, with a partner, in one subregion."""

    subregion: object
    organisation: object
    partner: object
    action: object
    story: object
    owner_member: object
    partner_member: object
    other_member: object
    contact_point: object
    other_contact_point: object
    coordinator: object

    def user(self, role: str):
        return None if role == "visitor" else getattr(self, role)

    def item(self, type_key: str):
        return self.action if type_key == "action" else self.story


ROLES = [
    "visitor",
    "owner_member",
    "partner_member",
    "other_member",
    "contact_point",
    "other_contact_point",
    "coordinator",
]
# Who may review an item: the contact point of its subregion and the coordinators.
REVIEWERS = {"contact_point", "coordinator"}
# Who may open the back office at all (the queue: scoped to what they may review).
BACKOFFICE_USERS = {"contact_point", "other_contact_point", "coordinator"}


@pytest.fixture
def world() -> World:
    subregion = SubregionFactory(name_nl="Waasland", name_en="Waasland")
    organisation = OrganisationFactory(name="Robotica Waasland")
    partner = OrganisationFactory(name="Partnerschool")
    action = ActionFactory(
        organisation=organisation, title="Open bedrijvendag", subregions=[subregion]
    )
    action.partners.add(partner)
    story = StoryFactory(
        organisation=organisation, title="Robots in de klas", subregions=[subregion]
    )
    contact_point = UserFactory(name="Carla Contact", language="en")
    subregion.contact_points.add(contact_point)
    other_contact_point = UserFactory(name="Otto Elders")
    SubregionFactory().contact_points.add(other_contact_point)
    return World(
        subregion=subregion,
        organisation=organisation,
        partner=partner,
        action=action,
        story=story,
        owner_member=MembershipFactory(organisation=organisation, user__name="Mia Member").user,
        partner_member=MembershipFactory(organisation=partner).user,
        other_member=MembershipFactory().user,
        contact_point=contact_point,
        other_contact_point=other_contact_point,
        coordinator=CoordinatorFactory(name="Cor Coordinator"),
    )
