"""The signatory's pages of support requests: a request with the offer form or its own offer,
withdrawing, its offers; what a signatory sees of a request (never the asker nor other
offers, until its own offer is accepted) and who reaches these pages at all."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.support.models import Offer, SupportRequest

from .factories import OfferFactory, SupportRequestFactory, school, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def company():
    return signatory(name="Robotica NV", member=UserFactory(email="ingenieur@example.org"))


@pytest.fixture
def member(company):
    return company.memberships.get().user


@pytest.fixture
def asker():
    return UserFactory(name="Griet Peeters", email="griet.peeters@example.org")


@pytest.fixture
def support_request(asker):
    organisation = school(name="Basisschool De Linde", town="Kortrijk", member=asker)
    return SupportRequestFactory(
        organisation=organisation,
        created_by=asker,
        title="Gastles robots in het vijfde leerjaar",
        description="Een expert vertelt over robots en laat er een zien.",
    )


def page_url(organisation, support_request) -> str:
    return reverse(
        "portal:support-offer-create",
        kwargs={"organisation_slug": organisation.slug, "pk": support_request.pk},
    )


def list_url(organisation) -> str:
    return reverse("portal:support-offer-list", kwargs={"organisation_slug": organisation.slug})


def withdraw_url(offer) -> str:
    return reverse(
        "portal:support-offer-withdraw",
        kwargs={"organisation_slug": offer.organisation.slug, "pk": offer.pk},
    )


def test_a_signatory_sees_the_ask_but_not_the_asker_nor_other_offers(
    client, english, company, member, support_request
):
    OfferFactory(support_request=support_request, what="Een geheim aanbod van een ander.")
    client.force_login(member)
    response = client.get(page_url(company, support_request))
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Gastles robots in het vijfde leerjaar</h1>" in page
    assert "Een expert vertelt over robots" in page
    assert "Basisschool De Linde, Kortrijk" in page
    assert support_request.subregion.name in page
    assert "Griet Peeters" not in page
    assert "griet.peeters@example.org" not in page
    assert "Een geheim aanbod van een ander." not in page
    assert 'name="what"' in page
    assert "no-store" in response["Cache-Control"]


def test_an_offer_is_sent_and_then_shown_with_its_status_and_a_withdraw_button(
    client, english, company, member, support_request, mailoutbox
):
    client.force_login(member)
    response = client.post(
        page_url(company, support_request),
        {
            "what": "Een ingenieur komt met een robotarm.",
            "proposed_date": support_request.date_from.isoformat(),
            "message": "Tot dan!",
        },
        follow=True,
    )
    offer = Offer.objects.get()
    assert (offer.organisation, offer.created_by) == (company, member)
    assert offer.proposed_date == support_request.date_from
    page = response.content.decode()
    assert "Your offer has been sent to Basisschool De Linde." in page
    assert "Waiting for the school" in page
    assert withdraw_url(offer) in page
    assert 'name="what"' not in page
    assert len(mailoutbox) == 1


def test_a_day_outside_the_window_is_refused_with_a_message(
    client, english, company, member, support_request
):
    client.force_login(member)
    day = support_request.date_until + datetime.timedelta(days=1)
    response = client.post(
        page_url(company, support_request),
        {"what": "Een ingenieur komt.", "proposed_date": day.isoformat()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose a day between" in page
    assert "<title>Error:" in page
    assert "Een ingenieur komt." in page  # nothing typed is lost
    assert not Offer.objects.exists()


def test_an_empty_offer_says_what_is_missing(client, english, company, member, support_request):
    client.force_login(member)
    response = client.post(page_url(company, support_request), {"what": ""})
    assert response.status_code == 200
    assert "Say what you offer" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_second_offer_is_refused_with_a_message(
    client, english, company, member, support_request
):
    OfferFactory(support_request=support_request, organisation=company)
    client.force_login(member)
    response = client.post(page_url(company, support_request), {"what": "Nog eens."}, follow=True)
    assert "already offered help on this request" in response.content.decode()
    assert support_request.offers.count() == 1


def test_the_own_request_of_a_school_takes_no_offer_from_it(client, english, asker):
    own = SupportRequestFactory(organisation=school(member=UserFactory()), created_by=asker)
    organisation = own.organisation
    client.force_login(organisation.memberships.first().user)
    response = client.get(page_url(organisation, own))
    page = response.content.decode()
    assert "your own school&#x27;s request" in page
    assert 'name="what"' not in page
    response = client.post(page_url(organisation, own), {"what": "Hulp aan onszelf."}, follow=True)
    assert "your own school&#x27;s request" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_request_past_its_deadline_takes_no_offer(client, english, company, member):
    late = SupportRequestFactory(answer_deadline=timezone.localdate() - datetime.timedelta(days=1))
    OfferFactory(support_request=late, organisation=company, status=Offer.Status.WITHDRAWN)
    client.force_login(member)
    response = client.post(page_url(company, late), {"what": "Toch nog."}, follow=True)
    page = response.content.decode()
    assert "deadline for offers on this request has passed" in page
    assert 'name="what"' not in page
    assert late.offers.exclude(status=Offer.Status.WITHDRAWN).count() == 0


def test_a_closed_request_the_signatory_did_not_offer_on_is_not_found(client, company, member):
    closed = SupportRequestFactory(status=SupportRequest.Status.MATCHED)
    client.force_login(member)
    assert client.get(page_url(company, closed)).status_code == 404
    assert client.post(page_url(company, closed), {"what": "Iets."}).status_code == 404
    assert not Offer.objects.exists()


def test_an_open_request_past_its_deadline_says_offers_are_closed(client, english, company, member):
    # The digest or a suggestion may still link to it: a reason, not "this page does not exist".
    late = SupportRequestFactory(answer_deadline=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(member)
    response = client.get(page_url(company, late))
    assert response.status_code == 200
    assert "The deadline for offers on this request has passed" in response.text
    assert "Send the offer" not in response.text
    client.post(page_url(company, late), {"what": "Iets."})
    assert not Offer.objects.exists()


def test_a_closed_request_with_its_own_offer_still_shows_that_offer(
    client, english, company, member
):
    offer = OfferFactory(organisation=company, status=Offer.Status.DECLINED, thank_you="Dank!")
    offer.support_request.status = SupportRequest.Status.MATCHED
    offer.support_request.save()
    client.force_login(member)
    page = client.get(page_url(company, offer.support_request)).content.decode()
    assert "Declined with thanks" in page
    assert "Dank!" in page
    assert withdraw_url(offer) not in page


def test_the_contact_person_shows_once_the_offer_is_accepted(
    client, english, company, member, support_request
):
    offer = OfferFactory(support_request=support_request, organisation=company)
    client.force_login(member)
    page = client.get(page_url(company, support_request)).content.decode()
    assert "griet.peeters@example.org" not in page

    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.ACCEPTED)
    SupportRequest.objects.filter(pk=support_request.pk).update(
        status=SupportRequest.Status.MATCHED
    )
    page = client.get(page_url(company, support_request)).content.decode()
    assert "Griet Peeters" in page
    assert 'href="mailto:griet.peeters@example.org"' in page
    assert withdraw_url(offer) not in page

    listing = client.get(list_url(company)).content.decode()
    assert "griet.peeters@example.org" in listing


def test_a_withdrawn_offer_may_be_made_again(client, english, company, member, support_request):
    offer = OfferFactory(support_request=support_request, organisation=company)
    client.force_login(member)
    response = client.post(withdraw_url(offer), follow=True)
    page = response.content.decode()
    assert "Your offer has been withdrawn." in page
    assert "You withdrew your offer on" in page
    assert 'name="what"' in page
    offer.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN


def test_an_answered_offer_cannot_be_withdrawn(client, english, company, member):
    offer = OfferFactory(organisation=company, status=Offer.Status.ACCEPTED)
    client.force_login(member)
    response = client.post(withdraw_url(offer), follow=True)
    assert "Only an offer the school has not answered yet" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED


def test_another_organisations_offer_is_not_found(client, company, member):
    others = OfferFactory()
    client.force_login(member)
    forged = reverse(
        "portal:support-offer-withdraw",
        kwargs={"organisation_slug": company.slug, "pk": others.pk},
    )
    assert client.post(forged).status_code == 404
    others.refresh_from_db()
    assert others.status == Offer.Status.PENDING
    # Its own page under the other organisation's slug: not a member there.
    assert client.post(withdraw_url(others)).status_code == 404
    assert client.get(list_url(others.organisation)).status_code == 404


def test_a_non_member_is_not_found_and_an_anonymous_visitor_logs_in(
    client, company, support_request
):
    url = page_url(company, support_request)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.post(url, {"what": "Iets."}).status_code == 302
    assert client.get(list_url(company)).status_code == 302

    client.force_login(signatory().memberships.get().user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"what": "Iets."}).status_code == 404
    assert client.get(list_url(company)).status_code == 404
    assert not Offer.objects.exists()


def test_a_member_of_an_organisation_that_has_not_signed_cannot_offer(
    client, english, support_request
):
    not_signed = OrganisationFactory()
    user = MembershipFactory(organisation=not_signed).user
    client.force_login(user)
    assert client.get(page_url(not_signed, support_request)).status_code == 404
    assert client.post(page_url(not_signed, support_request), {"what": "x"}).status_code == 404
    assert not Offer.objects.exists()


def test_the_list_shows_the_organisations_offers_only(client, english, company, member):
    mine = OfferFactory(
        organisation=company, support_request=SupportRequestFactory(title="Bezoek aan de fabriek")
    )
    OfferFactory(support_request=SupportRequestFactory(title="Iemand anders zijn vraag"))
    client.force_login(member)
    response = client.get(list_url(company))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 offer" in page
    assert "Bezoek aan de fabriek" in page
    assert page_url(company, mine.support_request) in page
    assert "Waiting for the school" in page
    assert "Iemand anders zijn vraag" not in page
    # No contact person before the school accepts.
    assert mine.support_request.created_by.email not in page


def test_the_portal_home_links_a_signatorys_offers_only(client, english, company, member):
    client.force_login(member)
    page = client.get(reverse("portal:home")).content.decode()
    assert list_url(company) in page
    assert "Your offers to schools" in page

    not_signed = OrganisationFactory()
    client.force_login(MembershipFactory(organisation=not_signed).user)
    assert list_url(not_signed) not in client.get(reverse("portal:home")).content.decode()
