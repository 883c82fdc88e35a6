"""Signing without dead ends, in a real browser with axe on every page: a visitor signs with a
mistyped address, corrects it on the thank-you page, confirms from the new address; and the
contact page, linked from the footer, takes a message to the coordinators."""

import re

import pytest
from django.core import mail
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_signing_journey import (
    ORGANISATION,
    click_and_wait,
    coordinator,  # noqa: F401 (a fixture: the published charter and a coordinator)
    fill,
    sign_as_visitor,
    visit,
)
from stemcharter.charter.models import Signature
from stemcharter.contact.models import ContactMessage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TYPED = "ann@fictieve-robotica.example"
CORRECT = "ann.peeters@fictieve-robotica.example"


def test_correct_a_mistyped_email_then_confirm_from_the_new_one(browser, coordinator):  # noqa: F811
    sign_as_visitor(browser)  # signs with TYPED
    assert TYPED in browser.find_element(By.TAG_NAME, "main").text
    mail.outbox.clear()
    fill(browser, "email", CORRECT)
    form = browser.find_element(By.CSS_SELECTOR, "main form:has(input[name=email])")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "/ondertekenen/verzonden/" in browser.current_url
    assert CORRECT in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)

    assert [m.to for m in mail.outbox] == [[CORRECT]]
    link = re.search(r"https?://\S+/account/confirm-email/\S+", mail.outbox[0].body).group(0)
    visit(browser, re.sub(r"^https?://[^/]+", "", link))
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    signature = Signature.objects.get(organisation__name=ORGANISATION)
    assert signature.status == Signature.Status.SUBMITTED
    assert signature.signer_email == CORRECT


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_contact_page_from_the_footer(browser, coordinator, prefix):  # noqa: F811
    visit(browser, f"{prefix}/")
    link = browser.find_element(By.CSS_SELECTOR, f"footer a[href='{prefix}/contact/']")
    click_and_wait(browser, link)
    assert browser.current_url.endswith(f"{prefix}/contact/")
    assert_accessible(browser)
    # Sent without a message: the error summary, with what was typed kept.
    fill(browser, "name", "Ann Peeters")
    fill(browser, "email", "ann@example.org")
    browser.find_element(By.CSS_SELECTOR, "input[name=topic][value=signing]").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "Ann Peeters"
    assert_accessible(browser)
    fill(browser, "message", "Where do I find the charter in English?")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert_accessible(browser)
    assert ContactMessage.objects.get().message == "Where do I find the charter in English?"
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
