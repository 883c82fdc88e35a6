"""The portal home, "My organisations": each organisation with its signature and what the user
may do, the invitations and join requests waiting."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.organisations import services
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _login_redirect(url: str) -> str:
    return f"{reverse('account_login')}?next={quote(url)}"


class TestHome:
    @property
    def url(self):
        return reverse("portal:home")

    def test_anonymous_goes_to_login(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert response.url == _login_redirect(self.url)

    def test_without_organisation_explains_and_links_to_signing(self, client):
        client.force_login(UserFactory())
        response = client.get(self.url)
        assert response.status_code == 200
        content = response.content.decode()
        assert "You are not a member of an organisation yet." in content
        assert reverse("charter:sign") in content

    def test_admin_of_approved_signatory(self, client, organisation, admin, other_organisation):
        ApprovedSignatureFactory(organisation=organisation)
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert "Eigen Organisatie" in content
        assert "Andere Organisatie" not in content
        assert 'class="status status-approved"' in content
        assert reverse("portal:organisation-edit", args=[organisation.slug]) in content
        assert reverse("portal:member-list", args=[organisation.slug]) in content
        assert organisation.get_absolute_url() in content
        assert reverse("portal:signature-withdraw", args=[organisation.slug]) in content
        # Already signed the current charter: nothing to sign.
        assert f"{reverse('charter:sign')}?organisation=" not in content

    def test_waiting_for_review(self, client, organisation, admin):
        SignatureFactory(organisation=organisation)
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert 'class="status status-submitted"' in content
        assert "Waiting for review" in content
        assert organisation.get_absolute_url() not in content
        assert f"{reverse('charter:sign')}?organisation=" not in content
        assert reverse("portal:signature-withdraw", args=[organisation.slug]) in content

    def test_awaiting_email(self, client, organisation, admin):
        SignatureFactory(
            organisation=organisation, status=Signature.Status.AWAITING_EMAIL, submitted_at=None
        )
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert 'class="status status-awaiting_email"' in content

    def test_rejected_shows_reason_and_sign_again(self, client, organisation, admin):
        SignatureFactory(
            organisation=organisation,
            status=Signature.Status.REJECTED,
            decided_at=timezone.now(),
            rejection_reason="Het ondernemingsnummer klopt niet.",
        )
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert 'class="status status-rejected"' in content
        assert "Het ondernemingsnummer klopt niet." in content
        assert f"{reverse('charter:sign')}?organisation={organisation.slug}" in content
        assert "Sign again" in content
        assert reverse("portal:signature-withdraw", args=[organisation.slug]) not in content

    def test_withdrawn(self, client, organisation, admin):
        SignatureFactory(
            organisation=organisation,
            status=Signature.Status.WITHDRAWN,
            withdrawn_at=timezone.now(),
        )
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert 'class="status status-withdrawn"' in content
        assert organisation.get_absolute_url() not in content

    def test_not_signed_yet_admin_can_sign(self, client, organisation, admin):
        CharterVersionFactory()
        client.force_login(admin)
        content = client.get(self.url).content.decode()
        assert "Not signed yet." in content
        assert f"{reverse('charter:sign')}?organisation={organisation.slug}" in content

    def test_editor_cannot_sign_or_withdraw(self, client, organisation, editor):
        ApprovedSignatureFactory(organisation=organisation)
        client.force_login(editor)
        content = client.get(self.url).content.decode()
        assert reverse("portal:organisation-edit", args=[organisation.slug]) in content
        assert reverse("portal:signature-withdraw", args=[organisation.slug]) not in content
        assert f"{reverse('charter:sign')}?organisation=" not in content

    def test_pending_invitations_and_join_requests(self, client, organisation, admin):
        user = UserFactory(email="nieuw@example.org")
        invitation = services.invitation_create(
            organisation=organisation, email="NIEUW@example.org", role="editor", by=admin
        )
        other = OrganisationFactory(name="Derde Organisatie")
        ApprovedSignatureFactory(organisation=other)  # only public signatories can be joined
        MembershipFactory(organisation=other)
        services.join_request_create(organisation=other, user=user)
        client.force_login(user)
        content = client.get(self.url).content.decode()
        assert reverse("portal:invitation-accept", args=[invitation.token]) in content
        assert "Derde Organisatie" in content
        assert "waiting for an admin" in content

    def test_invitations_to_someone_else_are_not_shown(self, client, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email="iemand@example.org", role="editor", by=admin
        )
        client.force_login(UserFactory())
        content = client.get(self.url).content.decode()
        assert invitation.token not in content
