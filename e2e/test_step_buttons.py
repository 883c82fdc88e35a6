"""On a step page with a form, Back is a button of that form (common.wizard.StepJumpMixin):
in a real browser, without JavaScript doing anything, Back saves what was typed or stays with
a message; Enter in a field still continues (the hidden copy of the form's own button comes
before Back); the buttons are reachable with the keyboard and pass axe."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from e2e.conftest import assert_accessible
from e2e.test_signing_journey import click_and_wait, fill, visit
from stemcharter.charter.services import charter_version_publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_back_saves_or_stays_and_enter_continues(browser):
    charter_version_publish(title="STEM-charter", body="Voor STEM.")
    visit(browser, "/ondertekenen/")
    fill(browser, "name", "Fictieve Werkplaats")
    browser.find_element(By.CSS_SELECTOR, "input[name=category][value=company]").click()
    Select(browser.find_element(By.CSS_SELECTOR, "main [name='sector']")).select_by_index(1)
    fill(browser, "enterprise_number", "0123.456.749")
    browser.find_elements(By.CSS_SELECTOR, "input[name=subregions]")[0].click()
    # Enter in a text field continues, as the form's own button does (not Back).
    browser.find_element(By.NAME, "town").send_keys("Gent", Keys.ENTER)
    browser.find_element(By.NAME, "signer_name")  # waits (implicitly) for step 2
    assert "/ondertekenen/jij/" in browser.current_url

    # Back with half a step typed: the page stays, says what to do, keeps what was typed.
    back = browser.find_element(By.CSS_SELECTOR, "main .back-link")
    assert back.tag_name == "button"
    fill(browser, "signer_name", "Ann Peeters")
    click_and_wait(browser, back)
    assert "/ondertekenen/jij/" in browser.current_url
    summary = browser.find_element(By.CLASS_NAME, "error-summary")
    assert "Niets van deze stap is bewaard" in summary.text  # Dutch: the default language
    assert browser.find_element(By.NAME, "signer_name").get_attribute("value") == "Ann Peeters"
    assert_accessible(browser)

    # The whole step typed: Back saves it and goes back; coming forward shows it again.
    fill(browser, "signer_function", "Zaakvoerder")
    fill(browser, "email", "ann@fictieve-werkplaats.example")
    fill(browser, "password1", "een-lang-wachtwoord-2026")
    fill(browser, "password2", "een-lang-wachtwoord-2026")
    browser.find_element(By.NAME, "may_sign").click()
    back = browser.find_element(By.CSS_SELECTOR, "main .back-link")
    # Reachable with the keyboard: focused, then pressed with Enter.
    browser.execute_script("arguments[0].focus()", back)
    assert browser.switch_to.active_element == back
    back.send_keys(Keys.ENTER)
    browser.find_element(By.NAME, "town")  # step 1 again
    assert browser.current_url.endswith("/ondertekenen/")
    assert browser.find_element(By.NAME, "town").get_attribute("value") == "Gent"
    browser.find_element(By.NAME, "name").send_keys(Keys.ENTER)
    browser.find_element(By.NAME, "signer_name")
    assert "/ondertekenen/jij/" in browser.current_url
    assert browser.find_element(By.NAME, "signer_name").get_attribute("value") == "Ann Peeters"
    assert browser.find_element(By.NAME, "signer_function").get_attribute("value") == "Zaakvoerder"
