"""The snowball in a real browser, with axe-core on every page (issue 14).

A member of signatory A invites organisation B with a personal message that holds a link →
the email quotes it, defanged, with a personal link → B follows it (the message quoted, not
clickable), signs with the form pre-filled, confirms its email → a coordinator approves
(password + TOTP) → /sneeuwbal/ shows A → B and A's count, the back office's signature page
says who brought B in, and A's badge renders with its name.
"""

import re

import pytest
from django.core import mail
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import log_in, submit
from e2e.test_signing_journey import (
    click_and_wait,
    click_submit,
    coordinator,  # noqa: F401  (a fixture)
    fill,
    log_in_as_coordinator,
    visit,
)
from stemcharter.charter.models import CharterVersion, Signature
from stemcharter.organisations.models import Invitation
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

INVITER = "Fictieve Sneeuwbal Chemie nv"
INVITED = "Fictieve Sneeuwbal Robotica vzw"
INVITED_EMAIL = "rita@fictieve-robotica.example"


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_signatory_invites_another_which_signs_and_shows_in_the_snowball(
    browser,
    coordinator,  # noqa: F811
):
    inviter = make_signatory(
        name=INVITER,
        subregions=[Subregion.objects.get(slug="gent")],
        charter_version=CharterVersion.objects.current(),
    )
    member = MembershipFactory(
        organisation=inviter, user__email="an@fictieve-chemie.example", user__language="nl"
    ).user

    # A's member invites B from the portal, with a message that holds a web address.
    log_in(browser, member.email)
    visit(browser, f"/portal/organisaties/{inviter.slug}/uitnodigingen/nieuw/")
    assert_accessible(browser)
    fill(browser, "email", "geen-adres")
    fill(browser, "invitee_organisation_name", INVITED)
    submit(browser)
    assert browser.find_element(By.CLASS_NAME, "error-summary")  # a malformed address
    assert browser.find_element(By.NAME, "invitee_organisation_name").get_attribute("value")
    assert_accessible(browser)
    fill(browser, "email", INVITED_EMAIL)
    fill(browser, "invitee_name", "Rita Robotica")
    fill(browser, "invitee_town", "Gent")
    fill(browser, "message", "Dag Rita, teken mee! Kijk op https://evil.example/login")
    submit(browser)
    assert f"/portal/organisaties/{inviter.slug}/uitnodigingen/" in browser.current_url
    assert INVITED_EMAIL in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)

    # The email quotes the inviter's words with the address made unclickable.
    email = [m for m in mail.outbox if INVITED_EMAIL in m.to][-1]
    assert "evil[.]example" in email.body
    assert "https://evil.example" not in email.body
    link = re.search(r"https?://\S+/ondertekenen/uitnodiging/\S+/", email.body).group(0)

    # B follows the link: the message quoted, not a link; the signing pre-filled.
    browser.delete_all_cookies()
    visit(browser, path_of(link))
    main = browser.find_element(By.TAG_NAME, "main")
    assert "evil[.]example" in main.text
    assert not main.find_elements(By.CSS_SELECTOR, "a[href*='evil']")
    assert_accessible(browser)
    submit(browser)
    assert browser.find_element(By.NAME, "name").get_attribute("value") == INVITED
    assert browser.find_element(By.NAME, "town").get_attribute("value") == "Gent"
    browser.find_element(By.CSS_SELECTOR, "input[name=category][value=company]").click()
    Select(browser.find_element(By.CSS_SELECTOR, "main [name='sector']")).select_by_index(1)
    browser.find_elements(By.CSS_SELECTOR, "input[name=subregions]")[0].click()
    fill(browser, "enterprise_number", "0123.456.749")
    click_submit(browser, "Ga verder")
    assert "/ondertekenen/jij/" in browser.current_url
    assert browser.find_element(By.NAME, "signer_name").get_attribute("value") == "Rita Robotica"
    assert browser.find_element(By.NAME, "email").get_attribute("value") == INVITED_EMAIL
    fill(browser, "signer_function", "Voorzitter")
    fill(browser, "password1", "een-lang-wachtwoord-2026")
    fill(browser, "password2", "een-lang-wachtwoord-2026")
    browser.find_element(By.NAME, "may_sign").click()
    click_submit(browser, "Ga verder")
    browser.find_elements(By.CSS_SELECTOR, "input[name=action_types]")[0].click()
    fill(browser, "commitment", "We bouwen elk jaar robots met twee klassen.")
    click_submit(browser, "Ga verder")
    assert "/ondertekenen/controleren/" in browser.current_url
    assert INVITER in browser.find_element(By.TAG_NAME, "main").text  # "at the invitation of"
    click_submit(browser, "Onderteken")
    assert "/ondertekenen/verzonden/" in browser.current_url

    confirmation = [m for m in mail.outbox if INVITED_EMAIL in m.to][-1]
    confirm = re.search(r"https?://\S+/account/confirm-email/\S+", confirmation.body).group(0)
    visit(browser, path_of(confirm))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    signature = Signature.objects.get(organisation__name=INVITED)
    assert signature.status == Signature.Status.SUBMITTED
    assert signature.referred_by == inviter
    assert Invitation.objects.get(email=INVITED_EMAIL).status == Invitation.Status.ACCEPTED

    # The coordinator approves; the signature's page says who brought B in.
    log_in_as_coordinator(browser, coordinator)
    visit(browser, f"/beheer/ondertekeningen/{signature.pk}/")
    assert INVITER in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    click_submit(browser, "Keur")
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED

    # The snowball shows A → B and A's count; A's badge renders with its name.
    browser.delete_all_cookies()
    visit(browser, "/sneeuwbal/")
    tree = browser.find_element(By.CSS_SELECTOR, "main")
    nested = tree.find_element(By.XPATH, f"//li[a[normalize-space()='{INVITER}']]//li/a")
    assert nested.text == INVITED
    row = browser.find_element(By.XPATH, f"//table//tr[.//a[normalize-space()='{INVITER}']]")
    assert "1" in row.text
    assert_accessible(browser)
    browser.get(f"{browser.base_url}/ondertekenaars/{inviter.slug}/badge.svg")
    assert browser.execute_script("return document.documentElement.localName") == "svg"
    assert INVITER in browser.execute_script("return document.documentElement.textContent")
