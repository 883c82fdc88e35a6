import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.registrations.links import LinkProblem, registration_from_token
from stemcharter.registrations.models import Registration
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.selectors import item_places, waitlist_position
from stemcharter.registrations.services import (
    RegistrationRefused,
    personal_link,
    registration_attendance_set,
    registration_cancel,
    registration_check_in,
    registration_confirm,
    registration_create,
    registration_decide,
    registrations_erase_personal_data,
    registrations_item_cancelled,
    waitlist_promote,
)

from .factories import RegistrableActionFactory, open_on_the_day, visitor_registers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
State = Registration.State


def fresh(registration):
    return Registration.objects.get(pk=registration.pk)


def test_a_visitor_holds_no_seat_until_they_confirm_by_email():
    action = RegistrableActionFactory(places=1)
    registration = visitor_registers(action, "ann@example.org", confirm=False)
    assert registration.state == State.UNCONFIRMED
    assert item_places(item=action).taken == 0
    [email] = mail.outbox
    assert email.to == ["ann@example.org"]
    assert personal_link(registration) in email.body
    assert not email.attachments

    registration = registration_confirm(registration=registration)
    assert registration.state == State.REGISTERED
    assert item_places(item=action).left == 0
    confirmation = mail.outbox[-1]
    [(filename, content, mimetype), (qr_name, png, qr_type)] = confirmation.attachments
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    assert (qr_name, qr_type) == ("inchecken.png", "image/png")
    assert png.startswith(b"\x89PNG")
    [event] = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]) == action.title
    assert str(event["URL"]).endswith(action.get_absolute_url())
    assert personal_link(registration) in confirmation.body
    # A second confirmation (the link used again) changes nothing and sends nothing.
    count = len(mail.outbox)
    assert registration_confirm(registration=registration).state == State.REGISTERED
    assert len(mail.outbox) == count


def test_a_member_of_a_signatory_registers_in_one_click_with_their_account():
    organisation = make_signatory()
    member = make_user("signatory", organisation=organisation)
    action = RegistrableActionFactory()
    registration = registration_create(item=action, kind="individual", user=member)
    assert registration.state == State.REGISTERED
    assert registration.user == member
    assert (registration.name, registration.email) == (member.name or member.email, member.email)
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_a_logged_in_person_of_no_signatory_confirms_like_a_visitor():
    person = make_user("signatory")  # a member of an organisation that did not sign
    action = RegistrableActionFactory()
    registration = registration_create(
        item=action, kind="individual", user=person, name="Piet", email="piet@example.org"
    )
    assert registration.state == State.UNCONFIRMED
    assert registration.user is None


def test_when_full_people_join_the_waitlist_and_are_promoted_in_order():
    action = RegistrableActionFactory(places=2)
    first, second = (visitor_registers(action, f"p{i}@example.org") for i in range(2))
    third, fourth = (visitor_registers(action, f"w{i}@example.org") for i in range(2))
    assert [r.state for r in (first, second, third, fourth)] == [State.REGISTERED] * 2 + [
        State.WAITLISTED
    ] * 2
    assert [waitlist_position(third), waitlist_position(fourth)] == [1, 2]
    assert "waitlist" in mail.outbox[-1].body

    mail.outbox.clear()
    registration_cancel(registration=first)
    assert fresh(third).state == State.REGISTERED
    assert fresh(fourth).state == State.WAITLISTED
    assert waitlist_position(fresh(fourth)) == 1
    [promoted] = mail.outbox
    assert promoted.to == ["w0@example.org"]
    assert "now registered" in promoted.body
    assert promoted.attachments  # the calendar entry


def test_a_group_is_promoted_only_when_it_fits_and_smaller_ones_may_pass_it():
    action = RegistrableActionFactory(places=4)
    seated = [visitor_registers(action, f"p{i}@example.org") for i in range(4)]
    group = visitor_registers(
        action, "teacher@example.org", kind="group", group_name="5B", pupils=2, adults=1
    )
    single = visitor_registers(action, "late@example.org")
    assert (group.state, group.seats, single.state) == (State.WAITLISTED, 3, State.WAITLISTED)

    registration_cancel(registration=seated[0])  # 1 seat free: the group does not fit
    assert fresh(group).state == State.WAITLISTED
    assert fresh(single).state == State.REGISTERED  # passed the group for that seat
    assert waitlist_position(fresh(group)) == 1  # and the group keeps its place

    registration_cancel(registration=seated[1])
    registration_cancel(registration=seated[2])
    assert fresh(group).state == State.WAITLISTED  # 2 free seats, 3 needed
    registration_cancel(registration=seated[3])
    assert fresh(group).state == State.REGISTERED
    assert item_places(item=action).taken == 4


def test_a_group_larger_than_the_seats_left_waits_and_larger_than_all_seats_is_refused():
    action = RegistrableActionFactory(places=10)
    visitor_registers(action, "a@example.org", kind="group", group_name="5A", pupils=7)
    waiting = visitor_registers(
        action, "b@example.org", kind="group", group_name="5B", pupils=4, adults=1
    )
    assert waiting.state == State.WAITLISTED
    assert item_places(item=action).taken == 7  # never more than the places
    with pytest.raises(RegistrationRefused, match="10 places in all, so a group of 11"):
        visitor_registers(action, "c@example.org", kind="group", group_name="6", pupils=11)


@pytest.mark.parametrize(
    ("pupils", "adults", "message"),
    [
        (0, 0, "at least 1 person"),
        (-3, 1, "0 or more"),
        (5000, 0, "at most 1000 people"),
    ],
)
def test_seats_zero_negative_or_absurd_are_refused(pupils, adults, message):
    action = RegistrableActionFactory(places=None)
    with pytest.raises(RegistrationRefused, match=message):
        visitor_registers(
            action, "t@example.org", kind="group", group_name="X", pupils=pupils, adults=adults
        )
    assert not Registration.objects.exists()


def test_the_database_refuses_a_registration_without_seats():
    from django.db import IntegrityError

    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org", confirm=False)
    with pytest.raises(IntegrityError):
        Registration.objects.filter(pk=registration.pk).update(seats=0)


def test_the_same_address_twice_in_any_case_is_refused():
    action = RegistrableActionFactory()
    visitor_registers(action, "Ann@Example.org", confirm=False)
    with pytest.raises(RegistrationRefused, match="already registered") as refused:
        visitor_registers(action, "ann@EXAMPLE.ORG")
    assert refused.value.field == "email"
    # Once cancelled, the address may register again; another action is another matter.
    registration_cancel(registration=Registration.objects.get())
    visitor_registers(action, "ANN@example.org")
    visitor_registers(RegistrableActionFactory(), "ann@example.org")


def test_registering_after_the_deadline_or_for_a_past_action_is_refused():
    action = RegistrableActionFactory(
        registration_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(RegistrationRefused, match="Registration closed on"):
        visitor_registers(action, "a@example.org")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    past = RegistrableActionFactory(start_date=yesterday, end_date=yesterday)
    with pytest.raises(RegistrationRefused, match="This is over"):
        visitor_registers(past, "a@example.org")


def test_confirming_after_the_deadline_is_refused():
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org", confirm=False)
    action.registration_deadline = timezone.now() - datetime.timedelta(minutes=1)
    action.save()
    with pytest.raises(RegistrationRefused, match="Registration closed"):
        registration_confirm(registration=registration)
    assert fresh(registration).state == State.UNCONFIRMED


def test_an_expired_link_cannot_confirm(settings):
    settings.REGISTRATION_CONFIRM_HOURS = 48
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org", confirm=False)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    with pytest.raises(RegistrationRefused, match="expired"):
        registration_confirm(registration=fresh(registration))


def test_an_action_that_takes_no_registrations_here_is_refused():
    action = RegistrableActionFactory(participation="email", participation_email="x@example.org")
    with pytest.raises(RegistrationRefused, match="no registrations on this site"):
        visitor_registers(action, "a@example.org")


def test_on_approval_the_organiser_accepts_or_declines_with_a_message():
    action = RegistrableActionFactory(places=1, registration_mode=RegistrationMode.ON_APPROVAL)
    organiser = make_user("signatory", organisation=action.organisation)
    first = visitor_registers(action, "a@example.org")
    second = visitor_registers(action, "b@example.org")
    assert (first.state, second.state) == (State.APPLIED, State.APPLIED)
    assert item_places(item=action).taken == 0

    mail.outbox.clear()
    registration_decide(registration=first, accept=True, message="Welkom maandag!", by=organiser)
    [accepted] = mail.outbox
    assert "Welkom maandag!" in accepted.body
    assert accepted.attachments
    with pytest.raises(RegistrationRefused, match="Not enough places left"):
        registration_decide(registration=second, accept=True, by=organiser)
    registration_decide(registration=second, accept=False, message="Volzet.", by=organiser)
    assert fresh(second).state == State.DECLINED
    assert "Volzet." in mail.outbox[-1].body
    with pytest.raises(RegistrationRefused, match="already decided"):
        registration_decide(registration=second, accept=True, by=organiser)
    assert AuditEntry.objects.filter(code="registrations.registration.accepted").count() == 1


def test_check_in_and_attendance():
    action = RegistrableActionFactory(
        places=1, start_date=timezone.localdate(), registration_deadline=open_on_the_day()
    )
    organiser = make_user("signatory", organisation=action.organisation)
    seated = visitor_registers(action, "a@example.org")
    waiting = visitor_registers(action, "b@example.org")
    registration = registration_check_in(registration=seated, by=organiser)
    assert registration.checked_in_at is not None
    assert registration.attended is True
    with pytest.raises(RegistrationRefused, match="Only registered or accepted"):
        registration_check_in(registration=waiting, by=organiser)
    registration_attendance_set(registration=seated, attended=False, by=organiser)
    assert fresh(seated).attended is False


def test_cancelling_the_item_tells_everyone_who_confirmed():
    action = RegistrableActionFactory(places=1)
    seated = visitor_registers(action, "a@example.org")
    waiting = visitor_registers(action, "b@example.org")
    unconfirmed = visitor_registers(action, "c@example.org", confirm=False)
    mail.outbox.clear()
    assert registrations_item_cancelled(item=action) == 3
    assert {r.state for r in (fresh(seated), fresh(waiting), fresh(unconfirmed))} == {
        State.CANCELLED
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("cancelled" in m.body for m in mail.outbox)


def test_more_places_in_a_new_version_promote_the_waitlist():
    action = RegistrableActionFactory(places=1)
    visitor_registers(action, "a@example.org")
    waiting = visitor_registers(action, "b@example.org")
    action.places = 2
    action.save()
    assert waitlist_promote(item=action) == [fresh(waiting)]
    assert fresh(waiting).state == State.REGISTERED


def test_visitors_personal_data_is_erased_after_the_configured_days_keeping_counts(settings):
    settings.REGISTRATION_PERSONAL_DATA_DAYS = 30
    day = timezone.localdate() + datetime.timedelta(days=3)
    action = RegistrableActionFactory(start_date=day, end_date=day)
    member = make_user("signatory", organisation=make_signatory())
    visitor = visitor_registers(action, "a@example.org", kind="group", group_name="5B", pupils=3)
    mine = registration_create(item=action, kind="individual", user=member)
    token_link = personal_link(visitor).rstrip("/").rsplit("/", 1)[-1]

    end = timezone.now() + datetime.timedelta(days=4)
    assert registrations_erase_personal_data(now=end + datetime.timedelta(days=29)) == 0
    assert registrations_erase_personal_data(now=end + datetime.timedelta(days=31)) == 1
    visitor = fresh(visitor)
    assert (visitor.name, visitor.email, visitor.group_name) == ("", "", "")
    assert visitor.state == State.REGISTERED
    assert visitor.seats == 3
    assert fresh(mine).email == member.email  # a member's stays with their account
    assert item_places(item=action).taken == 4
    with pytest.raises(LinkProblem) as problem:
        registration_from_token(token_link)
    assert problem.value.reason == "gone"
    # The audit trail no longer names them.
    assert not AuditEntry.objects.filter(target_repr__icontains="5B").exists()


def test_a_forged_link_is_refused():
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org")
    token = personal_link(registration).rstrip("/").rsplit("/", 1)[-1]
    assert registration_from_token(token) == registration
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "1:abc", "", "x" * 300):
        with pytest.raises(LinkProblem):
            registration_from_token(forged)


class TestReminders:
    def setup_action(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        action = RegistrableActionFactory(start_date=tomorrow, end_date=tomorrow)
        registration = visitor_registers(action, "a@example.org")
        visitor_registers(RegistrableActionFactory(), "later@example.org")  # in 30 days
        mail.outbox.clear()
        return registration

    def test_the_day_before_each_registered_person_gets_one_reminder(self):
        registration = self.setup_action()
        call_command("send_registration_reminders", stdout=mock.Mock())
        [reminder] = mail.outbox
        assert reminder.to == ["a@example.org"]
        assert "tomorrow" in reminder.body
        assert fresh(registration).reminder_sent_at is not None
        call_command("send_registration_reminders", stdout=mock.Mock())
        assert len(mail.outbox) == 1

    def test_a_failing_send_is_retried_next_run_and_never_sent_twice(self):
        registration = self.setup_action()
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=ConnectionError("mail server down"),
        ):
            call_command("send_registration_reminders", stdout=mock.Mock())
        assert mail.outbox == []
        assert fresh(registration).reminder_sent_at is None  # not marked: tried again

        call_command("send_registration_reminders", stdout=mock.Mock())
        call_command("send_registration_reminders", stdout=mock.Mock())
        assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_a_members_registrations_are_in_their_personal_data_download():
    from stemcharter.accounts.selectors import personal_data_summary, user_personal_data

    member = make_user("signatory", organisation=make_signatory())
    action = RegistrableActionFactory(places=30)
    registration_create(
        item=action, kind="group", group_name="5B", pupils=20, adults=2, user=member
    )
    data = user_personal_data(user=member)
    [row] = data["registrations"]
    assert (row["for"], row["group"], row["places"], row["status"]) == (
        action.title,
        "5B",
        22,
        "registered",
    )
    assert "1 registration for an activity" in personal_data_summary(data=data)


def test_deleting_a_members_account_cancels_their_registrations_and_promotes_the_waitlist():
    from stemcharter.accounts.services import user_delete

    member = make_user("signatory", organisation=make_signatory(), membership_role="editor")
    action = RegistrableActionFactory(places=1)
    registration_create(item=action, kind="individual", user=member)
    waiting = visitor_registers(action, "b@example.org")
    assert waiting.state == State.WAITLISTED
    user_delete(user=member)
    assert not Registration.objects.filter(user__isnull=False).exists()
    assert fresh(waiting).state == State.REGISTERED
    assert not AuditEntry.objects.filter(target_repr__icontains=member.email).exists()


def test_an_item_that_ends_at_the_end_of_time_does_not_stop_the_erasure(settings):
    settings.REGISTRATION_PERSONAL_DATA_DAYS = 30
    far = RegistrableActionFactory(start_date=datetime.date.max, end_date=datetime.date.max)
    visitor_registers(far, "far@example.org", confirm=False)
    day = timezone.localdate() + datetime.timedelta(days=1)
    soon = RegistrableActionFactory(start_date=day, end_date=day)
    visitor_registers(soon, "soon@example.org")
    later = timezone.now() + datetime.timedelta(days=40)
    assert registrations_erase_personal_data(now=later) == 1


def test_without_a_deadline_an_action_closes_at_its_first_day_and_a_later_deadline_keeps_it():
    """An action's registration closes at 00:00 on its first day unless its organiser set a
    deadline (up to its last day) to keep it open while it runs."""
    today = timezone.localdate()
    running = RegistrableActionFactory(
        start_date=today, end_date=today + datetime.timedelta(days=30)
    )
    with pytest.raises(RegistrationRefused, match="This has already started"):
        visitor_registers(running, "a@example.org")
    kept_open = RegistrableActionFactory(
        start_date=today,
        end_date=today + datetime.timedelta(days=30),
        registration_deadline=timezone.now() + datetime.timedelta(days=7),
    )
    assert visitor_registers(kept_open, "a@example.org").state == State.REGISTERED
    on_request = RegistrableActionFactory(timing="on_request", start_date=None, end_date=None)
    assert visitor_registers(on_request, "a@example.org").state == State.REGISTERED


def test_confirming_after_the_action_started_is_refused():
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org", confirm=False)
    action.start_date = timezone.localdate()
    action.save()
    with pytest.raises(RegistrationRefused, match="This has already started"):
        registration_confirm(registration=registration)
    assert fresh(registration).state == State.UNCONFIRMED
