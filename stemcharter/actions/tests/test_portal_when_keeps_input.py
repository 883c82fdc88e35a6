"""Step "when and how" of an action drops nothing typed: a date typed while the timing stays
"on request" (the default of a new action), a last day for a one-day action, an address for
another way of taking part, are refused with a message that names both fields."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SOON = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def organisation(client):
    """A signatory, one of its members logged in."""
    signatory = make_signatory(name="Labo Gent", slug="labo-gent")
    client.force_login(MembershipFactory(organisation=signatory).user)
    return signatory


def when_url(action) -> str:
    return reverse(
        "portal:action-step",
        kwargs={
            "organisation_slug": action.organisation.slug,
            "pk": action.pk,
            "step": "wanneer-en-hoe",
        },
    )


def post_when(client, action, **answers):
    """Post step "when and how": by email, plus the answers given."""
    data = {"participation": "email", "participation_email": "info@robotica.example"}
    return client.post(when_url(action), {**data, **answers})


def new_action(organisation) -> Action:
    """As the first two steps leave it: timing "on request", no date."""
    action = ActionFactory(
        organisation=organisation, timing=Action.Timing.ON_REQUEST, start_date=None, end_date=None
    )
    assert action.start_date is None
    return action


def test_a_new_action_starts_on_request_so_a_typed_date_would_have_been_dropped(
    client, organisation
):
    action = new_action(organisation)
    page = client.get(when_url(action))
    assert page.context["form"]["timing"].value() == "on_request"


def test_a_date_typed_with_timing_on_request_is_refused_naming_both_fields(client, organisation):
    action = new_action(organisation)
    response = post_when(client, action, timing="on_request", start_date=SOON.isoformat())
    assert response.status_code == 200
    message = (
        "“Date or first day” is not kept when the answer to “When does it take place?” is "
        "“On request”. To keep it, choose “On one day” or “During a period” at “When does it "
        "take place?”; otherwise empty “Date or first day”."
    )
    assert response.context["form"].errors["start_date"] == [message]
    # In the error summary too, linked to the date field; the typed date is still there.
    assert 'href="#id_start_date"' in response.text
    assert f'value="{SOON.isoformat()}"' in response.text
    action.refresh_from_db()
    assert action.start_date is None

    # Choosing "on one day", as the message says, saves the date.
    response = post_when(client, action, timing="date", start_date=SOON.isoformat())
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.timing, action.start_date) == (Action.Timing.DATE, SOON)


@pytest.mark.parametrize(
    ("typed", "field", "other_answer"),
    [
        ({"timing": "date", "end_date": "x"}, "end_date", "On one day"),
        (
            {"participation": "email", "participation_url": "https://robotica.example/in"},
            "participation_url",
            "By email",
        ),
        (
            {"participation": "link", "participation_email": "info@robotica.example"},
            "participation_email",
            "Through a website",
        ),
    ],
    ids=["last-day-for-one-day", "website-when-by-email", "email-when-by-website"],
)
def test_any_answer_the_other_choice_does_not_use_is_refused(
    client, organisation, typed, field, other_answer
):
    action = new_action(organisation)
    data = {
        "timing": "date",
        "start_date": SOON.isoformat(),
        "participation": "email",
        "participation_email": "info@robotica.example",
        "participation_url": "https://robotica.example/in",
        **typed,
    }
    if data.get("end_date") == "x":
        data["end_date"] = (SOON + datetime.timedelta(days=3)).isoformat()
    response = client.post(when_url(action), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert f"is “{other_answer}”" in errors
    assert "otherwise empty" in errors


def test_a_saved_date_goes_when_the_timing_changes_to_on_request(client, organisation):
    """Not typed now: changing the timing is how one drops a date saved earlier."""
    action = ActionFactory(organisation=organisation, timing=Action.Timing.DATE, start_date=SOON)
    page = client.get(when_url(action))
    assert page.context["form"]["start_date"].value() == SOON
    response = post_when(
        client, action, timing="on_request", start_date=SOON.isoformat(), end_date=SOON.isoformat()
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.timing, action.start_date) == (Action.Timing.ON_REQUEST, None)


def test_a_one_day_action_passes_its_check_page(client, organisation):
    """A one-day action keeps its date as its last day too: not a typed last day."""
    action = new_action(organisation)
    post_when(client, action, timing="date", start_date=SOON.isoformat())
    action.refresh_from_db()
    assert action.end_date == SOON
    # Opened again and sent unchanged (the last day shown as saved): accepted.
    response = post_when(
        client, action, timing="date", start_date=SOON.isoformat(), end_date=SOON.isoformat()
    )
    assert response.status_code == 302
    check = client.get(
        reverse(
            "portal:action-check",
            kwargs={"organisation_slug": organisation.slug, "pk": action.pk},
        )
    )
    assert "is not kept when" not in check.text
