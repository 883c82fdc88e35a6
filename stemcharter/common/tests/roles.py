"""A user of each audience, for the role-by-role permission tables of the views."""

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.tests.factories import SubregionFactory


def make_user(role: str, *, organisation=None, subregion=None, membership_role: str = "admin"):
    """A user of one role: ``signatory`` (a member), ``contact_point`` or ``coordinator``.

    ``organisation`` makes the signatory a member of that organisation (else of a new one), with
    ``membership_role`` (``admin`` or ``editor``); ``subregion`` makes the contact point one of
    that subregion (else of a new one).
    """
    if role == "coordinator":
        return CoordinatorFactory()
    if role == "contact_point":
        user = UserFactory()
        (subregion or SubregionFactory()).contact_points.add(user)
        return user
    if organisation is not None:
        return MembershipFactory(organisation=organisation, role=membership_role).user
    return MembershipFactory(role=membership_role).user
