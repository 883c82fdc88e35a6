"""The whole signing journey in a real browser, with an axe-core check on every page.

A visitor signs for a new organisation → confirms the email (link read from the outbox) → a
coordinator logs in (password + TOTP, MFA is required for staff) and approves (or rejects) →
the organisation is (or is not) on /ondertekenaars/ and its page.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from e2e.conftest import assert_accessible
from stemcharter.accounts.tests.factories import PASSWORD, CoordinatorFactory, totp_code
from stemcharter.charter.models import Signature
from stemcharter.charter.services import charter_version_publish

ORGANISATION = "Fictieve Robotica Werkplaats"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def coordinator(settings):
    settings.STAFF_MFA_REQUIRED = True
    charter_version_publish(title="STEM-charter", body="## Wij engageren ons\n\nVoor STEM.")
    user = CoordinatorFactory(email="coordinator@example.org", language="nl")
    # A secret per test: allauth refuses a code that was used before in the same period.
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def visit(browser, path: str) -> None:
    browser.get(browser.base_url + path)
    assert "STEM-charter" in browser.title, browser.current_url


def fill(browser, name: str, value: str) -> None:
    field = browser.find_element(By.CSS_SELECTOR, f"main [name='{name}']")
    field.clear()
    field.send_keys(value)


def click_and_wait(browser, element) -> None:
    """Click a submit button and wait until the next page has replaced this one and loaded."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(driver) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:
            # Stale, or (while Chromium swaps documents) "node does not belong to the document".
            return driver.execute_script("return document.readyState") == "complete"
        return False

    WebDriverWait(browser, 15).until(replaced)


def click_submit(browser, text: str) -> None:
    buttons = browser.find_elements(By.CSS_SELECTOR, "main button[type=submit]")
    matching = [b for b in buttons if text.lower() in b.text.lower()]
    assert matching, f"no button '{text}' among {[b.text for b in buttons]}"
    click_and_wait(browser, matching[0])


def sign_as_visitor(browser) -> None:
    """Walk the four signing steps, with a mistake on the first one and a change at the end."""
    visit(browser, "/ondertekenen/")
    assert "1" in browser.find_element(By.CLASS_NAME, "step-progress").text
    assert_accessible(browser)
    # Step 1, first with a mistake: an invalid enterprise number gives the error summary.
    fill(browser, "name", ORGANISATION)
    fill(browser, "town", "Gent")
    browser.find_element(By.CSS_SELECTOR, "input[name=category][value=company]").click()
    Select(browser.find_element(By.CSS_SELECTOR, "main [name='sector']")).select_by_index(1)
    fill(browser, "enterprise_number", "0123.456.700")
    fill(browser, "description", "Een fictieve werkplaats voor robotica.")
    browser.find_elements(By.CSS_SELECTOR, "input[name=subregions]")[0].click()
    click_submit(browser, "Ga verder")
    summary = browser.find_element(By.CLASS_NAME, "error-summary")
    assert "ondernemingsnummer" in summary.text.lower()
    assert browser.title.startswith("Fout:")
    assert browser.find_element(By.NAME, "name").get_attribute("value") == ORGANISATION
    assert_accessible(browser)
    fill(browser, "enterprise_number", "0123.456.749")
    click_submit(browser, "Ga verder")

    # Step 2: you.
    assert "/ondertekenen/jij/" in browser.current_url
    assert_accessible(browser)
    fill(browser, "signer_name", "Ann Peeters")
    fill(browser, "signer_function", "Zaakvoerder")
    fill(browser, "email", "ann@fictieve-robotica.example")
    fill(browser, "password1", "een-lang-wachtwoord-2026")
    fill(browser, "password2", "een-lang-wachtwoord-2026")
    browser.find_element(By.NAME, "may_sign").click()
    click_submit(browser, "Ga verder")

    # Step 3: the commitment, first forgotten.
    assert "/ondertekenen/engagement/" in browser.current_url
    assert_accessible(browser)
    click_submit(browser, "Ga verder")
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert_accessible(browser)
    browser.find_elements(By.CSS_SELECTOR, "input[name=action_types]")[0].click()
    fill(browser, "commitment", "We bieden elk jaar twee stageplaatsen aan.")
    click_submit(browser, "Ga verder")

    # Step 4: check the answers, change one through its link, then sign.
    assert "/ondertekenen/controleren/" in browser.current_url
    summary = browser.find_element(By.CSS_SELECTOR, "main dl.summary")
    assert ORGANISATION in summary.text
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main a[href$='/engagement/']"))
    assert "/ondertekenen/engagement/" in browser.current_url
    field = browser.find_element(By.NAME, "commitment")
    assert field.get_attribute("value").startswith("We bieden elk jaar")
    fill(browser, "commitment", "We bieden elk jaar drie stageplaatsen aan.")
    click_submit(browser, "Ga verder")
    assert "drie stageplaatsen" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    click_submit(browser, "Onderteken")
    assert "/ondertekenen/verzonden/" in browser.current_url
    assert_accessible(browser)


def confirm_email(browser) -> None:
    confirmation = [m for m in mail.outbox if "ann@fictieve-robotica.example" in m.to]
    assert len(confirmation) == 1
    link = re.search(r"https?://\S+/account/confirm-email/\S+", confirmation[0].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    visit(browser, path)
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    signature = Signature.objects.get(organisation__name=ORGANISATION)
    assert signature.status == Signature.Status.SUBMITTED


def log_in_as_coordinator(browser, coordinator) -> None:
    browser.delete_all_cookies()
    visit(browser, "/account/login/")
    assert_accessible(browser)
    fill(browser, "login", "coordinator@example.org")
    fill(browser, "password", PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    # Two-factor authentication: a code from the coordinator's authenticator app.
    assert "/account/2fa/authenticate/" in browser.current_url
    assert_accessible(browser)
    # The code of the current 30-second window, with at least 10 seconds of it left (or the
    # next window's): allauth accepts the current window only, as in production.
    fill(browser, "code", totp_code(coordinator.totp_secret, margin=10))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "/account/" not in browser.current_url


def open_in_queue(browser) -> None:
    visit(browser, "/beheer/")
    assert_accessible(browser)
    visit(browser, "/beheer/ondertekeningen/")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, ORGANISATION))
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert_accessible(browser)


def test_visitor_signs_and_coordinator_approves(browser, coordinator):
    sign_as_visitor(browser)
    confirm_email(browser)
    log_in_as_coordinator(browser, coordinator)
    open_in_queue(browser)
    click_submit(browser, "Keur")
    signature = Signature.objects.get(organisation__name=ORGANISATION)
    assert signature.status == Signature.Status.APPROVED
    approved = [m for m in mail.outbox if "ann@fictieve-robotica.example" in m.to][-1]
    assert ORGANISATION in approved.subject

    browser.delete_all_cookies()
    visit(browser, "/ondertekenaars/")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, ORGANISATION))
    assert browser.find_element(By.TAG_NAME, "h1").text == ORGANISATION
    assert_accessible(browser)
    visit(browser, "/en/ondertekenaars/")
    assert browser.find_element(By.LINK_TEXT, ORGANISATION)
    assert_accessible(browser)


def test_visitor_signs_and_coordinator_rejects(browser, coordinator):
    sign_as_visitor(browser)
    confirm_email(browser)
    log_in_as_coordinator(browser, coordinator)
    open_in_queue(browser)
    # Rejecting without a reason is refused with a message; with a reason it works.
    click_submit(browser, "Wijs")
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert_accessible(browser)
    fill(browser, "reason", "Vul een echte website in en onderteken opnieuw.")
    click_submit(browser, "Wijs")
    signature = Signature.objects.get(organisation__name=ORGANISATION)
    assert signature.status == Signature.Status.REJECTED
    rejected = [m for m in mail.outbox if "ann@fictieve-robotica.example" in m.to][-1]
    assert "Vul een echte website in" in rejected.body

    browser.delete_all_cookies()
    visit(browser, "/ondertekenaars/")
    assert not browser.find_elements(By.LINK_TEXT, ORGANISATION)
