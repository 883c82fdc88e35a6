"""Actions take registrations on the site: the portal step offers it, the service keeps the
mode and the deadline only for that way of taking part."""

import datetime

import pytest
from django.utils import timezone

from stemcharter.actions.forms import ActionWhenHowForm
from stemcharter.actions.models import Action
from stemcharter.actions.services import action_update
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.registrations.registry import RegistrationMode, registrable_type_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FUTURE = timezone.localdate() + datetime.timedelta(days=30)


def when(**overrides) -> dict:
    return {
        "timing": "date",
        "start_date": FUTURE.isoformat(),
        "places": "20",
        "participation": "registration",
        "registration_mode": "on_approval",
        "registration_deadline": f"{(FUTURE - datetime.timedelta(days=2)).isoformat()}T17:00",
        **overrides,
    }


def test_the_step_offers_registration_on_this_site_with_mode_and_deadline():
    organisation = make_signatory()
    form = ActionWhenHowForm(when(), organisation=organisation)
    assert ("registration", "Register on this site") in form.fields["participation"].choices
    assert form.is_valid(), form.errors
    deadline = form.cleaned_data["registration_deadline"]
    assert timezone.localtime(deadline).hour == 17
    rows = {row[0]: row[1] for row in form.summary_rows()}
    assert rows["Who gets a place?"] == "On approval by the organiser"


def test_a_deadline_after_the_last_day_is_refused():
    organisation = make_signatory()
    late = f"{(FUTURE + datetime.timedelta(days=1)).isoformat()}T09:00"
    form = ActionWhenHowForm(when(registration_deadline=late), organisation=organisation)
    assert not form.is_valid()
    assert form.errors["registration_deadline"] == [
        "Registration must close on or before the last day of the action."
    ]


def test_another_way_of_taking_part_drops_the_mode_and_deadline():
    organisation = make_signatory()
    action = ActionFactory(organisation=organisation)
    action_update(
        action=action,
        by=None,
        data={
            "participation": "registration",
            "registration_mode": RegistrationMode.ON_APPROVAL,
            "registration_deadline": timezone.now() + datetime.timedelta(days=3),
        },
    )
    action.refresh_from_db()
    assert action.registration_mode == RegistrationMode.ON_APPROVAL
    action_update(
        action=action,
        by=None,
        data={"participation": "email", "participation_email": "x@example.org"},
    )
    action.refresh_from_db()
    assert (action.registration_mode, action.registration_deadline) == (
        RegistrationMode.FIRST_COME,
        None,
    )


def test_actions_are_registered_with_the_mechanism():
    registrable_type = registrable_type_for(Action)
    action = ActionFactory(participation="registration", places=12, group_max=28)
    assert registrable_type.key == "actie"
    assert registrable_type.capacity(action) == 12
    assert registrable_type.group_max(action) == 28
    assert registrable_type.takes_registrations(action)
    assert not registrable_type.is_visible(action)  # a draft
    entry = registrable_type.calendar_entry(action)  # the same entry as the action's .ics
    assert entry.start == action.start_date
    assert entry.sequence == action.calendar_sequence
    assert entry.uid == f"action-{action.pk}@127.0.0.1"


def _taken_working_copy(places: int = 10, taken: int = 4):
    """A published action with ``taken`` seats registered, and a new version of it started."""
    from stemcharter.registrations.tests.factories import (
        RegistrableActionFactory,
        visitor_registers,
    )
    from stemcharter.reviews.services import revision_start

    action = RegistrableActionFactory(places=places)
    for i in range(taken):
        visitor_registers(action, f"p{i}@example.org")
    return action, revision_start(item=action, by=None)


def test_places_cannot_go_below_the_seats_taken_with_the_events_message():
    from django.core.exceptions import ValidationError

    _action, copy = _taken_working_copy()
    with pytest.raises(ValidationError) as refused:
        action_update(action=copy, by=None, data={"places": 3, "cost": "free"})
    assert refused.value.message_dict["places"] == [
        "4 places are taken already: enter at least 4, or leave it empty for no limit."
    ]
    copy.refresh_from_db()
    assert (copy.places, copy.cost) == (10, "")  # nothing saved
    action_update(action=copy, by=None, data={"places": 4})
    copy.refresh_from_db()
    assert copy.places == 4
    action_update(action=copy, by=None, data={"places": None})  # no limit
    copy.refresh_from_db()
    assert copy.places is None


def test_the_action_form_shows_the_places_message_and_keeps_the_input(client):
    from django.urls import reverse

    from stemcharter.organisations.tests.factories import MembershipFactory

    action, copy = _taken_working_copy()
    client.force_login(MembershipFactory(organisation=action.organisation).user)
    url = reverse(
        "portal:action-step",
        kwargs={
            "organisation_slug": action.organisation.slug,
            "pk": copy.pk,
            "step": "wanneer-en-hoe",
        },
    )
    response = client.post(url, {**when(registration_mode="first_come"), "places": "2"})
    assert response.status_code == 200
    assert response.context["form"].errors["places"] == [
        "4 places are taken already: enter at least 4, or leave it empty for no limit."
    ]
    assert response.context["form"]["places"].value() == "2"
    copy.refresh_from_db()
    assert copy.places == 10


def test_the_action_tells_the_mechanism_its_smallest_group():
    action = ActionFactory(participation="registration", places=30, group_min=8)
    assert registrable_type_for(Action).group_min(action) == 8
