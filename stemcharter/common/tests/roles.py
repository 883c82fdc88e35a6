"""A user of each audience, for the role-by-role permission tables of the views."""

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.tests.factories import SubregionFactory


def make_user(role: str):
    """A user of one role: ``signatory`` (a member), ``contact_point`` or ``coordinator``."""
    if role == "coordinator":
        return CoordinatorFactory()
    if role == "contact_point":
        user = UserFactory()
        SubregionFactory().contact_points.add(user)
        return user
    return MembershipFactory().user
