"""No page scrolls sideways on a 320 px wide screen (WCAG 1.4.10 Reflow).

Wide content (tables) scrolls inside its own ``.table-wrap``; the page itself never does.
"""

import pytest
from selenium.webdriver.common.by import By

from e2e.test_signed_in_accessibility import log_in
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH = 320
# Long words, emails and web addresses are what used to push pages wider than the screen.
LONG_EMAIL = (
    "communicatie.en.wetenschapsvoorlichting@voorbeeld-kenniscentrum-vlaanderen.example.org"
)
LONG_URL = "https://www.voorbeeld-kenniscentrum-vlaanderen.example.org/over-ons/ons-stem-engagement"
LONG_NAME = "Wetenschapscommunicatiekenniscentrumvoorbeeld Vlaanderen"


def overflow(browser) -> tuple[int, int, list[str]]:
    scroll_width, inner_width = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    culprits = browser.execute_script(
        """
        return Array.from(document.querySelectorAll('body *'))
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 5).map(e => e.tagName + '.' + e.className);
        """
    )
    return scroll_width, inner_width, culprits


def assert_no_sideways_scrolling(browser, paths: list[str]) -> None:
    browser.set_window_size(WIDTH, 900)
    for path in paths:
        browser.get(browser.base_url + path)
        assert browser.find_element(By.TAG_NAME, "h1").text, browser.current_url
        scroll_width, inner_width, culprits = overflow(browser)
        assert scroll_width <= inner_width, (browser.current_url, scroll_width, culprits)


@pytest.fixture
def signed():
    CharterVersionFactory()
    organisation = OrganisationFactory(name=LONG_NAME, website=LONG_URL)
    signature = ApprovedSignatureFactory(organisation=organisation, signer_email=LONG_EMAIL)
    CommitmentFactory(signature=signature)
    return signature


def test_public_pages_fit_a_small_screen(browser, signed):
    paths = [
        "/",
        "/charter/",
        "/ondertekenaars/",
        "/ondertekenaars/?category=company",
        signed.organisation.get_absolute_url(),
        "/ondertekenen/",
        "/account/login/",
    ]
    assert_no_sideways_scrolling(browser, paths)
    assert_no_sideways_scrolling(browser, ["/en" + path for path in paths])


def test_portal_pages_fit_a_small_screen(browser, signed):
    admin = MembershipFactory(organisation=signed.organisation).user
    MembershipFactory(organisation=signed.organisation, role=Membership.Role.EDITOR)
    log_in(browser, admin)
    slug = signed.organisation.slug
    paths = [
        "/portal/",
        f"/portal/organisaties/{slug}/",
        f"/portal/organisaties/{slug}/leden/",
        f"/portal/organisaties/{slug}/ondertekening/intrekken/",
        "/portal/account/voorkeuren/",
    ]
    assert_no_sideways_scrolling(browser, paths)
    assert_no_sideways_scrolling(browser, ["/en" + path for path in paths])


def test_backoffice_pages_fit_a_small_screen(browser, signed):
    waiting = SignatureFactory(signer_email=LONG_EMAIL)
    CommitmentFactory(signature=waiting)
    log_in(browser, CoordinatorFactory())
    paths = [
        "/beheer/",
        "/beheer/ondertekeningen/",
        f"/beheer/ondertekeningen/{waiting.pk}/",
        f"/beheer/ondertekeningen/{signed.pk}/",
        "/beheer/organisaties/",
        f"/beheer/organisaties/{signed.organisation.slug}/",
        "/beheer/charter/",
        "/beheer/regio-s/",
        "/beheer/audit/",
    ]
    assert_no_sideways_scrolling(browser, paths)


def test_backoffice_organisations_fit_a_wide_screen(browser, signed):
    """The organisations table used to be wider than its grid column at 1280 px."""
    log_in(browser, CoordinatorFactory())
    browser.set_window_size(1280, 900)
    browser.get(browser.base_url + "/beheer/organisaties/")
    scroll_width, inner_width, culprits = overflow(browser)
    assert scroll_width <= inner_width, (scroll_width, culprits)
