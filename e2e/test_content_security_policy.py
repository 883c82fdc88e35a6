"""Pages whose code is not ours (the Django admin, allauth's two-factor setup) and htmx's
swaps work under the Content-Security-Policy: the browser fixture fails on any violation
Chromium reports (e2e/conftest.py), so these tests only have to visit and use the pages."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from e2e.conftest import assert_no_csp_violations
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(browser, user, *, recently: bool = False) -> None:
    """A session made by Django's test client; ``recently``: as if the password was just
    given again (allauth asks for it before the two-factor setup)."""
    client = Client()
    client.force_login(user)
    if recently:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "reauthenticated": True}
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()
    browser.get(browser.base_url + "/")
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


def test_content_security_policy_admin_pages(browser, settings):
    settings.STAFF_MFA_REQUIRED = False
    staff = UserFactory(is_staff=True, is_superuser=True)
    PublishedActionFactory()
    log_in(browser, staff)
    for path in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{staff.pk}/change/",
        "/admin/vocabulary/actiontype/",
        "/admin/vocabulary/actiontype/add/",
        "/admin/organisations/organisation/",
    ):
        browser.get(browser.base_url + path)
        assert browser.find_element(By.ID, "content"), path
    # The admin's own scripts run: the action bar counts the selected rows.
    browser.get(browser.base_url + "/admin/accounts/user/")
    browser.find_element(By.ID, "action-toggle").click()
    WebDriverWait(browser, 10).until(
        lambda b: "1" in b.find_element(By.CSS_SELECTOR, ".action-counter").text
    )
    assert_no_csp_violations(browser)


def test_content_security_policy_totp_setup_shows_its_qr_code(browser, settings):
    settings.STAFF_MFA_REQUIRED = False
    coordinator = CoordinatorFactory()
    log_in(browser, coordinator, recently=True)
    browser.get(browser.base_url + "/account/2fa/totp/activate/")
    image = browser.find_element(By.CSS_SELECTOR, "img[src^='data:']")
    # The data: image loaded (img-src allows data:).
    assert browser.execute_script("return arguments[0].naturalWidth", image) > 0


def test_content_security_policy_htmx_filters(browser):
    PublishedActionFactory()
    # With a filter active the filters are unfolded (also for WebDriver's idea of visible).
    browser.get(browser.base_url + "/acties/?places=1")
    browser.execute_script("window.stillTheSamePage = true")
    browser.find_element(By.ID, "filter-q").send_keys("robot", Keys.ENTER)
    # htmx replaces the results and pushes the filter into the URL.
    WebDriverWait(browser, 10).until(lambda b: "q=robot" in b.current_url)
    assert browser.execute_script("return window.stillTheSamePage === true"), "not by htmx"
    # The count beside the results came out of band (data-hx-swap-oob): swapped into its place,
    # not left inside the results as a second element with its id.
    assert len(browser.find_elements(By.CSS_SELECTOR, "[id=result-count]")) == 1
    assert not browser.find_elements(By.CSS_SELECTOR, "#results [data-hx-swap-oob]")
    assert_no_csp_violations(browser)
