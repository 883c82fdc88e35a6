"""After logging out, the browser's Back button must not show a private page again.

Private pages carry ``Cache-Control: private, no-store`` (stemcharter.common.middleware), so
Chromium neither keeps them in its back/forward cache nor in its HTTP cache: going back asks
the server again, which now sends the anonymous visitor to the login page.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from e2e.test_signing_journey import click_and_wait, log_in_as_coordinator, visit
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter.tests.factories import SignatureFactory

ORGANISATION = "Vertrouwelijke Testorganisatie"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def coordinator(settings):
    settings.STAFF_MFA_REQUIRED = True
    user = CoordinatorFactory(email="coordinator@example.org", language="nl")
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def test_private_pages_are_not_stored_back_button_after_logout(browser, coordinator):
    SignatureFactory(organisation__name=ORGANISATION)
    log_in_as_coordinator(browser, coordinator)
    visit(browser, "/beheer/ondertekeningen/")
    assert ORGANISATION in browser.find_element(By.TAG_NAME, "main").text

    logout = browser.find_element(By.CSS_SELECTOR, "form[action$='/account/logout/'] button")
    click_and_wait(browser, logout)
    assert "/beheer/" not in browser.current_url

    browser.back()
    WebDriverWait(browser, 15).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )
    assert ORGANISATION not in browser.page_source, browser.current_url
    assert "/account/login/" in browser.current_url
