"""Step "when and how" of an action drops nothing typed without a word
(common.wizard.UsedOnlyWhenMixin): a date typed while the timing stays "on request" (the
default of a new action), or an address for the way of taking part not chosen, stops the step
with what to do; an answer left behind by a switch in the same step (a web address after
choosing "by email", a last day after choosing "on one day") is neither checked (a leftover
invalid web address does not stop the step) nor kept, and the next page names it."""

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


def test_a_date_typed_with_timing_on_request_is_refused_with_what_to_do(client, organisation):
    """The issue's case: the timing left at its default, a date typed below it."""
    action = new_action(organisation)
    response = post_when(client, action, timing="on_request", start_date=SOON.isoformat())
    assert response.status_code == 200
    assert response.context["form"].errors["start_date"] == [
        "“Date or first day” is not kept when the answer to “When does it take place?” is "
        "“On request”. To keep it, choose “On one day” or “During a period” at “When does it "
        "take place?”; otherwise empty “Date or first day”."
    ]
    # What was typed is still in the form, and nothing was saved.
    assert response.context["form"]["start_date"].value() == SOON.isoformat()
    action.refresh_from_db()
    assert (action.timing, action.start_date) == (Action.Timing.ON_REQUEST, None)

    # Choosing "on one day" saves the date, without a word.
    response = post_when(client, action, timing="date", start_date=SOON.isoformat())
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.timing, action.start_date) == (Action.Timing.DATE, SOON)
    assert "We did not keep" not in client.get(response.url).text


def test_an_address_typed_for_the_way_not_chosen_is_refused_not_checked(client, organisation):
    """By email stays chosen, a wrong web address typed: the message says what to do, not
    "enter a valid address" for a field the answer does not use."""
    action = new_action(organisation)
    response = post_when(client, action, timing="on_request", participation_url="htp:/wrong")
    assert response.status_code == 200
    (error,) = response.context["form"].errors["participation_url"]
    assert error.startswith("“Website to sign up” is not kept when the answer to ")
    assert "otherwise empty “Website to sign up”" in error


def test_an_invalid_web_address_left_after_switching_to_email_neither_blocks_nor_stays(
    client, organisation
):
    """Chose "through a website", typed a wrong address, then switched to "by email"."""
    action = new_action(organisation)
    Action.objects.filter(pk=action.pk).update(
        participation=Action.Participation.LINK, participation_email=""
    )
    response = post_when(
        client,
        action,
        timing="on_request",
        participation="email",
        participation_email="info@robotica.example",
        participation_url="htp:/wrong",
    )
    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert (action.participation, action.participation_url) == ("email", "")
    assert action.participation_email == "info@robotica.example"
    assert "We did not keep “Website to sign up” (htp:/wrong)" in client.get(response.url).text
    # Opened again: the address is gone from the form too.
    assert client.get(when_url(action)).context["form"]["participation_url"].value() == ""


@pytest.mark.parametrize(
    ("typed", "field", "label"),
    [
        ({"timing": "date", "end_date": "x"}, "end_date", "Last day"),
        (
            {"participation": "email", "participation_url": "https://robotica.example/in"},
            "participation_url",
            "Website to sign up",
        ),
        (
            {"participation": "link", "participation_email": "info@robotica.example"},
            "participation_email",
            "Email address to sign up",
        ),
    ],
    ids=["last-day-for-one-day", "website-when-by-email", "email-when-by-website"],
)
def test_any_answer_left_by_a_switch_in_the_step_is_not_kept_and_named(
    client, organisation, typed, field, label
):
    action = new_action(organisation)
    # Saved before: "on request", through the organiser's website; the step switches both.
    Action.objects.filter(pk=action.pk).update(participation=Action.Participation.ORGANISER)
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
    assert response.status_code == 302
    action.refresh_from_db()
    if field == "end_date":
        assert action.end_date == SOON  # a one-day action ends on its day
    else:
        assert getattr(action, field) == ""
    assert f"We did not keep “{label}”" in client.get(response.url).text


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
    assert "We did not keep" not in check.text
