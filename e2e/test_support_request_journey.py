"""A school's request for support from the form to the count on the helper's public page, in
a real browser, with axe-core on every page.

A member of a school that signed asks for a guest lesson (first with the window's days in the
wrong order: the error summary; then right) → a member of a company that signed and promised
guest lessons in that subregion finds the request among the requests it can help with and
offers → the school accepts the offer on its request's page → the window moves into the past
(the clock moving on) → both sides say the help took place on their confirm pages → the
company's public page counts the request. Then a request that waited eight days without an
offer is flagged by the hourly escalation and shows as overdue for the contact point of its
subregion (password + TOTP) in the back office.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import check, log_in, submit
from e2e.test_event_registration_journey import (
    log_in_with_totp,
    main_text,
    new_visitor,
    open_link,
    set_value,
    with_totp,
)
from e2e.test_signing_journey import fill, visit
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import CharterVersionFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.support.models import Offer, SupportRequest
from stemcharter.support.tests.factories import SupportRequestFactory
from stemcharter.vocabulary.models import ActionType, Audience

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fictieve gastles over robots voor het vijfde leerjaar"
WAITING = "Fictief bedrijfsbezoek dat niemand beantwoordt"


@pytest.fixture
def people(settings):
    settings.STAFF_MFA_REQUIRED = True
    version = CharterVersionFactory()
    subregion = Subregion.objects.get(slug="gent")
    school = make_signatory(
        name="Fictieve Basisschool De Zonnebloem",
        category=Category.EDUCATION,
        subregions=[subregion],
        charter_version=version,
    )
    helper = make_signatory(
        name="Fictieve Robotbouwers nv",
        category=Category.COMPANY,
        subregions=[subregion],
        action_types=[ActionType.objects.get(slug="expert-gastles")],
        commitment="Onze ingenieurs geven gastlessen over robots.",
        charter_version=version,
    )
    contact_point = with_totp(
        UserFactory(email="contactpunt@example.org", name="Fien Contactpunt", language="nl")
    )
    subregion.contact_points.add(contact_point)
    return {
        "subregion": subregion,
        "school": school,
        "teacher": MembershipFactory(
            organisation=school, user__email="juf@example.org", user__language="nl"
        ).user,
        "helper": helper,
        "engineer": MembershipFactory(
            organisation=helper, user__email="ingenieur@example.org", user__language="nl"
        ).user,
        "contact_point": contact_point,
    }


def ask(browser, people) -> SupportRequest:
    """The teacher posts the request, first with the last day before the first."""
    school = people["school"]
    log_in(browser, people["teacher"].email)
    visit(browser, f"/portal/organisaties/{school.slug}/hulpvragen/")
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/portal/organisaties/{school.slug}/hulpvragen/nieuw/']")
    assert_accessible(browser)
    today = timezone.localdate()
    check(browser, "kind", str(ActionType.objects.get(slug="expert-gastles").pk))
    fill(browser, "title", TITLE)
    fill(browser, "description", "Een ingenieur vertelt hoe robots werken en bouwt er een mee.")
    check(browser, "audiences", str(Audience.objects.get(slug="lager-onderwijs").pk))
    fill(browser, "pupils", "24")
    browser.find_element(
        By.CSS_SELECTOR, f"main select[name='subregion'] option[value='{people['subregion'].pk}']"
    ).click()
    set_value(browser, "date_from", (today + datetime.timedelta(days=30)).isoformat())
    set_value(browser, "date_until", (today + datetime.timedelta(days=20)).isoformat())
    set_value(browser, "answer_deadline", (today + datetime.timedelta(days=14)).isoformat())
    submit(browser)
    summary = browser.find_element(By.CLASS_NAME, "error-summary")
    # One error, on the last day, linked to its field.
    links = summary.find_elements(By.CSS_SELECTOR, "li a")
    assert [a.get_attribute("hash") for a in links] == ["#id_date_until"], summary.text
    assert browser.title.startswith("Fout:"), browser.title
    assert browser.find_element(By.NAME, "title").get_attribute("value") == TITLE
    assert not SupportRequest.objects.exists()
    assert_accessible(browser)
    set_value(browser, "date_until", (today + datetime.timedelta(days=40)).isoformat())
    submit(browser)
    support_request = SupportRequest.objects.get(title=TITLE)
    assert browser.current_url.endswith(f"/portal/hulpvragen/{support_request.pk}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    assert_accessible(browser)
    return support_request


def offer(browser, people, support_request: SupportRequest) -> Offer:
    """The engineer finds the request among those the company can help with, and offers."""
    helper = people["helper"]
    log_in(browser, people["engineer"].email)
    visit(browser, f"/portal/organisaties/{helper.slug}/schoolvragen/")
    assert TITLE in main_text(browser)
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/schoolvragen/{support_request.pk}/']")
    assert browser.find_element(By.TAG_NAME, "h1").text == TITLE
    # The ask without the asker: never the teacher's name or address before acceptance.
    assert people["teacher"].email not in browser.page_source
    assert_accessible(browser)
    fill(browser, "what", "Een ingenieur komt een voormiddag met twee robotarmen.")
    fill(browser, "message", "We brengen alles mee; een stopcontact volstaat.")
    submit(browser)
    made = Offer.objects.get(support_request=support_request, organisation=helper)
    assert made.status == Offer.Status.PENDING
    assert_accessible(browser)
    # The school is told by email.
    assert any(people["teacher"].email in m.to for m in mail.outbox)
    return made


def accept(browser, people, support_request: SupportRequest, made: Offer) -> None:
    log_in(browser, people["teacher"].email)
    visit(browser, f"/portal/hulpvragen/{support_request.pk}/")
    assert people["helper"].name in main_text(browser)
    assert_accessible(browser)
    submit(browser, f"main form:has(input[name=offer][value='{made.pk}']) button.button")
    made.refresh_from_db()
    assert made.status == Offer.Status.ACCEPTED
    # Now each sees the other's contact person.
    assert people["engineer"].email in main_text(browser)
    assert_accessible(browser)


def confirm(browser, email: str, page: str, path: str) -> None:
    """From ``page`` (the request's or the offer's), the link to ``path``: the help took place."""
    log_in(browser, email)
    visit(browser, page)
    assert_accessible(browser)
    open_link(browser, f"main a[href$='{path}']")
    assert browser.current_url.endswith(path), browser.current_url
    assert_accessible(browser)
    check(browser, "happened", "yes")
    fill(browser, "feedback", "Een fijne voormiddag, de leerlingen waren enthousiast.")
    submit(browser)
    assert_accessible(browser)


def test_a_school_request_from_the_form_to_the_public_count(browser, people):
    support_request = ask(browser, people)
    made = offer(browser, people, support_request)
    accept(browser, people, support_request, made)

    # The help took place three weeks ago (the clock moving on): both sides say so.
    day = timezone.localdate() - datetime.timedelta(days=21)
    SupportRequest.objects.filter(pk=support_request.pk).update(
        date_from=day, date_until=day, answer_deadline=day - datetime.timedelta(days=7)
    )
    confirm(
        browser,
        people["teacher"].email,
        f"/portal/hulpvragen/{support_request.pk}/",
        f"/portal/hulpvragen/{support_request.pk}/bevestigen/",
    )
    support_request.refresh_from_db()
    assert support_request.school_confirmed is True
    assert support_request.status == SupportRequest.Status.MATCHED
    confirm(
        browser,
        people["engineer"].email,
        f"/portal/organisaties/{people['helper'].slug}/schoolvragen/{support_request.pk}/",
        f"/portal/organisaties/{people['helper'].slug}/aanbiedingen/{made.pk}/bevestigen/",
    )
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.DELIVERED
    assert browser.find_elements(By.CSS_SELECTOR, "main .notice-success"), main_text(browser)
    # The company's list of its offers; the accepted one names the school's contact person.
    visit(browser, f"/portal/organisaties/{people['helper'].slug}/aanbiedingen/")
    assert TITLE in main_text(browser)
    assert_accessible(browser)
    open_link(browser, f"main a[href$='/schoolvragen/{support_request.pk}/']")
    assert people["teacher"].email in main_text(browser)
    assert_accessible(browser)

    # The company's public page counts it.
    new_visitor(browser)
    visit(browser, f"/ondertekenaars/{people['helper'].slug}/")
    counts = browser.find_elements(By.CSS_SELECTOR, "main ul[aria-labelledby=did-support-title] li")
    year = str(timezone.localdate().year)
    # Answered one, delivered one: two lines, each with the number and the year.
    assert len(counts) == 2, main_text(browser)
    assert all(" 1 " in f" {li.text} " and year in li.text for li in counts), [
        li.text for li in counts
    ]
    assert_accessible(browser)

    # A request that waited eight days without an offer: the hourly escalation flags it for
    # the contact point, who sees it as overdue in the back office.
    waiting = SupportRequestFactory(
        organisation=people["school"],
        created_by=people["teacher"],
        subregion=people["subregion"],
        title=WAITING,
        audiences=[Audience.objects.get(slug="lager-onderwijs")],
    )
    SupportRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    mail.outbox.clear()
    call_command("flag_waiting_support_requests")
    waiting.refresh_from_db()
    assert waiting.flagged_contact_point_at is not None
    assert waiting.flagged_coordinators_at is None
    assert [m.to for m in mail.outbox] == [[people["contact_point"].email]]
    log_in_with_totp(browser, people["contact_point"])
    visit(browser, "/beheer/")
    assert WAITING in main_text(browser)  # the workspace lists it
    assert_accessible(browser)
    visit(browser, "/beheer/hulpvragen/")
    rows = [
        row.text
        for row in browser.find_elements(By.CSS_SELECTOR, "main tbody tr")
        if WAITING in row.text
    ]
    assert len(rows) == 1
    assert_accessible(browser)
    overdue = browser.find_elements(By.CSS_SELECTOR, "main tbody tr strong.status-open")
    assert len(overdue) == 1
    open_link(browser, f"main a[href$='/beheer/hulpvragen/{waiting.pk}/']")
    assert browser.find_element(By.TAG_NAME, "h1").text == WAITING
    assert_accessible(browser)
