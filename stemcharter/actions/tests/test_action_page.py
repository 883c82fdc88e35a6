"""An action's page answers "how do I take part" first, in the words of its type, and the
catalogue finds what teachers book for their class under "teachers" (issue 11, item 5)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.models import Action
from stemcharter.actions.services import action_update
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.vocabulary.models import ActionType, Audience

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

with translation.override("en"):
    LIST_URL = reverse("actions:action-list")


def action_type(slug: str) -> ActionType:
    return ActionType.objects.get(slug=slug)


def audience(slug: str) -> Audience:
    return Audience.objects.get(slug=slug)


def test_the_seeded_types_count_what_they_have_and_say_who_books_them():
    """The data migration (vocabulary 0003): a loan kit has copies, a guest lesson room for
    classes; teachers book guest lessons, loan kits and company visits for a class."""
    units = dict(ActionType.objects.values_list("slug", "unit"))
    assert units["schoolondersteuning-materiaal"] == ActionType.Unit.COPIES
    assert units["expert-gastles"] == ActionType.Unit.CLASSES
    assert units["opendag"] == ActionType.Unit.PLACES
    booked = set(ActionType.objects.filter(booked_for_a_class=True).values_list("slug", flat=1))
    assert booked == {"schoolondersteuning-materiaal", "expert-gastles", "bedrijfsbezoek"}
    assert list(Audience.objects.filter(books_for_a_class=True).values_list("slug", flat=1)) == [
        "leraren"
    ]


@pytest.mark.parametrize(
    ("slug", "number", "text"),
    [
        ("opendag", None, "No limit on the number of participants"),
        ("opendag", 0, "No places left"),
        ("opendag", 1, "1 place available"),
        ("opendag", 25, "25 places available"),
        ("schoolondersteuning-materiaal", 1, "1 copy available"),
        ("schoolondersteuning-materiaal", 3, "3 copies available"),
        ("schoolondersteuning-materiaal", 0, "No copies left"),
        ("schoolondersteuning-materiaal", None, "No limit on the number of copies"),
        ("expert-gastles", 1, "Room for 1 class"),
        ("expert-gastles", 6, "Room for 6 classes"),
        ("expert-gastles", 0, "No room for more classes"),
    ],
)
def test_the_number_available_is_said_in_the_unit_of_the_type(slug, number, text):
    assert action_type(slug).available_text(number) == text


def test_the_number_available_in_dutch():
    with translation.override("nl"):
        assert action_type("opendag").available_heading() == "Plaatsen"
        assert action_type("opendag").available_text(2) == "2 vrije plaatsen"


@pytest.mark.parametrize(
    ("low", "high", "text"),
    [
        (10, 28, "10 to 28 per group"),
        (None, 28, "At most 28 per group"),
        (10, None, "At least 10 per group"),
        (24, 24, "24 per group"),
        (None, None, ""),
    ],
)
def test_group_size_in_words(low, high, text):
    assert Action(group_min=low, group_max=high).group_size_text == text


@pytest.fixture
def guest_lesson():
    return PublishedActionFactory(
        title="Gastles windenergie",
        action_type=action_type("expert-gastles"),
        organisation=make_signatory(name="Windkracht", slug="windkracht"),
        audiences=[audience("secundair-tso")],
        timing=Action.Timing.ON_REQUEST,
        start_date=None,
        end_date=None,
        places=6,
        group_min=10,
        group_max=28,
        cost="Free",
        participation=Action.Participation.EMAIL,
        participation_email="gastles@example.org",
        description="What the school provides:\n- a room with a projector\n- a socket",
    )


def test_the_page_says_how_to_take_part_before_anything_else(client, guest_lesson):
    html = client.get(guest_lesson.get_absolute_url()).content.decode()
    take_part = html.index('<h2 id="take-part-title">How to take part</h2>')
    assert html.index('<h1 id="action-title"') < take_part
    assert (
        take_part
        < html.index('href="mailto:gastles@example.org"')
        < html.index("About this action")
    )
    facts = html[take_part : html.index("About this action")]
    assert "<dt>Group size</dt>" in facts
    assert "<dd>10 to 28 per group</dd>" in facts
    assert "<dt>Classes</dt>" in facts
    assert "<dd>Room for 6 classes</dd>" in facts
    assert "<dt>Cost</dt>" in facts
    assert '<dd lang="nl">Free</dd>' in facts  # what the organiser wrote: in Dutch
    assert "A teacher books it for their class." in facts
    # The description renders as the hint promises: a list after a line of text.
    assert "<li>a room with a projector</li>" in html


def test_the_page_of_a_loan_kit_counts_copies_and_leaves_out_what_does_not_apply(client):
    kit = PublishedActionFactory(
        action_type=action_type("schoolondersteuning-materiaal"), places=0, cost=""
    )
    html = client.get(kit.get_absolute_url()).content.decode()
    assert "<dt>Copies</dt>" in html
    assert "<p>No copies left.</p>" in html
    assert "places" not in html.lower().replace("only with places", "")
    assert "<dt>Cost</dt>" not in html
    assert "<dt>Group size</dt>" not in html


def test_the_card_counts_in_the_unit_of_the_type(client, guest_lesson):
    html = client.get(LIST_URL).content.decode()
    assert "<dt>Classes</dt><dd>Room for 6 classes</dd>" in html


def titles(response) -> list[str]:
    assert response.status_code == 200
    return sorted(action.title for action in response.context["page_obj"].object_list)


def test_teachers_find_what_they_book_for_their_pupils(client, guest_lesson):
    """ "For whom: Teachers" finds the actions for teachers and those teachers book for a
    class (a guest lesson for pupils); not an open day for pupils, which pupils go to."""
    PublishedActionFactory(
        title="Nascholing robotica",
        action_type=action_type("lerarenopleiding"),
        audiences=[audience("leraren")],
    )
    PublishedActionFactory(
        title="Opendag", action_type=action_type("opendag"), audiences=[audience("secundair-tso")]
    )
    assert titles(client.get(LIST_URL, {"audience": "leraren"})) == [
        "Gastles windenergie",
        "Nascholing robotica",
    ]
    # Pupils still find the guest lesson for them, and an open day; adults find neither.
    assert titles(client.get(LIST_URL, {"audience": "secundair-tso"})) == [
        "Gastles windenergie",
        "Opendag",
    ]
    assert titles(client.get(LIST_URL, {"audience": "volwassenen"})) == []
    # A type no longer booked for a class is no longer found under teachers (changed as the
    # admin changes it: saved, so the pages kept for anonymous visitors are stale at once).
    guest_lesson_type = ActionType.objects.get(slug="expert-gastles")
    guest_lesson_type.booked_for_a_class = False
    guest_lesson_type.save()
    assert titles(client.get(LIST_URL, {"audience": "leraren"})) == ["Nascholing robotica"]


def test_a_largest_group_smaller_than_the_smallest_is_refused_and_nothing_is_lost():
    action = ActionFactory(group_min=None, group_max=None, cost="Free")
    member = MembershipFactory(organisation=action.organisation).user
    with pytest.raises(ValidationError) as error:
        action_update(action=action, by=member, data={"group_min": 20, "group_max": 10})
    assert error.value.message_dict["group_max"] == [
        "The largest group must be as large as the smallest group or larger (20 or more), "
        "or leave it empty."
    ]
    action.refresh_from_db()
    assert (action.group_min, action.group_max, action.cost) == (None, None, "Free")
    action_update(action=action, by=member, data={"group_min": 10, "group_max": 28})
    action.refresh_from_db()
    assert (action.group_min, action.group_max, action.cost) == (10, 28, "Free")


def test_the_portal_step_asks_group_size_and_cost_and_shows_them_to_check(client):
    action = ActionFactory(timing=Action.Timing.ON_REQUEST, start_date=None, end_date=None)
    member = MembershipFactory(organisation=action.organisation).user
    client.force_login(member)
    with translation.override("en"):
        url = reverse(
            "portal:action-step",
            kwargs={
                "organisation_slug": action.organisation.slug,
                "pk": action.pk,
                "step": "wanneer-en-hoe",
            },
        )
    data = {
        "timing": "on_request",
        "participation": "email",
        "participation_email": "aanmelden@example.org",
        "group_min": "20",
        "group_max": "10",
        "cost": "€ 3 per pupil",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The largest group must be as large as the smallest group or larger" in html
    assert 'value="€ 3 per pupil"' in html  # what was typed is shown again
    response = client.post(url, {**data, "group_max": "28"})
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert (action.group_min, action.group_max, action.cost) == (20, 28, "€ 3 per pupil")


def test_the_database_refuses_a_largest_group_smaller_than_the_smallest():
    action = ActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(group_min=30, group_max=20)
