"""Who may do what with an organisation: one row per role, one column per permission."""

import pytest
from django.contrib.auth.models import AnonymousUser

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

PERMISSIONS = (
    "organisations.view_portal",
    "organisations.change_organisation",
    "organisations.manage_members",
)

# role: (view_portal, change_organisation, manage_members)
TABLE = {
    "anonymous": (False, False, False),
    "visitor": (False, False, False),
    "member editor": (True, True, False),
    "member admin": (True, True, True),
    "other org member": (False, False, False),
    "coordinator": (False, True, False),
}


def _user_for(role: str, organisation):
    if role == "anonymous":
        return AnonymousUser()
    if role == "visitor":
        return UserFactory()
    if role == "member editor":
        return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user
    if role == "member admin":
        return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    if role == "other org member":
        return MembershipFactory(role=Membership.Role.ADMIN).user
    if role == "coordinator":
        return CoordinatorFactory()
    raise AssertionError(role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", TABLE)
def test_permission_table(role):
    organisation = OrganisationFactory()
    user = _user_for(role, organisation)
    got = tuple(user.has_perm(permission, organisation) for permission in PERMISSIONS)
    assert got == TABLE[role]


@pytest.mark.django_db
def test_permissions_without_an_organisation_are_refused_for_members():
    user = MembershipFactory(role=Membership.Role.ADMIN).user
    assert not user.has_perm("organisations.manage_members", None)
    assert not user.has_perm("organisations.change_organisation", None)
