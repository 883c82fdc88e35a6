"""On a phone (390 px): the portal's and the back office's tables show every column, each
cell under its heading, and the logged-in header is compact, its menu behind a button that
works without JavaScript (a <details>); axe on each page."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from e2e.conftest import assert_accessible
from e2e.test_signed_in_accessibility import log_in
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.services import audit_record
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = (390, 844)
# The header of a logged-in member took about 350 px at this width.
HEADER_MAX_HEIGHT = 130


def _header_height(browser) -> float:
    return browser.execute_script(
        "return document.querySelector('.site-header').getBoundingClientRect().height"
    )


def _cells_fit(browser) -> list[str]:
    """Table cells that do not fit the screen, or that are hidden."""
    return browser.execute_script(
        """
        return Array.from(document.querySelectorAll('table tbody td, table tbody th'))
          .filter(c => { const r = c.getBoundingClientRect();
                         return r.right > window.innerWidth + 1 || r.left < -1 || r.width === 0; })
          .map(c => c.getAttribute('data-label') + ': ' + c.textContent.trim()).slice(0, 5);
        """
    )


@pytest.fixture
def member(db):
    CharterVersionFactory()
    signature = ApprovedSignatureFactory(organisation__name="Jansen en Zonen")
    PublishedActionFactory(organisation=signature.organisation, title="Opendeurdag in het labo")
    return MembershipFactory(organisation=signature.organisation, role=Membership.Role.ADMIN)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_portal_table_on_a_phone(browser, member, prefix):
    log_in(browser, member.user)
    browser.set_window_size(*PHONE)
    slug = member.organisation.slug
    browser.get(f"{browser.base_url}{prefix}/portal/organisaties/{slug}/acties/")
    status = browser.find_element(By.CSS_SELECTOR, "table tbody td:nth-child(3)")
    label = "Status"
    assert status.get_attribute("data-label") == label
    assert status.is_displayed()
    rect = status.rect
    assert rect["x"] >= 0, rect
    assert rect["x"] + rect["width"] <= PHONE[0], rect
    # The heading shows above each value (the table's own heading row is only for screen
    # readers at this width).
    before = browser.execute_script(
        "return getComputedStyle(arguments[0], '::before').content", status
    )
    assert before == f'"{label}"'
    assert not _cells_fit(browser), _cells_fit(browser)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth"
    )
    assert_accessible(browser)


def test_the_logged_in_header_on_a_phone(browser, member):
    log_in(browser, member.user)
    browser.set_window_size(*PHONE)
    browser.get(browser.base_url + "/portal/")
    height = _header_height(browser)
    print(f"header height at 390 px, logged in: {height}")
    assert height <= HEADER_MAX_HEIGHT, height
    menu = browser.find_element(By.CSS_SELECTOR, ".main-nav summary")
    assert menu.text == "Menu"
    actions = browser.find_element(By.CSS_SELECTOR, ".main-nav a[href='/acties/']")
    assert not actions.is_displayed()
    # The member of a signatory finds the portal, not "Sign the charter".
    assert browser.find_element(By.CSS_SELECTOR, ".site-header .button").text == "Mijn portaal"
    assert_accessible(browser)
    menu.click()
    assert actions.is_displayed()
    assert_accessible(browser)
    actions.click()
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_the_portal_button_comes_last_in_the_open_menu_on_a_phone(browser, member):
    """Opened on a phone, the menu lists its links, then, apart from them and as wide as the
    screen, the call to action ("Mijn portaal"), not beside the links in between."""
    log_in(browser, member.user)
    browser.set_window_size(*PHONE)
    for prefix, label in (("", "Mijn portaal"), ("/en", "My portal")):
        browser.get(f"{browser.base_url}{prefix}/portal/")
        browser.find_element(By.CSS_SELECTOR, ".main-nav summary").click()
        links = browser.find_elements(By.CSS_SELECTOR, ".main-nav li a")
        assert all(link.is_displayed() for link in links)
        button = browser.find_element(By.CSS_SELECTOR, ".site-header .button")
        assert button.text == label
        last = max(links, key=lambda link: link.rect["y"] + link.rect["height"])
        last_bottom = last.rect["y"] + last.rect["height"]
        rect = button.rect
        # Below every link, with room between (a separated group, not one more link).
        assert rect["y"] >= last_bottom + 8, (rect, last.rect)
        # As wide as the header's content (the screen less its padding), at least 44 px high.
        inner = browser.find_element(By.CSS_SELECTOR, ".header-inner").rect
        padding = browser.execute_script(
            "const s = getComputedStyle(document.querySelector('.header-inner'));"
            "return parseFloat(s.paddingLeft) + parseFloat(s.paddingRight)"
        )
        assert rect["width"] >= inner["width"] - padding - 1, (rect, inner, padding)
        assert rect["height"] >= 44, rect
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        )
        assert_accessible(browser)
    # Closed, the header stays compact.
    browser.get(browser.base_url + "/portal/")
    assert _header_height(browser) <= HEADER_MAX_HEIGHT


def test_the_menu_is_always_shown_on_a_wide_screen(browser, member):
    log_in(browser, member.user)
    browser.set_window_size(1280, 900)
    browser.get(browser.base_url + "/portal/")
    assert not browser.find_element(By.CSS_SELECTOR, ".main-nav summary").is_displayed()
    # Selenium calls whatever is in a closed <details> hidden: ask the layout instead.
    link = browser.find_element(By.CSS_SELECTOR, ".main-nav a[href='/acties/']")
    rect = link.rect
    assert rect["width"] > 0, rect
    assert rect["height"] >= 44, rect
    hit = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === arguments[0]",
        link,
    )
    assert hit
    # Reached with the keyboard, and in the accessibility tree (not as collapsed content).
    brand = browser.find_element(By.CSS_SELECTOR, ".brand")
    brand.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("href").endswith("/charter/"), focused.get_attribute("outerHTML")
    tree = browser.execute_cdp_cmd("Accessibility.getFullAXTree", {})
    names = {
        node.get("name", {}).get("value")
        for node in tree["nodes"]
        if not node.get("ignored") and node.get("role", {}).get("value") == "link"
    }
    assert {"Acties", "Verhalen"} <= names, names


def test_back_office_tables_on_a_phone(browser, member):
    waiting = SignatureFactory(organisation__name="Wachtende Organisatie")
    audit_record(actor=None, code="charter.signature.submitted", target=waiting)
    log_in(browser, CoordinatorFactory())
    browser.set_window_size(*PHONE)
    for path in ("/beheer/ondertekeningen/", "/beheer/organisaties/", "/beheer/audit/"):
        browser.get(browser.base_url + path)
        assert browser.find_elements(By.CSS_SELECTOR, "table[data-stack] td[data-label]"), path
        assert not _cells_fit(browser), (path, _cells_fit(browser))
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"
        ), path
        assert_accessible(browser)
