"""Closing an event with a report (``pages.event_report``): the event is marked finished with its
attendance, and the report is a practice-example story linked to it, sent for review; once
published, the event's page shows it and the story links back."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.events.models import Event
from stemcharter.events.tests.factories import CharterEventFactory, PublishedEventFactory
from stemcharter.images.tests.factories import picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.pages.event_report import EventReportForm, event_report_close
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.registrations.models import Registration
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import AssessmentData, review_decide, review_start
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _signatory(name: str):
    return ApprovedSignatureFactory(organisation__name=name).organisation


def _ended(event: Event, *, days_ago: int = 2) -> Event:
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    Event.objects.filter(pk=event.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    event.refresh_from_db()
    return event


def _registered(event: Event, *, seats: int = 1, attended: bool = True, user=None, **kwargs):
    kind = "group" if seats > 1 else "individual"
    return Registration.objects.create(
        content_type=ContentType.objects.get_for_model(Event),
        object_id=event.pk,
        state=Registration.State.REGISTERED,
        kind=kind,
        seats=seats,
        pupils=seats if kind == "group" else 0,
        user=user,
        email=kwargs.pop("email", f"p{Registration.objects.count()}@example.org"),
        attended=attended,
        checked_in_at=timezone.now() if attended else None,
        **kwargs,
    )


@pytest.fixture
def subregion():
    return SubregionFactory()


@pytest.fixture
def contact_point(subregion):
    return make_user("contact_point", subregion=subregion)


@pytest.fixture
def charter_event(subregion):
    return _ended(CharterEventFactory(subregions=[subregion], title="STEM-café Brugge"))


@pytest.fixture
def host():
    return _signatory("Hogeschool Noord")


def _close(event, by, **overrides):
    values = {
        "attendance": 12,
        "highlights": "Drie scholen toonden hun robotproject.",
        "lessons": "Volgende keer meer tijd voor vragen.",
        "organisations": [],
        "author": None,
    }
    values.update(overrides)
    return event_report_close(event=event, by=by, **values)


# The service


def test_closing_marks_the_event_finished_and_sends_a_practice_story_for_review(
    charter_event, contact_point, host, subregion
):
    partner = _signatory("Bedrijf Zuid")
    story, new = _close(charter_event, contact_point, author=host, organisations=[host, partner])

    assert new
    charter_event.refresh_from_db()
    assert charter_event.event_status == Event.Status.FINISHED
    assert charter_event.attendance == 12
    assert story.kind == Story.Kind.PRACTICE
    assert story.event == charter_event
    assert story.organisation == host
    # The author is not named beside itself.
    assert list(story.organisations.all()) == [partner]
    assert list(story.subregions.all()) == [subregion]
    assert story.status == ReviewStatus.SUBMITTED
    assert "Drie scholen" in story.body
    assert "Volgende keer" in story.body
    assert "12 people came" in story.summary
    assert AuditEntry.objects.filter(code="events.event.finished").exists()


def test_closing_twice_keeps_the_one_report(charter_event, contact_point, host):
    first, _new = _close(charter_event, contact_point, author=host)
    second, new = _close(charter_event, contact_point, author=host, highlights="Anders.")
    assert not new
    assert second == first
    assert Story.objects.filter(event=charter_event).count() == 1


def test_an_event_that_has_not_ended_is_refused(contact_point, host, subregion):
    event = CharterEventFactory(subregions=[subregion])
    with pytest.raises(ValidationError) as error:
        _close(event, contact_point, author=host)
    assert "has not ended yet" in str(error.value)
    assert not Story.objects.exists()
    event.refresh_from_db()
    assert event.event_status == Event.Status.SCHEDULED


def test_a_cancelled_event_is_refused(charter_event, contact_point, host):
    Event.objects.filter(pk=charter_event.pk).update(event_status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError, match="cancelled"):
        _close(charter_event, contact_point, author=host)


def test_only_its_organiser_closes_it(charter_event, host):
    with pytest.raises(PermissionDenied):
        _close(charter_event, make_user("contact_point"), author=host)
    with pytest.raises(PermissionDenied):
        _close(charter_event, make_user("signatory", organisation=host), author=host)
    _close(charter_event, make_user("coordinator"), author=host)


def test_a_signatorys_event_is_closed_by_its_members_and_reported_in_its_name(subregion):
    organisation = _signatory("Atheneum Oost")
    event = _ended(PublishedEventFactory(organisation=organisation, subregions=[subregion]))
    with pytest.raises(PermissionDenied):
        _close(event, make_user("contact_point", subregion=subregion))
    story, _new = _close(event, make_user("signatory", organisation=organisation))
    assert story.organisation == organisation


def test_the_story_needs_an_author_and_a_text(charter_event, contact_point, host):
    with pytest.raises(ValidationError) as error:
        _close(charter_event, contact_point)
    assert "author" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _close(charter_event, contact_point, author=host, highlights=" ", lessons="")
    assert {"highlights", "lessons"} <= set(error.value.error_dict)
    assert not Story.objects.exists()
    charter_event.refresh_from_db()
    assert charter_event.event_status == Event.Status.SCHEDULED


def test_the_form_is_prefilled_with_the_seats_checked_in_and_the_organisations(charter_event):
    school = _signatory("School West")
    member = MembershipFactory(organisation=school).user
    _registered(charter_event, user=member)
    _registered(charter_event, seats=24, group_name="5B")
    _registered(charter_event, attended=False)

    initial = EventReportForm.initial_for(charter_event)

    assert initial["attendance"] == 25
    assert list(initial["organisations"]) == [school]
    assert initial["author"] == school


def _publish_submitted(story) -> None:
    """A coordinator publishes the submitted report (every criterion met)."""
    reviewer = make_user("coordinator")
    criteria_set = CriteriaSet.objects.current().order_by("key").first()
    review_start(item=story, by=reviewer)
    review_decide(
        item=story,
        by=reviewer,
        decision="publish",
        criteria_set=criteria_set,
        assessments=[AssessmentData(c.pk, "met") for c in criteria_set.criteria.all()],
    )


# The pages

BACKOFFICE = "/en/beheer/evenementen/{slug}/afsluiten/"


def _form(**changes):
    data = {
        "attendance": "30",
        "highlights": "Een druk bezochte markt.",
        "lessons": "Meer stopcontacten voorzien.",
    }
    data.update(changes)
    return data


def test_the_back_office_closes_an_event_with_a_report(client, charter_event, contact_point, host):
    client.force_login(contact_point)
    url = BACKOFFICE.format(slug=charter_event.slug)
    page = client.get(url)
    assert page.status_code == 200
    assert "Close the event and send the report" in page.content.decode()

    photo = picture_upload()
    response = client.post(
        url,
        _form(
            author=str(host.pk),
            **{
                "photo-file": photo,
                "photo-alt_text": "Leerlingen tonen hun robot aan bezoekers.",
                "photo-minors_recognisable": "no",
            },
        ),
    )

    assert response.status_code == 302
    story = Story.objects.get(event=charter_event)
    assert story.images.count() == 1
    page = client.get(url)
    assert "sent for review" in page.content.decode()
    assert "Close the event and send the report" not in page.content.decode()


def test_bad_input_is_explained_and_nothing_is_saved(client, charter_event, contact_point, host):
    client.force_login(contact_point)
    url = BACKOFFICE.format(slug=charter_event.slug)

    response = client.post(
        url,
        _form(
            attendance="-3",
            highlights="",
            **{"photo-alt_text": "Een foto", "photo-minors_recognisable": "yes"},
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Enter the number of people who came (0 or more)." in content
    assert "Choose the organisation that tells the story." in content
    assert "Write the highlights of the event." in content
    assert "Choose an image file." in content
    assert "Meer stopcontacten voorzien." in content  # what was typed is kept
    assert not Story.objects.exists()
    charter_event.refresh_from_db()
    assert charter_event.event_status == Event.Status.SCHEDULED


def test_without_a_photo_only_the_other_errors_are_shown(
    client, charter_event, contact_point, host
):
    """The photo is optional: another field's error does not make its fields required."""
    client.force_login(contact_point)
    response = client.post(
        BACKOFFICE.format(slug=charter_event.slug), _form(author=str(host.pk), highlights="")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Write the highlights of the event." in content
    assert "Choose an image file." not in content
    assert "Describe what the image shows" not in content
    assert "Say whether children or young people are recognisable" not in content
    assert not Story.objects.exists()


def test_too_long_highlights_and_lessons_are_explained(client, charter_event, contact_point, host):
    client.force_login(contact_point)
    too_long = "x" * 8_001
    response = client.post(
        BACKOFFICE.format(slug=charter_event.slug),
        _form(author=str(host.pk), highlights=too_long, lessons=too_long),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Shorten the highlights to at most 8000 characters (they have 8001)." in content
    assert "Shorten the lessons to at most 8000 characters (they have 8001)." in content
    assert not Story.objects.exists()


def test_the_back_office_refuses_an_event_that_has_not_ended(client, contact_point, subregion):
    event = CharterEventFactory(subregions=[subregion])
    client.force_login(contact_point)
    url = BACKOFFICE.format(slug=event.slug)
    assert "has not ended yet" in client.get(url).content.decode()
    response = client.post(url, _form())
    assert "has not ended yet" in response.content.decode()
    assert not Story.objects.exists()


def test_another_regions_contact_point_gets_403(client, charter_event):
    client.force_login(make_user("contact_point"))
    url = BACKOFFICE.format(slug=charter_event.slug)
    assert client.get(url).status_code == 403
    assert client.post(url, _form()).status_code == 403


def test_the_portal_closes_the_organisations_event(client, subregion):
    organisation = _signatory("Atheneum Oost")
    event = _ended(PublishedEventFactory(organisation=organisation, subregions=[subregion]))
    member = make_user("signatory", organisation=organisation)
    client.force_login(member)
    detail = client.get(f"/en/portal/organisaties/{organisation.slug}/evenementen/{event.pk}/")
    url = f"/en/portal/organisaties/{organisation.slug}/evenementen/{event.pk}/verslag/"
    assert url in detail.content.decode()  # "Close with a report"

    page = client.get(url)
    assert "Which organisation tells the story?" not in page.content.decode()
    response = client.post(url, _form())

    assert response.status_code == 302
    story = Story.objects.get(event=event)
    assert story.organisation == organisation
    assert story.status == ReviewStatus.SUBMITTED
    # Another organisation's member does not find it.
    client.force_login(make_user("signatory"))
    assert client.get(url).status_code == 404


def test_the_event_page_shows_the_report_once_published(client, charter_event, host):
    story, _new = _close(charter_event, make_user("coordinator"), author=host)
    page = client.get(charter_event.get_absolute_url())
    assert story.title not in page.content.decode()

    _publish_submitted(story)

    page = client.get(charter_event.get_absolute_url()).content.decode()
    assert "Report of the event" in page
    assert story.get_absolute_url() in page
    story_page = client.get(story.get_absolute_url()).content.decode()
    assert charter_event.get_absolute_url() in story_page


def test_the_event_page_goes_stale_when_its_report_is_published(charter_event, host):
    story, _new = _close(charter_event, make_user("coordinator"), author=host)
    page = charter_event.get_absolute_url()
    assert Client().get(page)["X-Page-Cache"] == "miss"
    assert Client().get(page)["X-Page-Cache"] == "hit"

    _publish_submitted(story)

    fresh = Client().get(page)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Report of the event" in fresh.content.decode()


def _page_queries(url: str) -> int:
    cache.clear()
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_event_page_with_its_report_uses_a_constant_number_of_queries(charter_event, host):
    story, _new = _close(charter_event, make_user("coordinator"), author=host)
    _publish_submitted(story)
    page = charter_event.get_absolute_url()
    small = _page_queries(page)
    # More reports (stories written before, named on the event) and more closed events.
    for number in range(4):
        PublishedStoryFactory(event=charter_event, title=f"Nog een verslag {number}")
        other = _ended(CharterEventFactory())
        PublishedStoryFactory(event=other)
    large = _page_queries(page)
    assert large == small
    assert Client().get(page).content.decode().count("Nog een verslag") == 4


def test_the_kept_event_page_shows_its_report_and_a_change_to_it_on_the_next_request(
    client, settings, charter_event, host
):
    # Every request runs the view, which keeps the page's data and HTML until public content
    # changes (events.views.public.EventDetailView): the report follows the story at once.
    settings.PAGE_CACHE_SECONDS = 0
    story, _new = _close(charter_event, make_user("coordinator"), author=host)
    page = charter_event.get_absolute_url()
    assert "Report of the event" not in client.get(page).content.decode()
    assert "Report of the event" not in client.get(page).content.decode()  # kept

    _publish_submitted(story)
    html = client.get(page).content.decode()
    assert "Report of the event" in html
    assert story.get_absolute_url() in html

    published = Story.objects.published().get(event=charter_event)
    published.title = "Een ander verslag"
    published.save()
    assert "Een ander verslag" in client.get(page).content.decode()

    published.status = ReviewStatus.WITHDRAWN  # taken offline
    published.save()
    assert "Report of the event" not in client.get(page).content.decode()
