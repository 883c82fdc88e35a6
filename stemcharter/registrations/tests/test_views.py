import csv
import datetime
import io

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stemcharter.common.page_cache import content_changed, content_generation
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.registrations.links import check_in_token, personal_link_token
from stemcharter.registrations.models import Registration
from stemcharter.registrations.qr import check_in_url
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.services import (
    personal_link,
    registration_cancel,
    registration_create,
)

from .factories import RegistrableActionFactory, open_on_the_day, visitor_registers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
State = Registration.State


def register_url(action) -> str:
    return reverse("registrations:register", kwargs={"type_key": "actie", "pk": action.pk})


def list_url(action) -> str:
    return reverse("portal:registration-list", kwargs={"type_key": "actie", "pk": action.pk})


def link_path(registration) -> str:
    return personal_link(registration).removeprefix(settings.SITE_URL.rstrip("/"))


VISITOR = {"kind": "individual", "name": "Ann Peeters", "email": "ann@example.org"}


def test_the_action_page_shows_places_left_and_leads_to_the_form(client):
    action = RegistrableActionFactory(places=3)
    visitor_registers(action, "a@example.org")
    page = client.get(action.get_absolute_url()).content.decode()
    assert "2 places left of 3." in page
    assert register_url(action) in page


def test_the_action_page_says_when_it_is_full_and_offers_the_waitlist(
    client, django_capture_on_commit_callbacks
):
    action = RegistrableActionFactory(places=1)
    page = client.get(action.get_absolute_url()).content.decode()
    assert "1 place left of 1." in page
    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(action, "a@example.org")  # full now: the cached page goes stale
    page = client.get(action.get_absolute_url()).content.decode()
    assert "It is full." in page
    assert "Join the waitlist" in page


def test_other_ways_of_taking_part_are_unchanged(client):
    action = RegistrableActionFactory(participation="email", participation_email="x@example.org")
    page = client.get(action.get_absolute_url()).content.decode()
    assert "mailto:x@example.org" in page
    assert "/inschrijven/" not in page
    assert client.get(register_url(action)).status_code == 404


def test_a_visitor_registers_then_confirms_through_the_link(client):
    action = RegistrableActionFactory(places=5)
    response = client.post(register_url(action), VISITOR)
    assert response.status_code == 200
    assert "We sent an email to ann@example.org" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.state == State.UNCONFIRMED
    assert registration.language == "en"
    [email] = mail.outbox
    assert link_path(registration) in email.body

    page = client.get(link_path(registration)).content.decode()
    assert "Confirm your registration" in page
    response = client.post(link_path(registration), {"action": "confirm"}, follow=True)
    assert "You are registered." in response.content.decode()
    assert Registration.objects.get().state == State.REGISTERED
    # The link used again: it says so, nothing changes.
    response = client.post(link_path(registration), {"action": "confirm"}, follow=True)
    assert "already confirmed" in response.content.decode()


def test_a_group_registers_with_its_pupils_and_adults(client):
    action = RegistrableActionFactory(places=30)
    data = {**VISITOR, "kind": "group", "group_name": "class 5B", "pupils": "24", "adults": "2"}
    client.post(register_url(action), data)
    registration = Registration.objects.get()
    assert (registration.group_name, registration.seats) == ("class 5B", 26)


def test_the_group_fields_are_not_marked_optional(client):
    """They are required for a group (``clean``): "(optional)" beside them would mislead."""
    page = client.get(register_url(RegistrableActionFactory(places=30))).content.decode()
    for label in (
        "Name of the group (only for a group)",
        "Number of pupils or participants (only for a group)",
        "Number of accompanying adults (only for a group)",
    ):
        start = page.index(label)
        assert "optional" not in page[start : page.index("</label>", start)], label


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "group", "group_name": "", "pupils": "3"}, "Enter the name of the group"),
        ({"kind": "group", "group_name": "5B", "pupils": "0", "adults": "0"}, "at least 1"),
        ({"kind": "group", "group_name": "5B", "pupils": "-2"}, "Enter 0 or more."),
        ({"kind": "group", "group_name": "5B", "pupils": "99999"}, "Enter at most 1000."),
        ({"kind": "group", "group_name": "5B", "pupils": "31"}, "30 places in all"),
        ({"email": "not-an-address"}, "Enter an email address in the correct format"),
        # Too long for their columns (a 500 on PostgreSQL if they got that far).
        ({"name": "n" * 151}, "Shorten the name to at most 150 characters (it has 151)."),
        (
            {"email": "a" * 60 + "@" + "b" * 190 + ".org"},
            "Shorten the email address to at most 254 characters (it has 255).",
        ),
        (
            {"kind": "group", "group_name": "g" * 101, "pupils": "3"},
            "Shorten the name of the group to at most 100 characters (it has 101).",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(client, data, message):
    action = RegistrableActionFactory(places=30)
    response = client.post(register_url(action), {**VISITOR, **data})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "Error: Register for" in page
    assert not Registration.objects.exists()


def test_the_same_address_in_another_case_is_refused_on_the_form(client):
    action = RegistrableActionFactory()
    visitor_registers(action, "ann@example.org")
    response = client.post(register_url(action), {**VISITOR, "email": "ANN@Example.ORG"})
    assert "already registered" in response.content.decode()
    assert Registration.objects.count() == 1


def test_after_the_deadline_the_form_says_it_is_closed(client):
    action = RegistrableActionFactory(
        registration_deadline=timezone.now() - datetime.timedelta(days=1)
    )
    page = client.get(register_url(action)).content.decode()
    assert "Registration closed on" in page
    assert 'name="email"' not in page
    response = client.post(register_url(action), VISITOR)
    assert "Registration closed on" in response.content.decode()
    assert not Registration.objects.exists()
    assert "Registration closed on" in client.get(action.get_absolute_url()).content.decode()


def test_a_member_of_a_signatory_registers_in_one_click(client):
    member = make_user("signatory", organisation=make_signatory())
    client.force_login(member)
    action = RegistrableActionFactory()
    page = client.get(register_url(action)).content.decode()
    assert 'name="email"' not in page
    assert member.email in page
    response = client.post(register_url(action), {"kind": "individual"}, follow=True)
    assert "You are registered." in response.content.decode()
    assert Registration.objects.get().user == member


def test_cancel_through_the_personal_link_and_again(client):
    action = RegistrableActionFactory(places=1)
    seated = visitor_registers(action, "a@example.org")
    waiting = visitor_registers(action, "b@example.org")
    response = client.post(link_path(seated), {"action": "cancel"}, follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    assert Registration.objects.get(pk=waiting.pk).state == State.REGISTERED
    response = client.post(link_path(seated), {"action": "cancel"}, follow=True)
    assert "already cancelled" in response.content.decode()


@pytest.mark.parametrize("token", ["MQ:forged:signature", "nonsense", "1"])
def test_a_forged_link_gets_a_clear_page(client, token):
    response = client.get(reverse("registrations:registration", kwargs={"token": token}))
    assert response.status_code == 404
    assert "This is not a link we sent." in response.content.decode()


def test_an_erased_registration_link_gets_a_clear_page(client):
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org")
    path = link_path(registration)
    Registration.objects.filter(pk=registration.pk).update(erased_at=timezone.now())
    response = client.get(path)
    assert response.status_code == 404
    assert "This registration no longer exists" in response.content.decode()


def test_an_expired_confirmation_link_says_so(client):
    action = RegistrableActionFactory()
    registration = visitor_registers(action, "a@example.org", confirm=False)
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=5)
    )
    page = client.get(link_path(registration)).content.decode()
    assert "This link to confirm has expired." in page
    response = client.post(link_path(registration), {"action": "confirm"}, follow=True)
    assert "This link to confirm has expired." in response.content.decode()
    assert Registration.objects.get().state == State.UNCONFIRMED


class TestOrganiser:
    def test_the_organisers_list_filters_and_searches(self, client):
        action = RegistrableActionFactory(places=1)
        visitor_registers(action, "a@example.org", name="Ann")
        visitor_registers(action, "b@example.org", name="Bert")
        client.force_login(make_user("signatory", organisation=action.organisation))
        page = client.get(list_url(action)).content.decode()
        assert "Ann" in page
        assert "Bert" in page
        assert "1 of 1 places taken; 1 on the waitlist." in page
        page = client.get(list_url(action), {"state": "waitlisted"}).content.decode()
        assert "Bert" in page
        assert "Ann" not in page
        page = client.get(list_url(action), {"q": "ann"}).content.decode()
        assert "Ann" in page
        assert "Bert" not in page

    def test_someone_of_another_organisation_gets_404(self, client):
        action = RegistrableActionFactory()
        client.force_login(make_user("signatory", organisation=make_signatory()))
        assert client.get(list_url(action)).status_code == 404

    def test_check_in_from_the_list(self, client):
        action = RegistrableActionFactory(
            start_date=timezone.localdate(), registration_deadline=open_on_the_day()
        )
        registration = visitor_registers(action, "a@example.org", name="Ann")
        client.force_login(make_user("signatory", organisation=action.organisation))
        url = reverse(
            "portal:registration-manage",
            kwargs={"type_key": "actie", "pk": action.pk, "registration_pk": registration.pk},
        )
        response = client.post(url, {"action": "check_in"}, follow=True)
        assert "Ann is checked in." in response.content.decode()
        assert Registration.objects.get().checked_in_at is not None

    def test_accept_with_a_message(self, client):
        action = RegistrableActionFactory(registration_mode=RegistrationMode.ON_APPROVAL)
        registration = visitor_registers(action, "a@example.org")
        client.force_login(make_user("signatory", organisation=action.organisation))
        url = reverse(
            "portal:registration-manage",
            kwargs={"type_key": "actie", "pk": action.pk, "registration_pk": registration.pk},
        )
        client.post(url, {"action": "accept", "message": "Tot dan!"})
        registration = Registration.objects.get()
        assert registration.state == State.ACCEPTED
        assert registration.decision_message == "Tot dan!"
        assert "Tot dan!" in mail.outbox[-1].body

    def test_a_message_too_long_gets_a_clear_message(self, client):
        action = RegistrableActionFactory(registration_mode=RegistrationMode.ON_APPROVAL)
        registration = visitor_registers(action, "a@example.org")
        client.force_login(make_user("signatory", organisation=action.organisation))
        url = reverse(
            "portal:registration-manage",
            kwargs={"type_key": "actie", "pk": action.pk, "registration_pk": registration.pk},
        )
        response = client.post(url, {"action": "accept", "message": "m" * 2001}, follow=True)
        assert response.status_code == 200
        assert "Shorten the message to at most 2000 characters (it has 2001)." in (
            response.content.decode()
        )
        unchanged = Registration.objects.get()
        assert (unchanged.state, unchanged.decision_message) == (registration.state, "")

    def test_the_csv_export_neutralises_formulas(self, client):
        action = RegistrableActionFactory()
        visitor_registers(action, "a@example.org", name='=HYPERLINK("http://x")')
        visitor_registers(
            action, "b@example.org", kind="group", group_name="@SUM(1)", pupils=2, adults=1
        )
        visitor_registers(action, "c@example.org", name="+31 Piet")
        visitor_registers(action, "d@example.org", name="-Jan")
        client.force_login(make_user("signatory", organisation=action.organisation))
        response = client.get(
            reverse("portal:registration-export", kwargs={"type_key": "actie", "pk": action.pk})
        )
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        cells = [cell for row in rows[1:] for cell in row]
        assert '\'=HYPERLINK("http://x")' in cells
        assert "'@SUM(1)" in cells
        assert "'+31 Piet" in cells
        assert "'-Jan" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
        assert rows[2][6] == "3"

    def test_the_csv_export_is_the_filtered_list(self, client):
        action = RegistrableActionFactory(places=1)
        visitor_registers(action, "a@example.org", name="Ann")
        visitor_registers(action, "b@example.org", name="Bert")  # on the waitlist
        client.force_login(make_user("signatory", organisation=action.organisation))
        export = reverse(
            "portal:registration-export", kwargs={"type_key": "actie", "pk": action.pk}
        )

        def names(query: str) -> list[str]:
            response = client.get(export + query)
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            return [row[1] for row in csv.reader(io.StringIO(text), delimiter=";")][1:]

        assert sorted(names("")) == ["Ann", "Bert"]
        assert names("?state=waitlisted") == ["Bert"]
        assert names("?q=Ann") == ["Ann"]
        assert sorted(names("?q=%00")) == ["Ann", "Bert"]  # cleaned: no search, all

    @pytest.mark.parametrize(
        ("query", "message"),
        [
            ("?state=bogus", "Status: there is no status “bogus”; choose one of the list."),
            ("?state=waitlisted&q=" + "x" * 101, "Search: at most 100 characters (it has 101)."),
        ],
    )
    def test_the_csv_export_refuses_bad_filters(self, client, query, message):
        """As every CSV download with filters (insight, progress): never a file of other rows
        than asked for, but a 400 saying what is wrong (``common.csv_export.csv_refused``)."""
        action = RegistrableActionFactory(places=1)
        visitor_registers(action, "a@example.org", name="Ann")
        client.force_login(make_user("signatory", organisation=action.organisation))
        export = reverse(
            "portal:registration-export", kwargs={"type_key": "actie", "pk": action.pk}
        )
        response = client.get(export + query, headers={"accept-language": "en"})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert "The CSV file was not made: a filter is not valid." in text
        assert message in text
        assert "Ann" not in text
        page = client.get(list_url(action) + "?state=waitlisted&q=Bert&page=1").content.decode()
        assert f'href="{export}?state=waitlisted&amp;q=Bert"' in page


def count_queries(client, url) -> int:
    caches["fragments"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_public_pages_keep_their_query_count_as_registrations_grow(client):
    action = RegistrableActionFactory(places=100)
    for i in range(3):
        visitor_registers(action, f"a{i}@example.org")
    small = [
        count_queries(client, action.get_absolute_url()),
        count_queries(client, register_url(action)),
    ]
    for i in range(3, 60):
        visitor_registers(action, f"a{i}@example.org", confirm=i % 2 == 0)
    content_changed()  # the view's own queries, not the page kept from the first request
    large = [
        count_queries(client, action.get_absolute_url()),
        count_queries(client, register_url(action)),
    ]
    assert small == large


def test_cancelling_makes_the_cached_action_page_stale(client, django_capture_on_commit_callbacks):
    action = RegistrableActionFactory(places=1)
    registration = visitor_registers(action, "a@example.org")
    assert "It is full." in client.get(action.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=registration)  # a seat is free again
    assert "1 place left of 1." in client.get(action.get_absolute_url()).content.decode()


def test_a_registration_that_leaves_places_keeps_the_cached_pages(
    client, django_capture_on_commit_callbacks
):
    # During a spike of sign-ups, each registration must not empty the page cache of the
    # whole site: only becoming full (or no longer full) does. The number left may be up to
    # PAGE_CACHE_SECONDS old on the cached page; the form shows the live one.
    action = RegistrableActionFactory(places=3)
    assert "3 places left of 3." in client.get(action.get_absolute_url()).content.decode()
    generation = content_generation()
    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(action, "a@example.org")
    assert content_generation() == generation
    assert "3 places left of 3." in client.get(action.get_absolute_url()).content.decode()
    assert "2 places left." in client.get(register_url(action)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        visitor_registers(action, "b@example.org")
        visitor_registers(action, "c@example.org")  # the last seat
    assert content_generation() != generation
    assert "It is full." in client.get(action.get_absolute_url()).content.decode()


class TestQrCheckIn:
    def test_the_qr_code_leads_organisers_to_check_in(self, client):
        action = RegistrableActionFactory(
            start_date=timezone.localdate(), registration_deadline=open_on_the_day()
        )
        registration = visitor_registers(action, "a@example.org", name="Ann")
        url = check_in_url(registration).removeprefix(settings.SITE_URL.rstrip("/"))
        # On the personal page and in the confirmation.
        assert "<svg" in client.get(link_path(registration)).content.decode()
        assert ("inchecken.png", "image/png") in [(a[0], a[2]) for a in mail.outbox[-1].attachments]

        assert client.get(url).status_code == 302  # to the login page
        client.force_login(make_user("signatory", organisation=make_signatory()))
        assert client.get(url).status_code == 404
        client.force_login(make_user("signatory", organisation=action.organisation))
        assert "Ann" in client.get(url).content.decode()
        response = client.post(url, follow=True)
        assert "Ann is checked in." in response.content.decode()
        assert Registration.objects.get().checked_in_at is not None

    def test_the_check_in_token_is_not_the_personal_links(self, client):
        """A photo of the QR code must not cancel; the personal link must not check in."""
        action = RegistrableActionFactory(
            start_date=timezone.localdate(), registration_deadline=open_on_the_day()
        )
        registration = visitor_registers(action, "a@example.org", name="Ann")
        personal_token = personal_link_token(registration)
        qr_token = check_in_token(registration)
        assert personal_token != qr_token
        assert qr_token in check_in_url(registration)
        assert personal_token not in check_in_url(registration)
        # The check-in token as a personal link: not a link of ours.
        qr_as_link = reverse("registrations:registration", kwargs={"token": qr_token})
        assert client.get(qr_as_link).status_code == 404
        assert client.post(qr_as_link, {"action": "cancel"}).status_code == 404
        registration.refresh_from_db()
        assert registration.state != State.CANCELLED
        # The personal link's token at the check-in address (an old QR code): 404.
        client.force_login(make_user("signatory", organisation=action.organisation))
        old_qr = reverse("portal:registration-check-in", kwargs={"token": personal_token})
        assert client.get(old_qr).status_code == 404
        assert client.post(old_qr).status_code == 404
        registration.refresh_from_db()
        assert registration.checked_in_at is None

    def test_a_forged_check_in_link_is_404(self, client):
        client.force_login(make_user("coordinator"))
        url = reverse("portal:registration-check-in", kwargs={"token": "forged:x"})
        assert client.get(url).status_code == 404


def test_the_portal_page_of_the_action_leads_to_its_registrations(client):
    action = RegistrableActionFactory()
    client.force_login(make_user("signatory", organisation=action.organisation))
    url = reverse(
        "portal:action-detail",
        kwargs={"organisation_slug": action.organisation.slug, "pk": action.pk},
    )
    assert list_url(action) in client.get(url).content.decode()
    other = RegistrableActionFactory(
        organisation=action.organisation, participation="email", participation_email="x@a.be"
    )
    url = reverse(
        "portal:action-detail",
        kwargs={"organisation_slug": other.organisation.slug, "pk": other.pk},
    )
    assert "/portal/inschrijvingen/" not in client.get(url).content.decode()


def test_confirming_a_cancelled_registration_says_it_is_cancelled(client):
    action = RegistrableActionFactory(places=3)
    registration = visitor_registers(action, "a@example.org", confirm=False)
    registration_cancel(registration=registration)
    response = client.post(link_path(registration), {"action": "confirm"}, follow=True)
    page = response.content.decode()
    assert "This registration was already cancelled." in page
    assert "already confirmed" not in page


def test_the_organisers_search_takes_any_text(client):
    action = RegistrableActionFactory()
    visitor_registers(action, "ann@example.org", name="Ann")
    client.force_login(make_user("signatory", organisation=action.organisation))
    for value in ("\x00", "Ann\x00", "%", "a" * 500):
        assert client.get(list_url(action), {"q": value}).status_code == 200
    assert "Ann" in client.get(list_url(action), {"q": "Ann\x00"}).content.decode()


def test_an_action_s_page_shows_a_logged_in_member_their_registration(client):
    action = RegistrableActionFactory()
    member = make_user("signatory", organisation=make_signatory())
    client.force_login(member)
    registration_create(item=action, kind="individual", user=member)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "You have registered for this." in html
    client.logout()
    html = client.get(action.get_absolute_url()).content.decode()
    assert "You have registered for this." not in html
