"""Turning a delivered support request into a story (``pages.support_story``): prefilled from
the request and the accepted offer, sent for review as a practice example linked to the
request; the public pages count what signatories did for schools."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.pages.support_story import story_initial, support_story_create
from stemcharter.reviews.models import ReviewStatus
from stemcharter.stories.models import Story
from stemcharter.support.models import SupportRequest
from stemcharter.support.services import support_request_confirm
from stemcharter.support.tests.factories import OfferFactory, accepted_offer_on, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def member_of(organisation):
    return organisation.memberships.first().user


def delivered(**kwargs):
    offer = accepted_offer_on(**kwargs)
    support_request = offer.support_request
    support_request_confirm(
        support_request=support_request,
        side="school",
        by=support_request.created_by,
        happened=True,
        feedback="De leerlingen waren enthousiast.",
    )
    support_request_confirm(
        support_request=support_request,
        side="offerer",
        by=member_of(offer.organisation),
        happened=True,
        feedback="",
    )
    offer.support_request.refresh_from_db()
    return offer


def story_url(organisation, offer) -> str:
    return reverse(
        "portal:support-offer-story",
        kwargs={"organisation_slug": organisation.slug, "pk": offer.pk},
    )


VALUES = {"title": "Robots in de klas", "summary": "Een ingenieur kwam.", "body": "Het verhaal."}


def test_the_form_is_prefilled_from_the_request_and_the_offer(client):
    offer = delivered(title="Gastles robotica")
    client.force_login(member_of(offer.organisation))
    response = client.get(story_url(offer.organisation, offer))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Turn this into a story</h1>" in html
    form = response.context["form"]
    kind = offer.support_request.kind.name
    assert form["title"].value() == f"{kind}: Gastles robotica"
    school = offer.support_request.organisation
    assert school.name in form["summary"].value()
    assert offer.organisation.name in form["summary"].value()
    body = form["body"].value()
    assert offer.support_request.description in body
    assert offer.what in body
    # Not the feedback: the confirm pages promise it is never published.
    assert "De leerlingen waren enthousiast." not in body
    # Never the people: the teacher's name and email are not in it.
    teacher = offer.support_request.created_by
    assert teacher.email not in html


def test_a_school_that_has_not_signed_is_not_named():
    teacher = UserFactory(name="Juf Ann")
    offer = delivered(
        organisation=None, school_name="De Linde", school_town="Brugge", created_by=teacher
    )
    initial = story_initial(offer)
    text = " ".join(initial.values())
    assert "De Linde" not in text
    assert "a school in Brugge" in initial["summary"]
    assert "Juf Ann" not in text


def test_sending_makes_a_story_in_review_linked_to_the_request(client):
    offer = delivered()
    school = offer.support_request.organisation
    client.force_login(member_of(offer.organisation))
    response = client.post(story_url(offer.organisation, offer), VALUES, follow=True)
    assert "Your story was sent for review" in response.content.decode()
    story = Story.objects.get(support_request=offer.support_request)
    assert story.organisation == offer.organisation
    assert story.status == ReviewStatus.SUBMITTED
    assert story.kind == Story.Kind.PRACTICE
    assert (story.title, story.summary, story.body) == tuple(VALUES.values())
    assert list(story.organisations.all()) == [school]
    assert list(story.subregions.all()) == [offer.support_request.subregion]
    assert "Your story about this help was sent for review." in response.content.decode()
    # A second send makes no second story.
    client.post(story_url(offer.organisation, offer), VALUES)
    assert Story.objects.filter(support_request=offer.support_request).count() == 1


def test_the_school_that_signed_tells_its_own_story(client):
    offer = delivered()
    school = offer.support_request.organisation
    client.force_login(offer.support_request.created_by)
    response = client.post(story_url(school, offer), VALUES)
    assert response.status_code == 302
    story = Story.objects.get(support_request=offer.support_request, organisation=school)
    assert list(story.organisations.all()) == [offer.organisation]
    # The offerer may still tell its own.
    support_story_create(
        offer=offer, organisation=offer.organisation, by=member_of(offer.organisation), **VALUES
    )
    assert Story.objects.filter(support_request=offer.support_request).count() == 2


def test_bad_input_shows_the_errors(client):
    offer = delivered()
    client.force_login(member_of(offer.organisation))
    response = client.post(
        story_url(offer.organisation, offer), {"title": "", "summary": "x" * 301, "body": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter a title." in html
    assert "Write the story." in html
    assert not Story.objects.exists()


def test_before_delivery_there_is_no_story_to_tell(client):
    offer = accepted_offer_on()
    client.force_login(member_of(offer.organisation))
    html = client.get(story_url(offer.organisation, offer)).content.decode()
    assert "once both sides have confirmed that the help took place" in html
    assert 'name="title"' not in html
    assert client.post(story_url(offer.organisation, offer), VALUES).status_code == 200
    SupportRequest.objects.filter(pk=offer.support_request_id).update(
        status=SupportRequest.Status.NOT_DELIVERED
    )
    assert client.post(story_url(offer.organisation, offer), VALUES).status_code == 200
    assert not Story.objects.exists()
    with pytest.raises(ValidationError, match="once both sides"):
        support_story_create(
            offer=offer,
            organisation=offer.organisation,
            by=member_of(offer.organisation),
            **VALUES,
        )


def test_others_get_a_404(client):
    offer = delivered()
    declined = OfferFactory(support_request=offer.support_request, status="declined")
    stranger = signatory()
    client.force_login(member_of(declined.organisation))
    # Another organisation's offer under its own slug.
    assert client.get(story_url(declined.organisation, offer)).status_code == 404
    # Its own declined offer: no story.
    html = client.get(story_url(declined.organisation, declined)).content.decode()
    assert "The school has not accepted this offer" in html
    # The slug of an organisation one is no member of.
    assert client.get(story_url(offer.organisation, offer)).status_code == 404
    with pytest.raises(PermissionDenied):
        support_story_create(
            offer=offer,
            organisation=offer.organisation,
            by=member_of(declined.organisation),
            **VALUES,
        )
    with pytest.raises(ValidationError, match="Only the school and the organisation"):
        support_story_create(offer=offer, organisation=stranger, by=member_of(stranger), **VALUES)
    assert not Story.objects.exists()


def test_the_portal_home_asks_both_sides_once_the_help_started(client):
    offer = accepted_offer_on(title="Gastles robotica")
    early = accepted_offer_on(started=False, offerer=offer.organisation, title="Nog niet")
    school_url = reverse("portal:support-request-confirm", kwargs={"pk": offer.support_request.pk})
    offer_url = reverse(
        "portal:support-offer-confirm",
        kwargs={"organisation_slug": offer.organisation.slug, "pk": offer.pk},
    )
    home = reverse("portal:home")

    client.force_login(member_of(offer.organisation))
    html = client.get(home).content.decode()
    assert "Did the help take place?" in html
    assert f'href="{offer_url}"' in html
    assert f'href="{school_url}"' not in html
    assert early.support_request.title not in html

    client.force_login(offer.support_request.created_by)
    html = client.get(home).content.decode()
    assert f'href="{school_url}"' in html
    assert f'href="{offer_url}"' not in html
    # Once answered, it is not asked again.
    support_request_confirm(
        support_request=offer.support_request,
        side="school",
        by=offer.support_request.created_by,
        happened=True,
        feedback="",
    )
    assert "Did the help take place?" not in client.get(home).content.decode()

    client.force_login(UserFactory())
    assert "Did the help take place?" not in client.get(home).content.decode()
