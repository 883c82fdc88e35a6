"""Partner calls in the portal: the open calls, a call's page (the answer form, or the
caller's view with answers, suggestions, close and the joint action), posting, the caller's
list, and the link from the portal home."""

import pytest
from django.core import mail
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import PartnerCall, PartnerCallAnswer

from .factories import PartnerCallFactory, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def member_of(organisation):
    return organisation.memberships.get().user


def detail_url(call) -> str:
    return reverse("portal:partner-call-detail", kwargs={"pk": call.pk})


class TestList:
    url = property(lambda self: reverse("portal:partner-call-list"))

    def test_a_signatory_member_sees_the_open_calls(self, client):
        open_call = PartnerCallFactory(title="Open oproep")
        PartnerCallFactory(title="Gesloten oproep", status=PartnerCall.Status.CLOSED)
        client.force_login(member_of(signatory()))
        response = client.get(self.url)
        assert response.status_code == 200
        assert "Open oproep" in response.text
        assert "Gesloten oproep" not in response.text
        assert detail_url(open_call) in response.text

    def test_who_is_no_signatorys_member_is_told_why(self, client):
        PartnerCallFactory(title="Open oproep")
        client.force_login(UserFactory())
        response = client.get(self.url)
        assert "for the members of a signatory" in response.text
        assert "Open oproep" not in response.text

    def test_filters_by_category_and_subregion(self, client):
        kortrijk, gent = SubregionFactory(), SubregionFactory()
        schools_in_kortrijk = PartnerCallFactory(
            title="Scholen Kortrijk", categories=[Category.EDUCATION]
        )
        schools_in_kortrijk.subregions.set([kortrijk])
        PartnerCallFactory(title="Bedrijven overal", categories=[Category.COMPANY])
        schools_in_gent = PartnerCallFactory(title="Scholen Gent", categories=[Category.EDUCATION])
        schools_in_gent.subregions.set([gent])
        client.force_login(member_of(signatory()))
        response = client.get(self.url, {"category": Category.EDUCATION, "subregion": kortrijk.pk})
        assert "Scholen Kortrijk" in response.text
        assert "Bedrijven overal" not in response.text
        assert "Scholen Gent" not in response.text
        # A call for anywhere is in every subregion.
        response = client.get(self.url, {"subregion": kortrijk.pk})
        assert "Bedrijven overal" in response.text
        assert "Scholen Gent" not in response.text

    def test_a_bad_filter_value_is_a_message_not_an_error(self, client):
        client.force_login(member_of(signatory()))
        response = client.get(self.url, {"category": "aliens", "subregion": "x"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text


class TestCreate:
    def url(self, organisation) -> str:
        return reverse(
            "portal:partner-call-create", kwargs={"organisation_slug": organisation.slug}
        )

    def test_post_a_call(self, client):
        organisation = signatory()
        subregion = SubregionFactory()
        client.force_login(member_of(organisation))
        response = client.post(
            self.url(organisation),
            {
                "title": "Zomerkamp",
                "description": "Een week programmeren.",
                "categories": [Category.EDUCATION],
                "subregions": [subregion.pk],
            },
        )
        call = PartnerCall.objects.get()
        assert response.status_code == 302
        assert response.headers["Location"] == detail_url(call)
        assert call.organisation == organisation
        assert list(call.subregions.all()) == [subregion]

    def test_no_category_is_refused_with_a_message(self, client):
        organisation = signatory()
        client.force_login(member_of(organisation))
        response = client.post(
            self.url(organisation), {"title": "Zomerkamp", "description": "Een week."}
        )
        assert response.status_code == 200
        assert "Choose at least one kind of organisation you look for." in response.text
        assert not PartnerCall.objects.exists()

    def test_empty_or_too_long_texts_say_which_field(self, client):
        organisation = signatory()
        client.force_login(member_of(organisation))
        response = client.post(self.url(organisation), {"categories": [Category.COMPANY]})
        assert "Give the call a title." in response.text
        assert "Describe the project and who you look for." in response.text
        response = client.post(
            self.url(organisation),
            {"title": "T" * 500, "description": "D" * 5000, "categories": [Category.COMPANY]},
        )
        assert "Shorten the title to at most" in response.text
        assert "Shorten the description to at most" in response.text
        assert not PartnerCall.objects.exists()

    def test_an_organisation_that_has_not_signed_is_told_why(self, client):
        organisation = OrganisationFactory()
        user = UserFactory()
        MembershipFactory(organisation=organisation, user=user)
        client.force_login(user)
        response = client.get(self.url(organisation))
        assert "Only signatories of the charter can post a partner call" in response.text
        assert "<form" not in response.text.split("<main", 1)[-1]
        client.post(
            self.url(organisation),
            {"title": "T", "description": "D", "categories": [Category.COMPANY]},
        )
        assert not PartnerCall.objects.exists()

    def test_the_callers_list(self, client):
        call = PartnerCallFactory(title="Onze oproep")
        PartnerCallAnswer.objects.create(partner_call=call, organisation=signatory(), message="Ja")
        client.force_login(member_of(call.organisation))
        response = client.get(
            reverse(
                "portal:partner-call-own-list",
                kwargs={"organisation_slug": call.organisation.slug},
            )
        )
        assert "Onze oproep" in response.text
        assert response.context["partner_calls"][0].answer_count == 1


class TestAnswer:
    def test_answer_with_consent_and_the_email_to_the_caller(self, client):
        call = PartnerCallFactory()
        answerer = signatory(name="Robotica NV")
        client.force_login(member_of(answerer))
        page = client.get(detail_url(call))
        assert "By answering you agree to share them." in page.text
        assert "You answer for Robotica NV." in page.text
        response = client.post(
            detail_url(call), {"organisation": answerer.pk, "message": "Wij doen mee."}
        )
        assert response.status_code == 302
        answer = PartnerCallAnswer.objects.get()
        assert (answer.organisation, answer.created_by) == (answerer, member_of(answerer))
        assert len(mail.outbox) == 1
        # Answered: the page shows the answer and no second form.
        page = client.get(detail_url(call))
        assert "Wij doen mee." in page.text
        assert "Send the answer" not in page.text

    def test_answering_twice_is_refused(self, client):
        call = PartnerCallFactory()
        answerer = signatory()
        PartnerCallAnswer.objects.create(partner_call=call, organisation=answerer, message="Ja")
        client.force_login(member_of(answerer))
        response = client.post(
            detail_url(call), {"organisation": answerer.pk, "message": "Nog eens"}
        )
        assert response.status_code == 200
        assert "Your organisation has already answered this call." in response.text
        # What was typed (in an older tab) is shown back, not lost.
        assert "Nog eens" in response.text
        assert PartnerCallAnswer.objects.count() == 1

    def test_a_member_of_two_signatories_chooses_one(self, client):
        call = PartnerCallFactory()
        first = signatory(name="Eerste")
        second = signatory(name="Tweede", member=member_of(first))
        client.force_login(member_of(first))
        response = client.post(detail_url(call), {"message": "Hallo"})
        assert "Choose the organisation you answer for." in response.text
        client.post(detail_url(call), {"organisation": second.pk, "message": "Hallo"})
        assert PartnerCallAnswer.objects.get().organisation == second

    def test_an_organisation_of_someone_else_is_not_a_choice(self, client):
        call = PartnerCallFactory()
        answerer, stranger = signatory(), signatory()
        client.force_login(member_of(answerer))
        response = client.post(detail_url(call), {"organisation": stranger.pk, "message": "Hi"})
        assert response.status_code == 200
        assert not PartnerCallAnswer.objects.exists()

    def test_the_caller_cannot_answer_its_own_call(self, client):
        call = PartnerCallFactory()
        client.force_login(member_of(call.organisation))
        response = client.post(
            detail_url(call), {"organisation": call.organisation.pk, "message": "Ikzelf"}
        )
        assert "You cannot answer this call." in response.text
        assert not PartnerCallAnswer.objects.exists()

    def test_a_closed_call_is_hidden_from_those_who_did_not_answer(self, client):
        call = PartnerCallFactory(status=PartnerCall.Status.CLOSED)
        answered = signatory()
        PartnerCallAnswer.objects.create(partner_call=call, organisation=answered, message="Ja")
        client.force_login(member_of(signatory()))
        assert client.get(detail_url(call)).status_code == 404
        assert client.post(detail_url(call), {"message": "Hi"}).status_code == 404
        client.force_login(member_of(answered))
        response = client.get(detail_url(call))
        assert response.status_code == 200
        assert "Send the answer" not in response.text


class TestCallersView:
    def test_answers_with_contact_details_and_suggestions(self, client):
        call = PartnerCallFactory(categories=[Category.COMPANY])
        answerer = signatory(name="Robotica NV")
        person = member_of(answerer)
        PartnerCallAnswer.objects.create(
            partner_call=call, organisation=answerer, created_by=person, message="Wij doen mee."
        )
        suggested = signatory(name="Nieuwe Partner")
        known = signatory(name="Oude Bekende")
        ActionFactory(organisation=call.organisation).partners.add(known)
        client.force_login(member_of(call.organisation))
        response = client.get(detail_url(call))
        assert "Wij doen mee." in response.text
        assert person.email in response.text
        assert response.context["suggestions"] == [suggested]
        assert "Oude Bekende" not in response.text
        assert "Send the answer" not in response.text

    def test_close(self, client):
        call = PartnerCallFactory()
        client.force_login(member_of(call.organisation))
        url = reverse("portal:partner-call-close", kwargs={"pk": call.pk})
        assert client.post(url).status_code == 302
        call.refresh_from_db()
        assert call.status == PartnerCall.Status.CLOSED
        # Closed: off the list of open calls.
        client.force_login(member_of(signatory()))
        assert call not in client.get(reverse("portal:partner-call-list")).context["partner_calls"]

    def test_another_signatory_cannot_close(self, client):
        call = PartnerCallFactory()
        client.force_login(member_of(signatory()))
        url = reverse("portal:partner-call-close", kwargs={"pk": call.pk})
        assert client.post(url).status_code == 404
        call.refresh_from_db()
        assert call.status == PartnerCall.Status.OPEN


class TestJointAction:
    def url(self, call) -> str:
        return reverse("portal:partner-call-action", kwargs={"pk": call.pk})

    def test_choose_among_the_callers_published_actions(self, client):
        call = PartnerCallFactory()
        organised = PublishedActionFactory(organisation=call.organisation, title="Zomerkamp")
        partnered = PublishedActionFactory(title="Robotweek")
        partnered.partners.add(call.organisation)
        ActionFactory(organisation=call.organisation, title="Nog een ontwerp")
        PublishedActionFactory(title="Van iemand anders")
        client.force_login(member_of(call.organisation))
        response = client.get(self.url(call))
        assert set(response.context["form"].fields["action"].queryset) == {organised, partnered}
        response = client.post(self.url(call), {"action": organised.pk})
        assert response.status_code == 302
        call.refresh_from_db()
        assert call.action == organised
        # The call's page links to the action's public page, for every reader.
        public_url = reverse("actions:action-detail", kwargs={"slug": organised.slug})
        assert public_url in client.get(detail_url(call)).text
        client.force_login(member_of(signatory()))
        assert public_url in client.get(detail_url(call)).text

    def test_an_action_that_is_not_a_choice_is_refused(self, client):
        call = PartnerCallFactory()
        other = PublishedActionFactory()
        client.force_login(member_of(call.organisation))
        response = client.post(self.url(call), {"action": other.pk})
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        call.refresh_from_db()
        assert call.action is None


def test_find_partners_on_the_portal_home_for_members_of_signatories(client):
    organisation = signatory()
    client.force_login(member_of(organisation))
    response = client.get(reverse("portal:home"))
    own_list = reverse(
        "portal:partner-call-own-list", kwargs={"organisation_slug": organisation.slug}
    )
    assert own_list in response.text
    assert "Find partners" in response.text
