"""Fixtures for tests of an organisation's pages: the organisation, its admin and editor, and
another organisation with its admin (the "outsider"). Loaded for every test by the root
``conftest.py`` (``pytest_plugins``); a test module that needs the organisation to be a
signatory overrides ``organisation`` with ``signatory_organisation`` and keeps the rest."""

import pytest

from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Eigen Organisatie", slug="eigen-organisatie", enterprise_number="0123456749"
    )


@pytest.fixture
def admin(organisation):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, user__email="admin@example.org"
    ).user


@pytest.fixture
def editor(organisation, admin):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.EDITOR, user__email="editor@example.org"
    ).user


@pytest.fixture
def other_organisation():
    return OrganisationFactory(
        name="Andere Organisatie", slug="andere-organisatie", enterprise_number="0234567873"
    )


@pytest.fixture
def outsider(other_organisation):
    """An admin of another organisation."""
    return MembershipFactory(
        organisation=other_organisation,
        role=Membership.Role.ADMIN,
        user__email="outsider@example.org",
    ).user


@pytest.fixture
def signatory_organisation():
    """An approved signatory, with an "&" in its name (escaping shows)."""
    organisation = OrganisationFactory(
        name="Jansen & Zonen", slug="jansen-zonen", enterprise_number="0123456749"
    )
    ApprovedSignatureFactory(organisation=organisation)
    return organisation
