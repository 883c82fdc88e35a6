"""A regional event from the contact point's appointment to the check-in, in a real browser,
with axe-core on every page.

A coordinator (password + TOTP) makes someone contact point of a subregion in the back office
→ the contact point (password + TOTP) creates a public event with 2 places → two visitors
register (name and email, confirmed through the link in the email) and a third lands on the
waitlist → the first cancels through their personal link and the third is promoted, with an
email → the organiser finds the third by name in the registrations and checks them in → once
the event is over, the organiser closes it with a report → the coordinator publishes the report
(a practice-example story) → the event's page links the story, and the story the event.

The event starts today, a little later, so that it still takes registrations and check-in is
on its day; for the report its times are moved into the past (the clock moving on).
"""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import check, review, submit
from e2e.test_signing_journey import click_and_wait, fill, visit
from stemcharter.accounts.tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    UserFactory,
    totp_code,
)
from stemcharter.charter.tests.factories import CharterVersionFactory
from stemcharter.events.models import Event
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.registrations.models import Registration
from stemcharter.registrations.qr import check_in_url
from stemcharter.reviews.models import ReviewStatus
from stemcharter.stories.models import Story

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fictieve STEM-uitwisseling in Gent"
VISITORS = [
    ("Anna Eerste", "anna@example.org"),
    ("Bram Tweede", "bram@example.org"),
    ("Chloé Derde", "chloe@example.org"),
]


def with_totp(user):
    # A secret per user and test: allauth refuses a code that was used before in its period.
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


@pytest.fixture
def people(settings):
    settings.STAFF_MFA_REQUIRED = True
    version = CharterVersionFactory()
    return {
        "subregion": Subregion.objects.get(slug="gent"),
        # The signatory that hosts the event and tells its report.
        "host": make_signatory(name="Fictieve Hogeschool Gent", charter_version=version),
        "coordinator": with_totp(
            CoordinatorFactory(email="coordinator@example.org", language="nl")
        ),
        # Someone with an account (and an authenticator app) who is not a contact point yet.
        "organiser": with_totp(
            UserFactory(email="sofie@example.org", name="Sofie Organisator", language="nl")
        ),
    }


def log_in_with_totp(browser, user) -> None:
    """Log in with the password, then the code of the authenticator app (staff MFA)."""
    browser.delete_all_cookies()
    visit(browser, "/account/login/")
    assert_accessible(browser)
    fill(browser, "login", user.email)
    fill(browser, "password", PASSWORD)
    submit(browser)
    assert "/account/2fa/authenticate/" in browser.current_url
    assert_accessible(browser)
    fill(browser, "code", totp_code(user.totp_secret))
    submit(browser)
    assert "/account/" not in browser.current_url, browser.current_url
    assert_accessible(browser)


def new_visitor(browser) -> None:
    """Another person's browser: no cookies, and nothing in the HTTP cache (public pages may
    be kept a minute by the browser that saw them, Cache-Control: public)."""
    browser.delete_all_cookies()
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})


def come_back(browser, cookies: list[dict]) -> None:
    """The same person again, in the browser they left signed in (their session cookie)."""
    new_visitor(browser)
    for cookie in cookies:
        browser.add_cookie(cookie)


def main_text(browser) -> str:
    return browser.find_element(By.TAG_NAME, "main").text


def set_value(browser, name: str, value: str) -> None:
    """A date or time field: typed keys depend on Chromium's locale, the value does not."""
    field = browser.find_element(By.CSS_SELECTOR, f"main input[name='{name}']")
    browser.execute_script("arguments[0].value = arguments[1];", field, value)


def open_link(browser, css: str) -> None:
    links = [a for a in browser.find_elements(By.CSS_SELECTOR, css) if a.is_displayed()]
    assert links, f"no link {css!r} on {browser.current_url}"
    click_and_wait(browser, links[0])


def personal_link(email: str) -> str:
    """The path of the personal link in the last email to ``email`` (the outbox of the test
    mail backend; tasks run at once in tests)."""
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no email to {email}"
    match = re.search(r"https?://[^/\s]+(\S*/inschrijving/[^/\s]+/)", messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def make_contact_point(browser, people) -> None:
    subregion, organiser = people["subregion"], people["organiser"]
    log_in_with_totp(browser, people["coordinator"])
    visit(browser, "/beheer/")
    assert_accessible(browser)
    open_link(browser, "a[href$='/beheer/regio-s/']")
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/beheer/regio-s/{subregion.slug}/']")
    assert_accessible(browser)
    # First an address without an account: refused with a message, nothing added.
    fill(browser, "email", "niemand@example.org")
    submit(browser, "main form[action$='/contactpunten/'] button[type=submit]")
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert browser.title.startswith("Fout:")
    assert_accessible(browser)
    fill(browser, "email", organiser.email)
    submit(browser, "main form[action$='/contactpunten/'] button[type=submit]")
    assert organiser.email in main_text(browser)
    assert_accessible(browser)
    assert subregion.contact_points.filter(pk=organiser.pk).exists()


def create_event(browser, people) -> Event:
    log_in_with_totp(browser, people["organiser"])
    open_link(browser, "a[href$='/beheer/evenementen/']")
    assert_accessible(browser)
    open_link(browser, "main a[href$='/beheer/evenementen/nieuw/']")
    assert_accessible(browser)

    # Today, a little later (Brussels time): it takes registrations and check-in is today.
    now = timezone.localtime()
    starts = min(now + datetime.timedelta(hours=2), now.replace(hour=23, minute=59))
    if starts - now < datetime.timedelta(minutes=10):  # just before midnight: just after it
        starts = now + datetime.timedelta(minutes=10)
    ends = starts + datetime.timedelta(hours=3)
    fill(browser, "title", TITLE)
    fill(browser, "summary", "Scholen en bedrijven wisselen praktijkvoorbeelden uit.")
    fill(browser, "description", "Een namiddag om ervaringen met STEM uit te wisselen.")
    Select(browser.find_element(By.CSS_SELECTOR, "main select[name='subregion']")).select_by_value(
        str(people["subregion"].pk)
    )
    fill(browser, "venue_name", "Fictieve Hogeschool")
    fill(browser, "venue_address", "Voorbeeldstraat 1, 9000 Gent")
    set_value(browser, "start_date", starts.date().isoformat())
    set_value(browser, "start_time", starts.strftime("%H:%M"))
    set_value(browser, "end_date", ends.date().isoformat())
    set_value(browser, "end_time", ends.strftime("%H:%M"))
    check(browser, "audience", Event.Audience.PUBLIC)
    fill(browser, "capacity", "2")
    submit(browser)
    event = Event.objects.get(title=TITLE, revision_of__isnull=True)
    assert browser.current_url.endswith(f"/beheer/evenementen/{event.slug}/"), browser.current_url
    assert event.capacity == 2
    assert_accessible(browser)
    return event


def register(
    browser, event: Event, name: str, email: str, *, full: bool = False, typo: bool = False
) -> None:
    """A visitor finds the event on /evenementen/, registers and confirms by email; ``typo``:
    first with an incomplete email address, which the form refuses with a message."""
    new_visitor(browser)
    visit(browser, "/evenementen/")
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/evenementen/{event.slug}/']")
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    assert_accessible(browser)
    places = browser.find_element(By.CSS_SELECTOR, "main .places-left").text
    assert ("vol" in places) if full else ("van 2" in places), places
    open_link(browser, "main a.button[href*='/inschrijven/']")
    assert_accessible(browser)
    fill(browser, "name", name)
    if typo:
        fill(browser, "email", email.split("@")[0] + "@")
        submit(browser)
        assert browser.find_element(By.CLASS_NAME, "error-summary")
        assert browser.title.startswith("Fout:")
        assert browser.find_element(By.NAME, "name").get_attribute("value") == name
        assert_accessible(browser)
    fill(browser, "email", email)
    submit(browser)
    assert email in main_text(browser)
    assert_accessible(browser)

    visit(browser, personal_link(email))
    assert_accessible(browser)
    submit(browser, "main form:has(input[name=action][value=confirm]) button[type=submit]")
    state = "waitlisted" if full else "registered"
    assert browser.find_elements(By.CSS_SELECTOR, f"main .status-{state}"), main_text(browser)
    assert_accessible(browser)


def registration_of(event: Event, email: str) -> Registration:
    return Registration.objects.for_item(event).get(email=email)


def test_an_event_from_contact_point_to_its_published_report(browser, people):
    make_contact_point(browser, people)
    coordinator_session = browser.get_cookies()
    event = create_event(browser, people)
    organiser_session = browser.get_cookies()

    # The region's public page shows its new contact point and the event.
    new_visitor(browser)
    visit(browser, f"/regio/{people['subregion'].slug}/")
    assert people["organiser"].name in main_text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, f"main a[href$='/evenementen/{event.slug}/']")
    assert_accessible(browser)

    # Two visitors take the two places; the third lands on the waitlist.
    (first, first_email), (second, second_email), (third, third_email) = VISITORS
    register(browser, event, first, first_email, typo=True)
    register(browser, event, second, second_email)
    assert registration_of(event, first_email).state == Registration.State.REGISTERED
    assert registration_of(event, second_email).state == Registration.State.REGISTERED
    register(browser, event, third, third_email, full=True)
    assert registration_of(event, third_email).state == Registration.State.WAITLISTED
    assert "nummer 1 op de wachtlijst" in main_text(browser)

    # The first cancels through the personal link of their confirmation.
    new_visitor(browser)
    visit(browser, personal_link(first_email))
    assert_accessible(browser)
    submit(browser, "main form:has(input[name=action][value=cancel]) button[type=submit]")
    assert not browser.find_elements(By.CSS_SELECTOR, "main input[name=action][value=cancel]")
    assert_accessible(browser)
    assert registration_of(event, first_email).state == Registration.State.CANCELLED
    # A link changed by one character leads to a page that says it does not work.
    link = personal_link(first_email)
    visit(browser, link[:-2] + ("x" if link[-2] != "x" else "y") + "/")
    assert "/inschrijving/" in browser.current_url
    assert not browser.find_elements(By.CSS_SELECTOR, "main form")
    assert_accessible(browser)

    # The third is promoted and told by email, with the calendar entry; their page says so.
    assert registration_of(event, third_email).state == Registration.State.REGISTERED
    promoted = [m for m in mail.outbox if third_email in m.to][-1]
    assert TITLE in promoted.subject
    assert "plaats vrij" in promoted.subject
    assert any(name.endswith(".ics") for name, *_ in promoted.attachments)
    new_visitor(browser)
    visit(browser, personal_link(third_email))
    assert browser.find_elements(By.CSS_SELECTOR, "main .status-registered")
    assert browser.find_elements(By.CSS_SELECTOR, "main .qr-code svg")
    assert_accessible(browser)

    # At the door the organiser scans the second's QR code (its address: check_in_url) and
    # checks them in.
    come_back(browser, organiser_session)
    visit(
        browser, re.sub(r"^https?://[^/]+", "", check_in_url(registration_of(event, second_email)))
    )
    assert second in main_text(browser)
    assert_accessible(browser)
    submit(browser)
    assert registration_of(event, second_email).checked_in_at is not None
    assert not browser.find_elements(By.CSS_SELECTOR, "main form button[type=submit]")
    assert_accessible(browser)

    # Then opens the registrations from the event, finds the third by name and checks them in.
    visit(browser, "/beheer/evenementen/")
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/beheer/evenementen/{event.slug}/']")
    assert_accessible(browser)
    open_link(browser, "main a[href*='/inschrijvingen/evenement/']")
    assert_accessible(browser)
    assert "2 van 2 plaatsen bezet; 0 op de wachtlijst" in main_text(browser)
    fill(browser, "q", "derde")
    submit(browser, "main form.filters-inline button[type=submit]")
    rows = browser.find_elements(By.CSS_SELECTOR, "main tbody tr")
    assert [third in row.text for row in rows] == [True], [row.text for row in rows]
    assert_accessible(browser)
    submit(browser, "main tbody button[name=action][value=check_in]")
    assert_accessible(browser)
    checked_in = registration_of(event, third_email)
    assert checked_in.checked_in_at is not None
    assert checked_in.attended is True
    assert "q=" in browser.current_url  # back to the same search
    assert not browser.find_elements(By.CSS_SELECTOR, "main button[value=check_in]")

    # The event is over (its times move into the past, as the clock would): the organiser
    # closes it with a report, told by the signatory that hosted it.
    event.refresh_from_db()
    ended = timezone.now() - datetime.timedelta(minutes=5)
    Event.objects.filter(pk=event.pk).update(
        starts_at=ended - (event.ends_at - event.starts_at), ends_at=ended
    )
    visit(browser, f"/beheer/evenementen/{event.slug}/")
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/beheer/evenementen/{event.slug}/afsluiten/']")
    assert_accessible(browser)
    # Prefilled with the places checked in (the second and the third).
    assert browser.find_element(By.NAME, "attendance").get_attribute("value") == "2"
    Select(browser.find_element(By.CSS_SELECTOR, "main select[name='author']")).select_by_value(
        str(people["host"].pk)
    )
    submit(browser)  # without highlights and lessons: refused, nothing lost
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert browser.title.startswith("Fout:")
    assert browser.find_element(By.NAME, "attendance").get_attribute("value") == "2"
    assert_accessible(browser)
    fill(browser, "highlights", "Twaalf scholen en vijf bedrijven deelden hun aanpak.")
    fill(browser, "lessons", "Volgende keer meer tijd voor de workshops.")
    submit(browser)
    event.refresh_from_db()
    assert event.event_status == Event.Status.FINISHED
    assert event.attendance == 2
    report = Story.objects.get(event=event, revision_of__isnull=True)
    assert report.status == ReviewStatus.SUBMITTED
    assert report.title in main_text(browser)
    assert_accessible(browser)

    # The coordinator reviews the report and publishes it; the event's page then links it.
    come_back(browser, coordinator_session)
    review(browser, report, ask_for_changes=False)
    assert_accessible(browser)
    report.refresh_from_db()
    assert report.status == ReviewStatus.PUBLISHED
    new_visitor(browser)
    visit(browser, f"/evenementen/{event.slug}/")
    assert_accessible(browser)
    open_link(browser, f"main .event-report a[href$='/verhalen/{report.slug}/']")
    assert browser.find_element(By.TAG_NAME, "h1").text == report.title
    assert browser.find_elements(By.CSS_SELECTOR, f"main a[href$='/evenementen/{event.slug}/']")
    assert_accessible(browser)
