"""The signatory portal: anonymous, forbidden and allowed cases for every view, plus IDOR."""

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.organisations import services
from stemcharter.organisations.models import (
    Category,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
)
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.vocabulary.models import Sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _login_redirect(url: str) -> str:
    return f"{reverse('account_login')}?next={quote(url)}"


def _png(size=(40, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


# --- profile ----------------------------------------------------------------------------


def _profile_data(**overrides):
    subregion = overrides.pop("subregion", None) or SubregionFactory()
    data = {
        "name": "Eigen Organisatie",
        "town": "Gent",
        "category": Category.COMPANY,
        "sector": Sector.objects.order_by("pk").first().pk,
        "enterprise_number": "0123.456.749",
        "website": "https://www.example.be",
        "description": "Wij maken robots.",
        "subregions": [subregion.pk],
    }
    data.update(overrides)
    return data


class TestOrganisationEdit:
    @staticmethod
    def url(organisation):
        return reverse("portal:organisation-edit", args=[organisation.slug])

    def test_anonymous_goes_to_login(self, client, organisation):
        response = client.get(self.url(organisation))
        assert response.url == _login_redirect(self.url(organisation))

    def test_member_of_another_organisation_gets_404(self, client, organisation, outsider):
        client.force_login(outsider)
        assert client.get(self.url(organisation)).status_code == 404
        response = client.post(self.url(organisation), _profile_data(name="Gekaapt"))
        assert response.status_code == 404
        organisation.refresh_from_db()
        assert organisation.name == "Eigen Organisatie"

    def test_unknown_slug_gets_404(self, client, admin):
        client.force_login(admin)
        response = client.get(reverse("portal:organisation-edit", args=["bestaat-niet"]))
        assert response.status_code == 404

    def test_coordinator_without_membership_gets_404(self, client, organisation):
        from stemcharter.accounts.tests.factories import CoordinatorFactory

        client.force_login(CoordinatorFactory())
        assert client.get(self.url(organisation)).status_code == 404

    def test_get_shows_current_profile(self, client, organisation, editor):
        client.force_login(editor)
        response = client.get(self.url(organisation))
        assert response.status_code == 200
        content = response.content.decode()
        assert 'value="Eigen Organisatie"' in content
        assert 'value="0123.456.749"' in content
        assert content.count("<h1") == 1

    @pytest.mark.parametrize("role", ["admin", "editor"])
    def test_member_saves_profile(self, client, organisation, admin, editor, role):
        user = admin if role == "admin" else editor
        client.force_login(user)
        subregion = SubregionFactory()
        response = client.post(
            self.url(organisation),
            _profile_data(name="Eigen Organisatie Vernieuwd", subregion=subregion),
        )
        assert response.status_code == 302
        assert response.url == self.url(organisation)
        assert "The profile has been saved." in _messages(response)
        organisation.refresh_from_db()
        assert organisation.name == "Eigen Organisatie Vernieuwd"
        assert organisation.website == "https://www.example.be"
        assert list(organisation.subregions.all()) == [subregion]
        entry = AuditEntry.objects.get(code="organisations.organisation.updated")
        assert entry.actor == user
        assert "name" in entry.data["fields"]

    def test_a_page_opened_before_another_save_cannot_undo_it(
        self, client, organisation, admin, editor
    ):
        """Two members edit the profile at once (``common.concurrency``): the save from the
        page opened before the other's save is refused, with what was typed and what
        differs; saving again on purpose passes."""
        import re

        from stemcharter.common.concurrency import VERSION_FIELD

        client.force_login(editor)
        page = client.get(self.url(organisation)).content.decode()
        opened = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page).group(1)
        subregion = SubregionFactory()
        first = _profile_data(name="Naam van A", subregion=subregion)
        response = client.post(self.url(organisation), {**first, VERSION_FIELD: opened})
        assert response.status_code == 302
        second = _profile_data(description="Tekst van B.", subregion=subregion)
        response = client.post(self.url(organisation), {**second, VERSION_FIELD: opened})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Someone changed this (in another tab or another person)" in content
        assert "Tekst van B." in content
        assert ("Name of the organisation", "Naam van A") in response.context["conflict_rows"]
        organisation.refresh_from_db()
        assert (organisation.name, organisation.description) == ("Naam van A", "Wij maken robots.")
        again = {**second, VERSION_FIELD: response.context["opened_version"]}
        assert client.post(self.url(organisation), again).status_code == 302
        organisation.refresh_from_db()
        assert organisation.description == "Tekst van B."

    def test_post_naming_another_organisation_changes_only_own(
        self, client, organisation, admin, other_organisation
    ):
        client.force_login(admin)
        data = _profile_data(
            name="Eigen Organisatie",
            description="Alleen de eigen organisatie verandert.",
            organisation=other_organisation.pk,
            id=other_organisation.pk,
            pk=other_organisation.pk,
            slug=other_organisation.slug,
            organisation_slug=other_organisation.slug,
        )
        response = client.post(self.url(organisation), data)
        assert response.status_code == 302
        organisation.refresh_from_db()
        other_organisation.refresh_from_db()
        assert organisation.description == "Alleen de eigen organisatie verandert."
        assert other_organisation.description == "Een fictieve organisatie voor tests."
        assert other_organisation.name == "Andere Organisatie"
        assert not AuditEntry.objects.filter(target_id=str(other_organisation.pk)).exists()

    def test_invalid_enterprise_number(self, client, organisation, admin):
        client.force_login(admin)
        response = client.post(
            self.url(organisation),
            _profile_data(enterprise_number="0123.456.748", description="Nieuwe tekst"),
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Enter a valid enterprise number, for example 0123.456.749." in content
        assert "There is a problem" in content
        assert "Error:" in content.split("</title>")[0]
        # What the user typed is still there; nothing was saved.
        assert "Nieuwe tekst" in content
        organisation.refresh_from_db()
        assert organisation.description == "Een fictieve organisatie voor tests."

    def test_empty_required_fields_say_how_to_fix(self, client, organisation, admin):
        client.force_login(admin)
        response = client.post(
            self.url(organisation),
            _profile_data(name="", category="", website="geen adres", subregions=[]),
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["name"] == ["Enter the name of the organisation."]
        assert errors["category"] == ["Choose the category that fits the organisation best."]
        assert errors["website"] == ["Enter a web address, for example https://www.example.be."]
        assert errors["subregions"] == ["Choose at least one subregion."]

    def test_enterprise_number_required_except_for_individuals(self, client, organisation, admin):
        client.force_login(admin)
        response = client.post(self.url(organisation), _profile_data(enterprise_number=""))
        assert response.status_code == 200
        assert response.context["form"].errors["enterprise_number"]
        response = client.post(
            self.url(organisation),
            _profile_data(enterprise_number="", category=Category.INDIVIDUAL),
        )
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.enterprise_number == ""

    def test_duplicate_name_is_shown_on_the_name_field(
        self, client, organisation, admin, other_organisation
    ):
        # The same name in the same town, and one of the two has no enterprise number.
        Organisation.objects.filter(pk=other_organisation.pk).update(enterprise_number="")
        client.force_login(admin)
        response = client.post(self.url(organisation), _profile_data(name="andere organisatie NV"))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["name"] == [
            "An organisation with this name is already registered in Gent. If yours is another "
            "one, add what sets yours apart to the name, for example the campus or the street."
        ]
        organisation.refresh_from_db()
        assert organisation.name == "Eigen Organisatie"

    def test_duplicate_enterprise_number_is_shown_on_its_field(
        self, client, organisation, admin, other_organisation
    ):
        client.force_login(admin)
        response = client.post(
            self.url(organisation), _profile_data(enterprise_number="BE 0234 567 873")
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["enterprise_number"] == [
            "An organisation with this enterprise number is already registered."
        ]

    def test_logo_upload(self, client, organisation, admin):
        client.force_login(admin)
        response = client.post(self.url(organisation), {**_profile_data(), "logo": _png()})
        assert response.status_code == 302
        organisation.refresh_from_db()
        assert organisation.logo
        assert (organisation.logo_width, organisation.logo_height) == (40, 20)
        content = client.get(self.url(organisation)).content.decode()
        assert 'width="40" height="20"' in content

    def test_logo_that_is_not_an_image(self, client, organisation, admin):
        client.force_login(admin)
        fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
        response = client.post(self.url(organisation), {**_profile_data(), "logo": fake})
        assert response.status_code == 200
        assert response.context["form"].errors["logo"] == [
            "The file is not an image. Choose a PNG, JPEG, GIF or WebP file."
        ]
        organisation.refresh_from_db()
        assert not organisation.logo

    def test_valid_logo_with_another_error_asks_to_choose_it_again(
        self, client, organisation, admin
    ):
        client.force_login(admin)
        response = client.post(
            self.url(organisation), {**_profile_data(enterprise_number="123"), "logo": _png()}
        )
        assert response.status_code == 200
        assert "Choose the logo file again" in response.content.decode()


# --- members ----------------------------------------------------------------------------


class TestMemberList:
    @staticmethod
    def url(organisation):
        return reverse("portal:member-list", args=[organisation.slug])

    def test_anonymous_goes_to_login(self, client, organisation):
        response = client.get(self.url(organisation))
        assert response.url == _login_redirect(self.url(organisation))

    def test_member_of_another_organisation_gets_404(self, client, organisation, outsider):
        client.force_login(outsider)
        assert client.get(self.url(organisation)).status_code == 404

    def test_editor_sees_members_without_admin_controls(self, client, organisation, editor):
        client.force_login(editor)
        response = client.get(self.url(organisation))
        assert response.status_code == 200
        content = response.content.decode()
        assert "admin@example.org" in content
        assert "editor@example.org" in content
        assert reverse("portal:invitation-create", args=[organisation.slug]) not in content
        assert "membership-delete" not in content
        assert "/verwijderen/" not in content
        assert "Requests to join" not in content

    def test_admin_sees_invite_form_invitations_and_requests(
        self, client, organisation, admin, editor
    ):
        services.invitation_create(
            organisation=organisation, email="collega@example.org", role="editor", by=admin
        )
        ApprovedSignatureFactory(organisation=organisation)  # only public ones can be joined
        services.join_request_create(
            organisation=organisation,
            user=UserFactory(email="vraagt@example.org"),
            message="Ik werk hier ook.",
        )
        client.force_login(admin)
        content = client.get(self.url(organisation)).content.decode()
        assert reverse("portal:invitation-create", args=[organisation.slug]) in content
        assert "collega@example.org" in content
        assert "vraagt@example.org" in content
        assert "Ik werk hier ook." in content
        membership = Membership.objects.get(user=editor)
        assert reverse("portal:membership-delete", args=[organisation.slug, membership.pk]) in (
            content
        )

    def test_admin_changes_a_role(self, client, organisation, admin, editor):
        client.force_login(admin)
        membership = Membership.objects.get(user=editor)
        response = client.post(
            self.url(organisation), {"membership": membership.pk, "role": "admin"}
        )
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.role == Membership.Role.ADMIN
        assert AuditEntry.objects.filter(code="organisations.membership.role_changed").exists()

    def test_editor_cannot_change_roles(self, client, organisation, editor):
        client.force_login(editor)
        membership = Membership.objects.get(user=editor)
        response = client.post(
            self.url(organisation), {"membership": membership.pk, "role": "admin"}
        )
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.role == Membership.Role.EDITOR

    def test_last_admin_cannot_step_down(self, client, organisation, admin):
        client.force_login(admin)
        membership = Membership.objects.get(user=admin)
        response = client.post(
            self.url(organisation), {"membership": membership.pk, "role": "editor"}
        )
        assert response.status_code == 302
        assert "You cannot remove the last admin. Make another member admin first." in (
            _messages(response)
        )
        membership.refresh_from_db()
        assert membership.role == Membership.Role.ADMIN

    def test_role_change_of_another_organisations_member_is_404(
        self, client, organisation, admin, outsider
    ):
        client.force_login(admin)
        membership = Membership.objects.get(user=outsider)
        response = client.post(
            self.url(organisation), {"membership": membership.pk, "role": "editor"}
        )
        assert response.status_code == 404
        membership.refresh_from_db()
        assert membership.role == Membership.Role.ADMIN


class TestInvitationCreate:
    @staticmethod
    def url(organisation):
        return reverse("portal:invitation-create", args=[organisation.slug])

    def test_anonymous_goes_to_login(self, client, organisation):
        response = client.post(self.url(organisation), {"email": "a@example.org"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert not Invitation.objects.exists()

    def test_editor_gets_404(self, client, organisation, editor):
        client.force_login(editor)
        response = client.post(self.url(organisation), {"email": "a@example.org", "role": "editor"})
        assert response.status_code == 404
        assert not Invitation.objects.exists()

    def test_member_of_another_organisation_gets_404(self, client, organisation, outsider):
        client.force_login(outsider)
        response = client.post(self.url(organisation), {"email": "a@example.org", "role": "editor"})
        assert response.status_code == 404
        assert not Invitation.objects.exists()

    def test_get_goes_back_to_the_member_list(self, client, organisation, admin):
        client.force_login(admin)
        response = client.get(self.url(organisation))
        assert response.url == reverse("portal:member-list", args=[organisation.slug])

    def test_invite_a_new_address(self, client, organisation, admin):
        client.force_login(admin)
        response = client.post(
            self.url(organisation),
            {"email": "Collega@Example.org", "role": "admin", "organisation": 999},
        )
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert invitation.organisation == organisation
        assert invitation.email == "collega@example.org"
        assert invitation.role == Membership.Role.ADMIN
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["collega@example.org"]
        # A new address gets the inviting admin's language (Dutch): the link has no prefix.
        assert f"/portal/uitnodiging/{invitation.token}/" in message.body
        assert f"/en/portal/uitnodiging/{invitation.token}/" not in message.body
        assert AuditEntry.objects.filter(code="organisations.invitation.created").exists()

    def test_invitation_email_in_the_invitees_language(self, client, organisation, admin):
        UserFactory(email="english@example.org", language="en")
        client.force_login(admin)
        # The admin works in Dutch; the invitee reads English.
        client.post(self.url(organisation), {"email": "english@example.org", "role": "editor"})
        invitation = Invitation.objects.get()
        body = mail.outbox[0].body
        assert f"/en/portal/uitnodiging/{invitation.token}/" in body
        assert "invites you to help keep the profile" in body

    def test_invitation_from_english_admin_to_dutch_user(self, client, organisation, admin):
        UserFactory(email="nederlands@example.org", language="nl")
        client.force_login(admin)
        url = self.url(organisation)  # the english fixture gives the English page
        assert url.startswith("/en/")
        client.post(url, {"email": "nederlands@example.org", "role": "editor"})
        invitation = Invitation.objects.get()
        body = mail.outbox[0].body
        assert f"/en/portal/uitnodiging/{invitation.token}/" not in body
        assert f"/portal/uitnodiging/{invitation.token}/" in body

    @pytest.mark.parametrize(
        ("email", "message"),
        [
            ("", "Enter an email address, for example name@example.be."),
            ("geen-adres", "Enter a valid email address, for example name@example.be."),
            ("editor@example.org", "This person is already a member of Eigen Organisatie."),
        ],
    )
    def test_bad_input_is_shown_next_to_the_field(
        self, client, organisation, admin, editor, email, message
    ):
        client.force_login(admin)
        response = client.post(self.url(organisation), {"email": email, "role": "editor"})
        assert response.status_code == 200
        assert response.context["invitation_form"].errors["email"] == [message]
        assert "There is a problem" in response.content.decode()
        assert not Invitation.objects.exists()
        assert mail.outbox == []

    def test_second_invitation_to_the_same_address(self, client, organisation, admin):
        client.force_login(admin)
        client.post(self.url(organisation), {"email": "a@example.org", "role": "editor"})
        response = client.post(self.url(organisation), {"email": "A@example.org", "role": "admin"})
        assert response.status_code == 200
        assert "already been invited" in response.content.decode()
        assert Invitation.objects.count() == 1


class TestInvitationRevoke:
    @pytest.fixture
    def invitation(self, organisation, admin):
        return services.invitation_create(
            organisation=organisation, email="collega@example.org", role="editor", by=admin
        )

    @staticmethod
    def url(invitation):
        return reverse(
            "portal:invitation-revoke", args=[invitation.organisation.slug, invitation.pk]
        )

    def test_anonymous_goes_to_login(self, client, invitation):
        response = client.post(self.url(invitation))
        assert response.url.startswith(reverse("account_login"))

    def test_editor_gets_404(self, client, invitation, editor):
        client.force_login(editor)
        assert client.post(self.url(invitation)).status_code == 404
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_another_organisations_invitation_through_own_url_is_404(
        self, client, organisation, invitation, outsider, other_organisation
    ):
        client.force_login(outsider)
        url = reverse("portal:invitation-revoke", args=[other_organisation.slug, invitation.pk])
        assert client.post(url).status_code == 404
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_get_is_not_allowed(self, client, invitation, admin):
        client.force_login(admin)
        assert client.get(self.url(invitation)).status_code == 405

    def test_admin_revokes_and_the_link_stops_working(self, client, invitation, admin):
        client.force_login(admin)
        response = client.post(self.url(invitation))
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.REVOKED
        assert "The invitation to collega@example.org has been revoked." in _messages(response)

        client.force_login(UserFactory(email="collega@example.org"))
        accept_url = reverse("portal:invitation-accept", args=[invitation.token])
        response = client.post(accept_url)
        assert response.status_code == 400
        assert "This invitation does not exist or was revoked." in response.content.decode()
        assert not Membership.objects.filter(user__email="collega@example.org").exists()

    def test_an_expired_invitation_offers_no_revoke_and_is_not_revoked(
        self, client, invitation, admin
    ):
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
        client.force_login(admin)
        page = client.get(reverse("portal:member-list", args=[invitation.organisation.slug]))
        text = page.content.decode()
        assert "Expired" in text
        assert self.url(invitation) not in text
        # Sent today: the anti-abuse pause forbids a new invitation until it is over, so the
        # page does not send the admin to the form.
        again = timezone.localdate(invitation.created_at) + timedelta(
            days=settings.INVITATION_REPEAT_DAYS
        )
        assert f"You can invite this address again from {date_format(again)}." in text
        assert "invite this address again with the form above" not in text
        Invitation.objects.filter(pk=invitation.pk).update(
            created_at=timezone.now() - timedelta(days=settings.INVITATION_REPEAT_DAYS + 1)
        )
        page = client.get(reverse("portal:member-list", args=[invitation.organisation.slug]))
        text = page.content.decode()
        assert "invite this address again with the form above" in text
        assert "You can invite this address again from" not in text
        response = client.post(
            reverse("portal:invitation-create", args=[invitation.organisation.slug]),
            {"email": "collega@example.org", "role": "editor"},
        )
        assert response.status_code == 302
        Invitation.objects.exclude(pk=invitation.pk).delete()
        Invitation.objects.filter(pk=invitation.pk).update(status=Invitation.Status.PENDING)
        response = client.post(self.url(invitation))
        assert (
            "The invitation to collega@example.org has expired: it can no longer be used, so "
            "there is nothing to revoke. You can invite this address again."
        ) in _messages(response)
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING
        assert not AuditEntry.objects.filter(code="organisations.invitation.revoked").exists()

    def test_revoking_an_expired_invitation_in_the_pause_says_from_when(
        self, client, invitation, admin, settings
    ):
        """The refusal said "You can invite this address again" even while the pause forbade
        it; it names the day, and the page says the rule once, with its length."""
        settings.INVITATION_REPEAT_DAYS = 30
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
        client.force_login(admin)
        response = client.post(self.url(invitation))
        again = timezone.localdate(invitation.created_at) + timedelta(days=30)
        assert _messages(response) == [
            "The invitation to collega@example.org has expired: it can no longer be used, so "
            "there is nothing to revoke. You can invite this address again from "
            f"{date_format(again)}."
        ]
        page = client.get(reverse("portal:member-list", args=[invitation.organisation.slug]))
        rule = (
            "Your organisation can invite an address again 30 days after it last invited it, "
            "whatever became of that invitation."
        )
        assert page.content.decode().count(rule) == 1

    def test_inviting_again_replaces_the_expired_invitation(
        self, client, invitation, admin, settings
    ):
        settings.INVITATION_REPEAT_DAYS = 0
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
        client.force_login(admin)
        response = client.post(
            reverse("portal:invitation-create", args=[invitation.organisation.slug]),
            {"email": "collega@example.org", "role": "editor"},
        )
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.EXPIRED
        assert invitation.is_expired
        new = Invitation.objects.get(status=Invitation.Status.PENDING)
        assert new.email == "collega@example.org"
        # The link of the expired one still says it expired.
        client.force_login(UserFactory(email="collega@example.org"))
        accept_url = reverse("portal:invitation-accept", args=[invitation.token])
        assert "This invitation has expired." in client.post(accept_url).content.decode()

    def test_revoking_twice_gives_a_message(self, client, invitation, admin):
        client.force_login(admin)
        client.post(self.url(invitation))
        response = client.post(self.url(invitation))
        assert "Only a pending invitation can be revoked." in _messages(response)


class TestMembershipDelete:
    @staticmethod
    def url(membership):
        return reverse(
            "portal:membership-delete", args=[membership.organisation.slug, membership.pk]
        )

    def test_anonymous_goes_to_login(self, client, organisation, editor):
        membership = Membership.objects.get(user=editor)
        assert client.get(self.url(membership)).url.startswith(reverse("account_login"))

    def test_editor_gets_404(self, client, organisation, admin, editor):
        client.force_login(editor)
        membership = Membership.objects.get(user=admin)
        assert client.get(self.url(membership)).status_code == 404
        assert client.post(self.url(membership)).status_code == 404
        assert Membership.objects.filter(user=admin).exists()

    def test_member_of_another_organisation_through_own_url_is_404(
        self, client, organisation, admin, outsider
    ):
        client.force_login(admin)
        membership = Membership.objects.get(user=outsider)
        url = reverse("portal:membership-delete", args=[organisation.slug, membership.pk])
        assert client.post(url).status_code == 404
        assert Membership.objects.filter(user=outsider).exists()

    def test_confirmation_then_removal(self, client, organisation, admin, editor):
        client.force_login(admin)
        membership = Membership.objects.get(user=editor)
        response = client.get(self.url(membership))
        assert response.status_code == 200
        content = response.content.decode()
        assert "editor@example.org" in content
        assert 'method="post"' in content
        assert Membership.objects.filter(pk=membership.pk).exists()

        response = client.post(self.url(membership))
        assert response.url == reverse("portal:member-list", args=[organisation.slug])
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert AuditEntry.objects.filter(code="organisations.membership.removed").exists()

    def test_last_admin_cannot_be_removed(self, client, organisation, admin, editor):
        client.force_login(admin)
        membership = Membership.objects.get(user=admin)
        response = client.post(self.url(membership))
        assert response.status_code == 302
        assert "You cannot remove the last admin. Make another member admin first." in (
            _messages(response)
        )
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_admin_can_leave_when_another_admin_remains(self, client, organisation, admin):
        MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
        client.force_login(admin)
        membership = Membership.objects.get(user=admin)
        response = client.post(self.url(membership))
        assert response.url == reverse("portal:home")
        assert not Membership.objects.filter(pk=membership.pk).exists()


class TestJoinRequestDecide:
    @pytest.fixture
    def requester(self):
        return UserFactory(email="vraagt@example.org", language="en")

    @pytest.fixture
    def join_request(self, organisation, admin, requester):
        ApprovedSignatureFactory(organisation=organisation)  # only public ones can be joined
        return services.join_request_create(organisation=organisation, user=requester)

    @staticmethod
    def url(join_request):
        return reverse(
            "portal:join-request-decide", args=[join_request.organisation.slug, join_request.pk]
        )

    def test_anonymous_goes_to_login(self, client, join_request):
        response = client.post(self.url(join_request), {"decision": "accept"})
        assert response.url.startswith(reverse("account_login"))

    def test_editor_gets_404(self, client, join_request, editor):
        client.force_login(editor)
        assert client.post(self.url(join_request), {"decision": "accept"}).status_code == 404
        join_request.refresh_from_db()
        assert join_request.status == JoinRequest.Status.PENDING

    def test_another_organisations_request_through_own_url_is_404(
        self, client, join_request, outsider, other_organisation
    ):
        client.force_login(outsider)
        url = reverse("portal:join-request-decide", args=[other_organisation.slug, join_request.pk])
        assert client.post(url, {"decision": "accept"}).status_code == 404
        assert not Membership.objects.filter(organisation=other_organisation).exclude(user=outsider)

    def test_accept_makes_an_editor(self, client, organisation, join_request, admin, requester):
        client.force_login(admin)
        mail.outbox.clear()
        response = client.post(self.url(join_request), {"decision": "accept"})
        assert response.url == reverse("portal:member-list", args=[organisation.slug])
        membership = Membership.objects.get(organisation=organisation, user=requester)
        assert membership.role == Membership.Role.EDITOR
        assert mail.outbox[0].to == ["vraagt@example.org"]
        assert "You are now a member" in mail.outbox[0].subject

    def test_decline(self, client, organisation, join_request, admin, requester):
        client.force_login(admin)
        client.post(self.url(join_request), {"decision": "decline"})
        join_request.refresh_from_db()
        assert join_request.status == JoinRequest.Status.DECLINED
        assert not Membership.objects.filter(user=requester).exists()

    def test_unknown_decision(self, client, join_request, admin):
        client.force_login(admin)
        response = client.post(self.url(join_request), {"decision": "maybe"})
        assert "Choose to accept or decline the request." in _messages(response)
        join_request.refresh_from_db()
        assert join_request.status == JoinRequest.Status.PENDING

    def test_deciding_twice(self, client, join_request, admin):
        client.force_login(admin)
        client.post(self.url(join_request), {"decision": "accept"})
        response = client.post(self.url(join_request), {"decision": "decline"})
        assert "This request has already been answered." in _messages(response)
        join_request.refresh_from_db()
        assert join_request.status == JoinRequest.Status.ACCEPTED


# --- invitation accept -------------------------------------------------------------------


class TestInvitationAccept:
    @pytest.fixture
    def invitation(self, organisation, admin):
        return services.invitation_create(
            organisation=organisation, email="collega@example.org", role="editor", by=admin
        )

    @staticmethod
    def url(invitation):
        return reverse("portal:invitation-accept", args=[invitation.token])

    def test_anonymous_goes_to_login_which_links_to_signup(self, client, invitation):
        response = client.get(self.url(invitation))
        assert response.status_code == 302
        assert response.url == _login_redirect(self.url(invitation))
        login_page = client.get(response.url)
        assert login_page.status_code == 200
        assert reverse("account_signup") in login_page.content.decode()

    def test_get_shows_the_organisation_and_a_button(self, client, invitation):
        client.force_login(UserFactory(email="collega@example.org"))
        response = client.get(self.url(invitation))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Eigen Organisatie" in content
        assert "Accept the invitation" in content
        assert not Membership.objects.filter(user__email="collega@example.org").exists()

    def test_accept(self, client, organisation, invitation):
        user = UserFactory(email="collega@example.org")
        client.force_login(user)
        response = client.post(self.url(invitation))
        assert response.url == reverse("portal:home")
        assert "Welcome! You are now a member of Eigen Organisatie." in _messages(response)
        membership = Membership.objects.get(organisation=organisation, user=user)
        assert membership.role == Membership.Role.EDITOR
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.ACCEPTED
        assert invitation.accepted_by == user

    def test_accept_twice(self, client, invitation):
        client.force_login(UserFactory(email="collega@example.org"))
        client.post(self.url(invitation))
        response = client.post(self.url(invitation))
        assert response.status_code == 400
        assert "This invitation has already been used." in response.content.decode()
        assert Membership.objects.filter(user__email="collega@example.org").count() == 1
        assert AuditEntry.objects.filter(code="organisations.invitation.accepted").count() == 1

    def test_wrong_email(self, client, invitation):
        client.force_login(UserFactory(email="iemand-anders@example.org"))
        response = client.get(self.url(invitation))
        assert "This invitation was sent to collega@example.org." in response.content.decode()
        assert "Accept the invitation" not in response.content.decode()
        response = client.post(self.url(invitation))
        assert response.status_code == 400
        assert "Log in with that email address." in response.content.decode()
        assert not Membership.objects.filter(user__email="iemand-anders@example.org").exists()
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_expired(self, client, invitation):
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        client.force_login(UserFactory(email="collega@example.org"))
        response = client.post(self.url(invitation))
        assert "This invitation has expired." in response.content.decode()
        assert not Membership.objects.filter(user__email="collega@example.org").exists()

    def test_unknown_token(self, client):
        client.force_login(UserFactory())
        response = client.get(reverse("portal:invitation-accept", args=["onbekend"]))
        assert response.status_code == 404
        assert "This invitation does not exist or was revoked." in response.content.decode()


# --- join request create -----------------------------------------------------------------


class TestJoinRequestCreate:
    """Joining a public signatory; test_join_requests.py has the refusals (not public, declined)."""

    @pytest.fixture(autouse=True)
    def _public_signatory(self, organisation):
        ApprovedSignatureFactory(organisation=organisation)

    @staticmethod
    def url(organisation):
        return reverse("portal:join-request-create", args=[organisation.slug])

    def test_anonymous_goes_to_login(self, client, organisation):
        response = client.get(self.url(organisation))
        assert response.url == _login_redirect(self.url(organisation))

    def test_unknown_organisation(self, client):
        client.force_login(UserFactory())
        response = client.get(reverse("portal:join-request-create", args=["bestaat-niet"]))
        assert response.status_code == 404

    def test_ask_to_join_a_public_signatory(self, client, organisation, admin):
        assert Organisation.objects.signatories().filter(pk=organisation.pk).exists()
        user = UserFactory(email="vraagt@example.org")
        client.force_login(user)
        response = client.get(self.url(organisation))
        assert response.status_code == 200
        assert "Eigen Organisatie" in response.content.decode()
        response = client.post(self.url(organisation), {"message": "Ik ben de nieuwe directeur."})
        assert response.url == reverse("portal:home")
        join_request = JoinRequest.objects.get()
        assert join_request.organisation == organisation
        assert join_request.user == user
        assert join_request.message == "Ik ben de nieuwe directeur."
        assert [m.to for m in mail.outbox] == [["admin@example.org"]]
        # The email is in the admin's language (Dutch): the link has no language prefix.
        with translation.override("nl"):
            member_list = reverse("portal:member-list", args=[organisation.slug])
        assert f"{settings.SITE_URL}{member_list}" in mail.outbox[0].body

    def test_already_a_member(self, client, organisation, editor):
        client.force_login(editor)
        response = client.get(self.url(organisation))
        assert "You are already a member of this organisation." in response.content.decode()
        response = client.post(self.url(organisation), {"message": ""})
        assert "You are already a member of this organisation." in _messages(response)
        assert not JoinRequest.objects.exists()

    def test_already_asked(self, client, organisation, admin):
        client.force_login(UserFactory())
        client.post(self.url(organisation), {"message": ""})
        response = client.get(self.url(organisation))
        assert "You have already asked to join." in response.content.decode()
        response = client.post(self.url(organisation), {"message": ""})
        assert any("You have already asked to join." in m for m in _messages(response))
        assert JoinRequest.objects.count() == 1

    def test_message_too_long(self, client, organisation, admin):
        client.force_login(UserFactory())
        response = client.post(self.url(organisation), {"message": "x" * 1001})
        assert response.status_code == 200
        assert response.context["form"].errors["message"]
        assert not JoinRequest.objects.exists()

    def test_join_request_then_accept_gives_membership(self, client, organisation, admin):
        user = UserFactory()
        client.force_login(user)
        client.post(self.url(organisation), {"message": "Hallo"})
        join_request = JoinRequest.objects.get()
        client.force_login(admin)
        client.post(
            reverse("portal:join-request-decide", args=[organisation.slug, join_request.pk]),
            {"decision": "accept"},
        )
        client.force_login(user)
        response = client.get(reverse("portal:organisation-edit", args=[organisation.slug]))
        assert response.status_code == 200
