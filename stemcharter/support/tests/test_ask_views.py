"""The school's pages of support requests (portal): the list, asking (a school that signed,
a teacher of a school that has not, with a confirmed address), the request page with its
offers, accepting, declining with thanks, withdrawing; forged and late answers."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import PUPILS_MAX, Offer, SupportRequest
from stemcharter.vocabulary.models import Audience, Discipline

from .factories import OfferFactory, SupportRequestFactory, requestable_kind, school, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def days(n: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def form_data(**changes) -> dict:
    data = {
        "kind": requestable_kind().pk,
        "title": "Gastles over robots",
        "description": "Een ingenieur die vertelt hoe robots werken.",
        "disciplines": [Discipline.objects.order_by("pk").first().pk],
        "audiences": [Audience.objects.order_by("pk").first().pk],
        "pupils": "24",
        "subregion": SubregionFactory().pk,
        "date_from": days(20),
        "date_until": days(30),
        "answer_deadline": days(10),
    }
    data.update(changes)
    return data


def logged_in(client, user):
    client.force_login(user)
    return client


def member_of(organisation):
    return organisation.memberships.get().user


def list_url(organisation):
    return reverse("portal:support-request-list", kwargs={"organisation_slug": organisation.slug})


def create_url(organisation):
    return reverse("portal:support-request-create", kwargs={"organisation_slug": organisation.slug})


TEACHER_URL = "portal:support-request-create-teacher"


def detail_url(support_request):
    return reverse("portal:support-request-detail", kwargs={"pk": support_request.pk})


# The school's list and asking


def test_a_school_sees_its_requests_with_their_offers_counted(client):
    support_request = SupportRequestFactory(title="Robots in het vijfde")
    OfferFactory(support_request=support_request)
    SupportRequestFactory(title="Van een andere school")
    organisation = support_request.organisation
    response = logged_in(client, member_of(organisation)).get(list_url(organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Robots in het vijfde" in page
    assert "Van een andere school" not in page
    assert create_url(organisation) in page


def test_a_school_asks_and_lands_on_its_request(client):
    organisation = school()
    response = logged_in(client, member_of(organisation)).post(
        create_url(organisation), form_data()
    )
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(support_request)
    assert support_request.organisation == organisation
    page = client.get(response.url).content.decode()
    assert "Your request is posted" in page
    assert "has not signed" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"answer_deadline": days(-1)}, "The deadline for answers cannot be in the past"),
        ({"date_from": days(30), "date_until": days(20)}, "The last day comes before the first"),
        ({"date_from": days(-3)}, "The first day cannot be in the past"),
        ({"pupils": "0"}, "Enter at least 1 pupil."),
        ({"pupils": str(PUPILS_MAX + 1)}, f"Enter at most {PUPILS_MAX} pupils"),
        ({"pupils": "9" * 30}, "Enter at most"),
        ({"pupils": "twintig"}, "as a whole number"),
        ({"audiences": []}, "Choose at least one audience."),
        ({"kind": "999999"}, "Choose one of the kinds of help schools can ask for."),
        ({"answer_deadline": days(40)}, "on or before the last day of the window"),
    ],
)
def test_bad_input_comes_back_with_a_clear_message(client, changes, message):
    organisation = school()
    response = logged_in(client, member_of(organisation)).post(
        create_url(organisation), form_data(**changes)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "<title>Error:" in page
    assert not SupportRequest.objects.exists()


def test_a_company_is_told_support_requests_are_for_schools(client):
    organisation = signatory(category=Category.COMPANY)
    user = member_of(organisation)
    for url in (list_url(organisation), create_url(organisation)):
        response = logged_in(client, user).get(url)
        assert response.status_code == 403
        assert "Support requests are for schools" in response.content.decode()
    assert logged_in(client, user).post(create_url(organisation), form_data()).status_code == 403
    assert not SupportRequest.objects.exists()


def test_a_school_that_has_not_signed_is_pointed_to_asking_as_a_teacher(client):
    organisation = OrganisationFactory(category=Category.EDUCATION)
    user = MembershipFactory(organisation=organisation).user
    response = logged_in(client, user).get(create_url(organisation))
    assert response.status_code == 403
    assert reverse(TEACHER_URL) in response.content.decode()
    assert logged_in(client, user).post(create_url(organisation), form_data()).status_code == 403
    # Its list shows no button to ask.
    page = client.get(list_url(organisation)).content.decode()
    assert create_url(organisation) not in page


def test_another_schools_pages_are_not_found(client):
    organisation = school()
    outsider = member_of(school())
    assert logged_in(client, outsider).get(list_url(organisation)).status_code == 404
    assert client.post(create_url(organisation), form_data()).status_code == 404


def test_a_teacher_without_a_signatory_asks_and_is_invited_to_sign(client):
    user = UserFactory()
    response = logged_in(client, user).post(
        reverse(TEACHER_URL),
        form_data(school_name="Basisschool De Linde", school_town="Lier"),
    )
    support_request = SupportRequest.objects.get()
    assert response.url == detail_url(support_request)
    assert support_request.organisation is None
    assert support_request.created_by == user
    page = client.get(response.url).content.decode()
    assert "Basisschool De Linde has not signed the STEM-charter yet" in page
    assert reverse("charter:sign") in page
    assert "/ondertekenen/" in mail.outbox[0].body
    # The portal home lists it.
    home = client.get(reverse("portal:home")).content.decode()
    assert detail_url(support_request) in home


def test_a_teacher_without_a_signatory_must_name_the_school(client):
    response = logged_in(client, UserFactory()).post(reverse(TEACHER_URL), form_data())
    page = response.content.decode()
    assert "Enter the name of your school." in page
    assert "Enter the town of your school." in page
    assert not SupportRequest.objects.exists()


def test_a_teacher_with_an_unconfirmed_address_is_told_to_confirm_it(client):
    user = UserFactory(verified=False)
    response = logged_in(client, user).get(reverse(TEACHER_URL))
    page = response.content.decode()
    assert "Confirm your email address first" in page
    assert reverse("account_email") in page
    response = client.post(
        reverse(TEACHER_URL), form_data(school_name="De Linde", school_town="Lier")
    )
    assert "Confirm your email address first" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_asking_needs_a_login(client):
    response = client.get(reverse(TEACHER_URL))
    assert response.status_code == 302
    assert "login" in response.url


def test_the_portal_home_links_schools_and_people_without_organisation(client):
    organisation = school()
    page = logged_in(client, member_of(organisation)).get(reverse("portal:home")).content
    assert list_url(organisation) in page.decode()
    assert create_url(organisation) in page.decode()
    unsigned = OrganisationFactory(category=Category.EDUCATION)
    user = MembershipFactory(organisation=unsigned).user
    page = logged_in(client, user).get(reverse("portal:home")).content
    assert list_url(unsigned) in page.decode()
    assert create_url(unsigned) not in page.decode()
    company = signatory(category=Category.COMPANY)
    page = logged_in(client, member_of(company)).get(reverse("portal:home")).content
    assert list_url(company) not in page.decode()
    page = logged_in(client, UserFactory()).get(reverse("portal:home")).content
    assert reverse(TEACHER_URL) in page.decode()


# The request page


def test_the_request_page_shows_the_offers_and_no_contact_before_acceptance(client):
    support_request = SupportRequestFactory()
    offer = OfferFactory(
        support_request=support_request,
        what="Een robotarm voor een dag",
        message="We komen graag.",
        proposed_date=timezone.localdate() + datetime.timedelta(days=22),
    )
    offerer = offer.created_by
    response = logged_in(client, support_request.created_by).get(detail_url(support_request))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Een robotarm voor een dag" in page
    assert "We komen graag." in page
    assert offer.organisation.name in page
    assert offerer.email not in page
    assert "Accept this offer" in page
    assert "Decline with thanks" in page


def test_accepting_shows_the_signatorys_contact_person(client):
    support_request = SupportRequestFactory()
    chosen, other = (OfferFactory(support_request=support_request) for _ in range(2))
    client = logged_in(client, member_of(support_request.organisation))
    response = client.post(
        detail_url(support_request),
        {"offer": chosen.pk, "answer": "accept", "thank_you": "Dank je wel!"},
    )
    assert response.status_code == 302
    assert Offer.objects.get(pk=chosen.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=other.pk).status == Offer.Status.DECLINED
    page = client.get(detail_url(support_request)).content.decode()
    assert "You accepted the offer of" in page
    assert chosen.created_by.email in page
    assert chosen.created_by.name in page
    assert other.created_by.email not in page
    assert "Accept this offer" not in page


def test_a_forged_offer_id_accepts_nothing(client):
    support_request = SupportRequestFactory()
    own = OfferFactory(support_request=support_request)
    foreign = OfferFactory()  # an offer on another school's request
    client = logged_in(client, support_request.created_by)
    for forged in (foreign.pk, 999999999, "12abc", ""):
        response = client.post(detail_url(support_request), {"offer": forged, "answer": "accept"})
        assert response.status_code == 302
    assert not Offer.objects.filter(status=Offer.Status.ACCEPTED).exists()
    assert Offer.objects.get(pk=own.pk).status == Offer.Status.PENDING
    page = client.get(detail_url(support_request)).content.decode()
    assert "This offer is not one of this request" in page
    assert SupportRequest.objects.get(pk=support_request.pk).status == SupportRequest.Status.OPEN


def test_accepting_on_a_request_that_is_no_longer_open_says_so(client):
    support_request = SupportRequestFactory()
    first, second = (OfferFactory(support_request=support_request) for _ in range(2))
    client = logged_in(client, support_request.created_by)
    client.post(detail_url(support_request), {"offer": first.pk, "answer": "accept"})
    # A second tab, opened before, accepts the other offer.
    response = client.post(detail_url(support_request), {"offer": second.pk, "answer": "accept"})
    page = client.get(response.url).content.decode()
    assert "accepted already" in page
    assert Offer.objects.get(pk=first.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=second.pk).status == Offer.Status.DECLINED


def test_declining_without_thanks_comes_back_with_a_message_beside_the_field(client):
    support_request = SupportRequestFactory()
    offer = OfferFactory(support_request=support_request)
    response = logged_in(client, support_request.created_by).post(
        detail_url(support_request), {"offer": offer.pk, "answer": "decline", "thank_you": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#id_decline{offer.pk}_thank_you"' in page
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING


def test_a_too_long_word_of_thanks_gets_one_message_not_two(client):
    support_request = SupportRequestFactory()
    offer = OfferFactory(support_request=support_request)
    response = logged_in(client, support_request.created_by).post(
        detail_url(support_request),
        {"offer": offer.pk, "answer": "decline", "thank_you": "x" * 5000},
    )
    page = response.content.decode()
    assert "Shorten your word of thanks" in page
    assert "Write a word of thanks" not in page
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING


def test_declining_with_thanks(client):
    support_request = SupportRequestFactory()
    offer = OfferFactory(support_request=support_request)
    mail.outbox.clear()
    logged_in(client, support_request.created_by).post(
        detail_url(support_request),
        {"offer": offer.pk, "answer": "decline", "thank_you": "Bedankt, het lukt al."},
    )
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
    assert "“Bedankt, het lukt al.”" in mail.outbox[0].body


def test_withdrawing_the_request(client):
    support_request = SupportRequestFactory()
    OfferFactory(support_request=support_request)
    client = logged_in(client, support_request.created_by)
    # Without ticking the box, nothing happens and the page says why.
    response = client.post(detail_url(support_request), {"withdraw": "1", "reason": "Geschrapt"})
    assert response.status_code == 200
    assert "Tick the box to confirm that you withdraw the request." in response.content.decode()
    assert SupportRequest.objects.get(pk=support_request.pk).status == "open"
    response = client.post(
        detail_url(support_request), {"withdraw": "1", "reason": "Geschrapt", "confirm": "on"}
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get(pk=support_request.pk).status == "withdrawn"
    page = client.get(detail_url(support_request)).content.decode()
    assert "Your request is withdrawn" in page
    assert "Withdraw the request" not in page


def test_another_person_cannot_see_or_answer_a_request(client):
    support_request = SupportRequestFactory()
    offer = OfferFactory(support_request=support_request)
    for user in (member_of(school()), offer.created_by, UserFactory()):
        client = logged_in(client, user)
        assert client.get(detail_url(support_request)).status_code == 404
        response = client.post(detail_url(support_request), {"offer": offer.pk, "answer": "accept"})
        assert response.status_code == 404
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING


def test_a_member_of_a_school_that_signed_is_pointed_to_asking_in_its_name(client):
    organisation = school()
    page = logged_in(client, member_of(organisation)).get(reverse(TEACHER_URL)).content.decode()
    assert create_url(organisation) in page


def test_a_teachers_request_is_theirs_alone(client):
    support_request = SupportRequestFactory(organisation=None, school_name="De Linde")
    assert (
        logged_in(client, support_request.created_by).get(detail_url(support_request)).status_code
        == 200
    )
    assert logged_in(client, UserFactory()).get(detail_url(support_request)).status_code == 404
