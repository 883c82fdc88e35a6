"""The organiser's hands on a list: cancel a registration with a message, add one by hand
(someone who phoned), the group's minimum, the days on which people can be checked in, and the
list that keeps its filters, search and page through a POST."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.registrations.links import personal_link_token
from stemcharter.registrations.models import Registration
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.services import (
    RegistrationRefused,
    check_in_closed_reason,
    registration_add_by_organiser,
    registration_cancel,
    registration_cancel_by_organiser,
    registration_check_in,
    registration_create,
)
from stemcharter.registrations.views import LIST_PAGE_SIZE

from .factories import RegistrableActionFactory, open_on_the_day, visitor_registers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
State = Registration.State


def list_url(action) -> str:
    return reverse("portal:registration-list", kwargs={"type_key": "actie", "pk": action.pk})


def manage_url(action, registration) -> str:
    return reverse(
        "portal:registration-manage",
        kwargs={"type_key": "actie", "pk": action.pk, "registration_pk": registration.pk},
    )


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


# Cancelling ----------------------------------------------------------------------------------


def test_the_organiser_cancels_with_a_message_and_the_waitlist_moves_up():
    action = RegistrableActionFactory(places=1)
    organiser = make_user("signatory", organisation=action.organisation)
    seated = visitor_registers(action, "a@example.org")
    waiting = visitor_registers(action, "b@example.org")
    mail.outbox.clear()
    registration_cancel_by_organiser(
        registration=seated, by=organiser, message="The bus is full, sorry."
    )
    assert fresh(seated).state == State.CANCELLED
    assert fresh(waiting).state == State.REGISTERED
    told = next(m for m in mail.outbox if m.to == ["a@example.org"])
    assert "The organiser cancelled your registration" in told.body
    assert "The bus is full, sorry." in told.body
    assert any(m.to == ["b@example.org"] for m in mail.outbox)  # promoted, told
    entry = AuditEntry.objects.get(code="registrations.registration.cancelled_by_organiser")
    assert entry.actor == organiser
    with pytest.raises(RegistrationRefused, match="already cancelled"):
        registration_cancel_by_organiser(registration=seated, by=organiser)


def test_the_personal_page_says_the_organiser_cancelled_not_the_person(client):
    action = RegistrableActionFactory(places=3)
    by_organiser = visitor_registers(action, "a@example.org")
    by_themselves = visitor_registers(action, "b@example.org")
    registration_cancel_by_organiser(
        registration=by_organiser,
        by=make_user("signatory", organisation=action.organisation),
        message="The bus is full, sorry.",
    )
    registration_cancel(registration=by_themselves)

    def page(registration) -> str:
        url = reverse("registrations:registration", args=[personal_link_token(registration)])
        return client.get(url).content.decode()

    told = page(by_organiser)
    assert "The organiser cancelled your registration." in told
    assert "The bus is full, sorry." in told
    assert "The organiser cancelled" not in page(by_themselves)


def test_cancelling_from_the_list_keeps_its_filters_and_says_what_happened(client):
    action = RegistrableActionFactory(places=1)
    seated = visitor_registers(action, "ann@example.org", name="Ann")
    visitor_registers(action, "bert@example.org", name="Bert")
    client.force_login(make_user("signatory", organisation=action.organisation))
    response = client.post(
        manage_url(action, seated) + "?state=registered&q=ann",
        {"action": "cancel", "message": "Sorry!"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(action) + "?state=registered&q=ann"
    page = client.get(response["Location"]).content.decode()
    assert "The registration of Ann is cancelled." in page
    assert "Its places went to the waitlist, in order." in page
    assert fresh(seated).decision_message == "Sorry!"


# Adding by hand ------------------------------------------------------------------------------


def test_the_organiser_adds_someone_who_phoned_and_when_full_they_wait():
    action = RegistrableActionFactory(places=3)
    organiser = make_user("signatory", organisation=action.organisation)
    group = registration_add_by_organiser(
        item=action,
        by=organiser,
        kind="group",
        name="Mrs Janssens",
        email="janssens@example.org",
        group_name="class 5B",
        pupils=2,
        adults=1,
        language="en",
    )
    assert group.state == State.REGISTERED
    assert group.seats == 3
    assert "You are registered for" in mail.outbox[-1].body
    phoned = registration_add_by_organiser(item=action, by=organiser, kind="individual", name="Jo")
    assert phoned.state == State.WAITLISTED  # full: the waitlist, like anyone
    assert phoned.email == ""
    assert (
        AuditEntry.objects.filter(
            code="registrations.registration.added_by_organiser", actor=organiser
        ).count()
        == 2
    )
    with pytest.raises(RegistrationRefused, match="already registered"):
        registration_add_by_organiser(
            item=action, by=organiser, kind="individual", name="X", email="JANSSENS@example.org"
        )
    with pytest.raises(RegistrationRefused, match="3 places in all"):
        registration_add_by_organiser(
            item=action, by=organiser, kind="group", name="Y", group_name="6A", pupils=4
        )


def test_on_approval_an_added_registration_is_accepted_while_it_fits():
    action = RegistrableActionFactory(places=1, registration_mode=RegistrationMode.ON_APPROVAL)
    organiser = make_user("signatory", organisation=action.organisation)
    added = registration_add_by_organiser(item=action, by=organiser, kind="individual", name="A")
    assert added.state == State.ACCEPTED
    with pytest.raises(RegistrationRefused, match="Not enough places left: 0 left, 1 needed"):
        registration_add_by_organiser(item=action, by=organiser, kind="individual", name="B")


def test_nobody_is_added_to_an_action_that_is_over():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    action = RegistrableActionFactory(start_date=yesterday)
    organiser = make_user("signatory", organisation=action.organisation)
    with pytest.raises(RegistrationRefused, match="This is over"):
        registration_add_by_organiser(item=action, by=organiser, kind="individual", name="A")


def test_adding_from_the_list_says_so_and_bad_input_keeps_what_was_typed(client):
    action = RegistrableActionFactory(places=1)
    visitor_registers(action, "a@example.org")
    client.force_login(make_user("signatory", organisation=action.organisation))
    response = client.post(
        list_url(action) + "?q=x",
        {"add-kind": "individual", "add-name": "Piet Phoned", "add-email": "piet@example.org"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(action) + "?q=x"
    page = client.get(response["Location"]).content.decode()
    assert "It is full, so Piet Phoned is on the waitlist" in page
    assert Registration.objects.get(email="piet@example.org").state == State.WAITLISTED

    response = client.post(
        list_url(action),
        {"add-kind": "group", "add-name": "Mr Peeters", "add-group_name": "", "add-pupils": "3"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the name of the group" in page
    assert 'value="Mr Peeters"' in page
    assert Registration.objects.count() == 2


def test_someone_of_another_organisation_cannot_add_or_cancel(client):
    from stemcharter.organisations.tests.signatories import make_signatory

    action = RegistrableActionFactory()
    seated = visitor_registers(action, "a@example.org")
    client.force_login(make_user("signatory", organisation=make_signatory()))
    assert (
        client.post(list_url(action), {"add-kind": "individual", "add-name": "X"}).status_code
        == 404
    )
    assert client.post(manage_url(action, seated), {"action": "cancel"}).status_code == 404
    assert Registration.objects.count() == 1
    assert fresh(seated).state == State.REGISTERED


# The group's minimum -------------------------------------------------------------------------


def test_a_group_smaller_than_the_minimum_is_refused_with_a_clear_message(client):
    action = RegistrableActionFactory(places=50, group_min=10, group_max=30)
    with pytest.raises(
        RegistrationRefused, match="A group needs at least 10 people here"
    ) as refused:
        registration_create(
            item=action, kind="group", name="T", email="t@example.org", group_name="5B", pupils=8
        )
    assert refused.value.field == "pupils"
    # Individuals are not a group: the minimum does not apply to them.
    registration_create(item=action, kind="individual", name="I", email="i@example.org")
    visitor_registers(action, "g@example.org", kind="group", group_name="6A", pupils=9, adults=1)
    response = client.post(
        reverse("registrations:register", kwargs={"type_key": "actie", "pk": action.pk}),
        {"kind": "group", "name": "T", "email": "u@example.org", "group_name": "5C", "pupils": 5},
    )
    assert "A group needs at least 10 people here" in response.content.decode()


# Check-in: only on the days of the item ------------------------------------------------------


def test_check_in_is_refused_before_the_day_and_after_the_last_day():
    today = timezone.localdate()
    action = RegistrableActionFactory(start_date=today + datetime.timedelta(days=14))
    organiser = make_user("signatory", organisation=action.organisation)
    seated = visitor_registers(action, "a@example.org")
    with pytest.raises(RegistrationRefused, match="Check-in opens on the day itself"):
        registration_check_in(registration=seated, by=organiser)
    assert fresh(seated).checked_in_at is None


@pytest.mark.parametrize(
    ("local", "open_"),
    [
        (datetime.datetime(2027, 3, 9, 23, 59), False),  # the evening before
        (datetime.datetime(2027, 3, 10, 0, 0), True),  # 00:00 on the first day
        (datetime.datetime(2027, 3, 11, 23, 59), True),  # the last day, late
        (datetime.datetime(2027, 3, 12, 0, 0), False),  # the day after
    ],
)
def test_check_in_opens_at_midnight_brussels_on_the_first_day_until_the_last(local, open_):
    action = RegistrableActionFactory.build(
        timing="period", start_date=datetime.date(2027, 3, 10), end_date=datetime.date(2027, 3, 11)
    )
    now = timezone.make_aware(local)  # the site's zone: Europe/Brussels
    assert (check_in_closed_reason(item=action, now=now) == "") is open_


def test_the_list_says_when_check_in_opens_and_offers_no_button_before(client):
    action = RegistrableActionFactory(start_date=timezone.localdate() + datetime.timedelta(days=7))
    visitor_registers(action, "a@example.org", name="Ann")
    client.force_login(make_user("signatory", organisation=action.organisation))
    page = client.get(list_url(action)).content.decode()
    assert "Check-in opens on the day itself" in page
    assert 'value="check_in"' not in page


# The list keeps its filters, search and page -------------------------------------------------


def test_after_checking_in_the_list_keeps_its_filters_search_and_page(client):
    action = RegistrableActionFactory(
        places=LIST_PAGE_SIZE + 5,
        start_date=timezone.localdate(),
        registration_deadline=open_on_the_day(),
    )
    people = [
        visitor_registers(action, f"p{i:03}@example.org", name=f"Person {i:03}")
        for i in range(LIST_PAGE_SIZE + 2)
    ]
    client.force_login(make_user("signatory", organisation=action.organisation))
    page = client.get(list_url(action), {"state": "registered", "q": "person", "page": "2"})
    html = page.content.decode()
    assert "?state=registered&amp;q=person&amp;page=2" in html  # the forms' addresses
    last = people[-1]
    response = client.post(
        manage_url(action, last) + "?state=registered&q=person&page=2", {"action": "check_in"}
    )
    assert response["Location"] == list_url(action) + "?state=registered&q=person&page=2"
    assert fresh(last).checked_in_at is not None


def test_only_the_lists_own_cleaned_params_come_back(client):
    action = RegistrableActionFactory(
        start_date=timezone.localdate(), registration_deadline=open_on_the_day()
    )
    seated = visitor_registers(action, "a@example.org")
    client.force_login(make_user("signatory", organisation=action.organisation))
    response = client.post(
        manage_url(action, seated) + "?state=nonsense&q=a%00b&page=//evil.example&next=x",
        {"action": "check_in"},
    )
    assert response["Location"] == list_url(action) + "?q=ab"


def test_an_on_approval_list_names_no_waitlist(client):
    action = RegistrableActionFactory(places=5, registration_mode=RegistrationMode.ON_APPROVAL)
    client.force_login(make_user("signatory", organisation=action.organisation))
    html = client.get(list_url(action)).content.decode()
    assert "0 of 5 places taken." in html
    assert "on the waitlist" not in html
    first_come = RegistrableActionFactory(places=5)
    client.force_login(make_user("signatory", organisation=first_come.organisation))
    assert "0 on the waitlist" in client.get(list_url(first_come)).content.decode()
