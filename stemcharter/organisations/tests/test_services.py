"""The organisation services, called directly: profile, members, invitations, join requests."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation
from PIL import Image

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.organisations import services
from stemcharter.organisations.models import Invitation, JoinRequest, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Eigen Organisatie", enterprise_number="0123456749")


@pytest.fixture
def admin(organisation):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.ADMIN, user__email="admin@example.org"
    ).user


def _code(excinfo) -> str:
    return excinfo.value.code


# --- organisation_update -------------------------------------------------------------------


@pytest.mark.django_db
class TestOrganisationUpdate:
    def test_updates_fields_and_records_what_changed(self, organisation, admin):
        subregion = SubregionFactory()
        services.organisation_update(
            organisation=organisation,
            by=admin,
            data={
                "name": "  Nieuwe Naam  ",
                "website": "https://nieuw.be",
                "subregions": [subregion],
            },
        )
        organisation.refresh_from_db()
        assert organisation.name == "Nieuwe Naam"
        assert organisation.normalised_name == "nieuwe naam"
        assert organisation.website == "https://nieuw.be"
        assert list(organisation.subregions.all()) == [subregion]
        entry = AuditEntry.objects.get(code="organisations.organisation.updated")
        assert set(entry.data["fields"]) == {"name", "website", "subregions"}

    def test_duplicate_name_and_number(self, organisation, admin):
        other = OrganisationFactory(name="Andere bv", enterprise_number="")
        OrganisationFactory(name="Derde bv", enterprise_number="0234567873")
        with pytest.raises(services.DuplicateOrganisationError) as excinfo:
            services.organisation_update(
                organisation=organisation, by=admin, data={"name": "ANDERE"}
            )
        assert excinfo.value.field == "name"
        assert excinfo.value.organisation == other
        with pytest.raises(services.DuplicateOrganisationError) as excinfo:
            services.organisation_update(
                organisation=organisation, by=admin, data={"enterprise_number": "0234567873"}
            )
        assert excinfo.value.field == "enterprise_number"
        # In another town, the name is free (and a name shared with an organisation that has
        # another number is free anywhere: see test_duplicate_rule).
        services.organisation_update(
            organisation=organisation, by=admin, data={"name": "ANDERE", "town": "Aalst"}
        )
        organisation.refresh_from_db()
        assert (organisation.name, organisation.town) == ("ANDERE", "Aalst")
        services.organisation_update(
            organisation=organisation, by=admin, data={"name": "Eigen Organisatie", "town": "Gent"}
        )
        organisation.refresh_from_db()
        assert organisation.name == "Eigen Organisatie"
        assert organisation.enterprise_number == "0123456749"

    def test_keeping_its_own_name_is_no_duplicate(self, organisation, admin):
        services.organisation_update(
            organisation=organisation, by=admin, data={"name": "Eigen Organisatie NV"}
        )
        organisation.refresh_from_db()
        assert organisation.name == "Eigen Organisatie NV"

    def test_logo_stores_its_size(self, organisation, admin):
        buffer = io.BytesIO()
        Image.new("RGB", (30, 10)).save(buffer, format="PNG")
        logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
        services.organisation_update(organisation=organisation, by=admin, data={}, logo=logo)
        organisation.refresh_from_db()
        assert (organisation.logo_width, organisation.logo_height) == (30, 10)
        assert organisation.logo.name.startswith("logos/")


# --- memberships ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestMemberships:
    def test_last_admin_cannot_be_removed(self, organisation, admin):
        membership = Membership.objects.get(user=admin)
        with pytest.raises(ValidationError) as excinfo:
            services.membership_remove(membership=membership, by=admin)
        assert _code(excinfo) == "last_admin"
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_editor_can_be_removed(self, organisation, admin):
        editor = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
        services.membership_remove(membership=editor, by=admin)
        assert not Membership.objects.filter(pk=editor.pk).exists()
        entry = AuditEntry.objects.get(code="organisations.membership.removed")
        assert entry.data["user"] == editor.user.email

    def test_one_of_two_admins_can_be_removed(self, organisation, admin):
        second = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
        services.membership_remove(membership=Membership.objects.get(user=admin), by=admin)
        assert list(organisation.memberships.all()) == [second]

    def test_last_admin_cannot_become_editor(self, organisation, admin):
        membership = Membership.objects.get(user=admin)
        with pytest.raises(ValidationError) as excinfo:
            services.membership_change_role(membership=membership, role="editor", by=admin)
        assert _code(excinfo) == "last_admin"

    def test_change_role(self, organisation, admin):
        editor = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
        services.membership_change_role(membership=editor, role="admin", by=admin)
        editor.refresh_from_db()
        assert editor.role == Membership.Role.ADMIN

    def test_unknown_role_is_refused(self, organisation, admin):
        editor = MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
        with pytest.raises(ValidationError) as excinfo:
            services.membership_change_role(membership=editor, role="owner", by=admin)
        assert _code(excinfo) == "invalid_role"
        editor.refresh_from_db()
        assert editor.role == Membership.Role.EDITOR


# --- invitations ---------------------------------------------------------------------------


@pytest.mark.django_db
class TestInvitations:
    @pytest.fixture(autouse=True)
    def _dutch(self):
        translation.deactivate()
        yield
        translation.deactivate()

    def test_create_sends_the_link(self, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email=" Collega@Example.ORG ", role="editor", by=admin
        )
        assert invitation.email == "collega@example.org"
        assert invitation.status == Invitation.Status.PENDING
        assert invitation.expires_at > timezone.now() + timedelta(days=13)
        assert len(invitation.token) >= 40
        [message] = mail.outbox
        assert message.to == ["collega@example.org"]
        assert f"/portal/uitnodiging/{invitation.token}/" in message.body
        assert "Eigen Organisatie" in message.subject

    def test_link_and_text_in_the_invitees_language(self, organisation, admin):
        UserFactory(email="english@example.org", language="en")
        with translation.override("nl"):
            invitation = services.invitation_create(
                organisation=organisation, email="english@example.org", role="editor", by=admin
            )
        [message] = mail.outbox
        assert f"/en/portal/uitnodiging/{invitation.token}/" in message.body
        assert "You are invited to join" in message.subject

    def test_link_in_dutch_when_an_english_admin_invites(self, organisation, admin):
        UserFactory(email="nl@example.org", language="nl")
        with translation.override("en"):
            invitation = services.invitation_create(
                organisation=organisation, email="nl@example.org", role="editor", by=admin
            )
        body = mail.outbox[0].body
        assert f"/en/portal/uitnodiging/{invitation.token}/" not in body
        assert f"/portal/uitnodiging/{invitation.token}/" in body

    def test_member_and_second_invitation_are_refused(self, organisation, admin):
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_create(
                organisation=organisation, email="ADMIN@example.org", role="editor", by=admin
            )
        assert _code(excinfo) == "already_member"
        services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_create(
                organisation=organisation, email="A@example.org", role="admin", by=admin
            )
        assert _code(excinfo) == "already_invited"
        assert Invitation.objects.count() == 1

    def test_accept(self, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email="a@example.org", role="admin", by=admin
        )
        user = UserFactory(email="a@example.org")
        membership = services.invitation_accept(token=invitation.token, user=user)
        assert membership.organisation == organisation
        assert membership.role == Membership.Role.ADMIN
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.ACCEPTED
        assert invitation.accepted_by == user

    def test_accept_twice(self, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        user = UserFactory(email="a@example.org")
        services.invitation_accept(token=invitation.token, user=user)
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_accept(token=invitation.token, user=user)
        assert _code(excinfo) == "used"
        assert Membership.objects.filter(user=user).count() == 1

    def test_accept_with_another_email(self, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        intruder = UserFactory(email="b@example.org")
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_accept(token=invitation.token, user=intruder)
        assert _code(excinfo) == "wrong_user"
        assert not Membership.objects.filter(user=intruder).exists()
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_accept_expired_revoked_unknown(self, organisation, admin):
        user = UserFactory(email="a@example.org")
        invitation = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_accept(token=invitation.token, user=user)
        assert _code(excinfo) == "expired"
        # An expired invitation is not revoked: there is nothing left to stop.
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_revoke(invitation=invitation, by=admin)
        assert _code(excinfo) == "expired"
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() + timedelta(days=1)
        )
        services.invitation_revoke(invitation=invitation, by=admin)
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_accept(token=invitation.token, user=user)
        assert _code(excinfo) == "invalid"
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_accept(token="unknown", user=user)
        assert _code(excinfo) == "invalid"
        assert not Membership.objects.filter(user=user).exists()

    def test_revoke_only_pending(self, organisation, admin):
        invitation = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        services.invitation_revoke(invitation=invitation, by=admin)
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.REVOKED
        assert AuditEntry.objects.filter(code="organisations.invitation.revoked").count() == 1
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_revoke(invitation=invitation, by=admin)
        assert _code(excinfo) == "not_pending"

    def test_after_revoking_the_address_waits_for_the_pause(self, organisation, admin, settings):
        """Revoking does not reset the pause (issue 14: invite → revoke → invite loops)."""
        settings.INVITATION_REPEAT_DAYS = 30
        first = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        services.invitation_revoke(invitation=first, by=admin)
        with pytest.raises(ValidationError) as excinfo:
            services.invitation_create(
                organisation=organisation, email="a@example.org", role="editor", by=admin
            )
        assert _code(excinfo) == "repeat"
        Invitation.objects.filter(pk=first.pk).update(
            created_at=timezone.now() - timedelta(days=30, minutes=1)
        )
        second = services.invitation_create(
            organisation=organisation, email="a@example.org", role="editor", by=admin
        )
        assert second.token != first.token


# --- join requests -------------------------------------------------------------------------


@pytest.mark.django_db
class TestJoinRequests:
    @pytest.fixture(autouse=True)
    def _public_signatory(self, organisation):
        # Only public signatories can be joined (see test_join_requests.py for the refusal).
        ApprovedSignatureFactory(organisation=organisation)

    def test_create_emails_the_admins_only(self, organisation, admin):
        MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR)
        user = UserFactory()
        join_request = services.join_request_create(
            organisation=organisation, user=user, message="  Hallo  "
        )
        assert join_request.message == "Hallo"
        assert [m.to for m in mail.outbox] == [["admin@example.org"]]

    def test_member_and_second_request_are_refused(self, organisation, admin):
        with pytest.raises(ValidationError) as excinfo:
            services.join_request_create(organisation=organisation, user=admin)
        assert _code(excinfo) == "member"
        user = UserFactory()
        services.join_request_create(organisation=organisation, user=user)
        with pytest.raises(ValidationError) as excinfo:
            services.join_request_create(organisation=organisation, user=user)
        assert _code(excinfo) == "pending"
        assert JoinRequest.objects.count() == 1

    def test_accept_gives_an_editor_membership(self, organisation, admin):
        user = UserFactory()
        join_request = services.join_request_create(organisation=organisation, user=user)
        services.join_request_decide(join_request=join_request, accept=True, by=admin)
        assert Membership.objects.get(organisation=organisation, user=user).role == "editor"
        join_request.refresh_from_db()
        assert join_request.status == JoinRequest.Status.ACCEPTED
        assert join_request.decided_by == admin
        with pytest.raises(ValidationError) as excinfo:
            services.join_request_decide(join_request=join_request, accept=False, by=admin)
        assert _code(excinfo) == "decided"

    def test_decline(self, organisation, admin):
        user = UserFactory()
        join_request = services.join_request_create(organisation=organisation, user=user)
        services.join_request_decide(join_request=join_request, accept=False, by=admin)
        assert not Membership.objects.filter(user=user).exists()
        assert AuditEntry.objects.filter(code="organisations.join_request.declined").exists()
        # After a decline, the person may ask again, but only 30 days later.
        with pytest.raises(ValidationError) as excinfo:
            services.join_request_create(organisation=organisation, user=user)
        assert _code(excinfo) == "declined_recently"
        JoinRequest.objects.filter(pk=join_request.pk).update(
            decided_at=timezone.now() - timedelta(days=31)
        )
        services.join_request_create(organisation=organisation, user=user)


# --- concurrency (PostgreSQL) --------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL only"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accepts_of_one_invitation_at_once():
    """The same invitee in two browsers clicks at the same moment: one membership, one entry."""
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    invitation = services.invitation_create(
        organisation=organisation, email="collega@example.org", role="editor", by=admin
    )
    invitee = UserFactory(email="collega@example.org")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept() -> None:
        try:
            barrier.wait(timeout=10)
            try:
                services.invitation_accept(token=invitation.token, user=invitee)
            except ValidationError as error:
                outcomes.append(error.code)
            else:
                outcomes.append("accepted")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "used"]
    assert Membership.objects.filter(organisation=organisation, user=invitee).count() == 1
    assert AuditEntry.objects.filter(code="organisations.invitation.accepted").count() == 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
