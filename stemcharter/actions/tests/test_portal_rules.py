"""The portal permissions of actions and stories (rules.py), role by role."""

import pytest

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.tests.factories import StoryFactory

pytestmark = [pytest.mark.django_db]

#                  role:             change  view
EXPECTED = {
    "member": (True, True),
    "partner_member": (False, True),
    "other_member": (False, False),
    "contact_point": (False, False),
    "coordinator": (False, False),
}


@pytest.fixture
def users():
    organisation = make_signatory(name="Organisator", slug="organisator")
    partner = make_signatory(name="Partner", slug="partner")
    action = ActionFactory(organisation=organisation)
    action.partners.add(partner)
    story = StoryFactory(organisation=organisation, subregions=list(action.subregions.all()))
    story.organisations.add(partner)
    contact_point = UserFactory()
    action.subregions.get().contact_points.add(contact_point)
    return {
        "action": action,
        "story": story,
        "organisation": organisation,
        "member": MembershipFactory(organisation=organisation).user,
        "partner_member": MembershipFactory(organisation=partner).user,
        "other_member": MembershipFactory().user,
        "contact_point": contact_point,
        "coordinator": CoordinatorFactory(),
    }


@pytest.mark.parametrize("role", EXPECTED)
@pytest.mark.parametrize(
    ("type_key", "app", "model"), [("action", "actions", "action"), ("story", "stories", "story")]
)
def test_change_and_view(users, role, type_key, app, model):
    user, item = users[role], users[type_key]
    can_change, can_view = EXPECTED[role]
    assert user.has_perm(f"{app}.change_{model}", item) is can_change
    assert user.has_perm(f"{app}.view_{model}", item) is can_view


@pytest.mark.parametrize(("app", "model"), [("actions", "action"), ("stories", "story")])
def test_only_members_of_an_approved_signatory_create(users, app, model):
    permission = f"{app}.add_{model}"
    organisation = users["organisation"]
    assert users["member"].has_perm(permission, organisation)
    for role in ("partner_member", "other_member", "contact_point", "coordinator"):
        assert not users[role].has_perm(permission, organisation)
    waiting = SignatureFactory(organisation=OrganisationFactory()).organisation
    assert not MembershipFactory(organisation=waiting).user.has_perm(permission, waiting)
