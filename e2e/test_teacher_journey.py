"""A teacher on a phone (390 x 844) looks for a guest lesson for a class of 24 pupils, with
axe-core on every page (issue 11, item 5).

The catalogue filtered "For whom: Teachers" and "Number of pupils in your group: 24" finds the
guest lesson, which is for pupils but booked by teachers and takes 10 to 28 pupils; its page
shows the way to take part and the group size on the first screen. An open day's page, too,
says how to take part within the first 600 px.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from e2e.conftest import assert_accessible
from e2e.test_signing_journey import click_and_wait, visit
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Audience

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH, HEIGHT = 390, 844
FIRST_SCREEN = 600  # px: what a phone shows under the browser's own bar


@pytest.fixture
def actions():
    organisation = make_signatory(name="Windkracht cv", slug="windkracht")
    pupils = Audience.objects.get(slug="secundair-tso")
    common = {
        "organisation": organisation,
        "subregions": [Subregion.objects.get(slug="gent")],
        "audiences": [pupils],
        "summary": "Een technicus komt in je klas uitleggen hoe wind elektriciteit wordt.",
        "description": "De les duurt twee lesuren.\nWat de school voorziet:\n- een projector",
    }
    guest_lesson = PublishedActionFactory(
        title="Gastles: hoe werkt een windmolen op zee?",
        action_type=ActionType.objects.get(slug="expert-gastles"),
        timing=Action.Timing.ON_REQUEST,
        start_date=None,
        end_date=None,
        places=6,
        group_min=10,
        group_max=28,
        cost="Gratis",
        participation=Action.Participation.EMAIL,
        participation_email="gastles@example.org",
        **common,
    )
    open_day = PublishedActionFactory(
        title="Opendag: programmeer zelf een robotarm",
        action_type=ActionType.objects.get(slug="opendag"),
        places=60,
        participation=Action.Participation.LINK,
        participation_url="https://robotica.example/opendag",
        **common,
    )
    return {"guest_lesson": guest_lesson, "open_day": open_day}


def phone(browser) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": True},
    )


def top(browser, css: str) -> float:
    """Where the element starts, in px from the top of the page."""
    element = browser.find_element(By.CSS_SELECTOR, css)
    return browser.execute_script(
        "return arguments[0].getBoundingClientRect().top + window.scrollY", element
    )


def bottom(browser, css: str) -> float:
    element = browser.find_element(By.CSS_SELECTOR, css)
    return browser.execute_script(
        "return arguments[0].getBoundingClientRect().bottom + window.scrollY", element
    )


def fact(browser, term: str) -> str:
    """The text of the <dd> after the <dt> ``term`` in the "how to take part" section."""
    return browser.find_element(
        By.XPATH, f"//section[@class='take-part']//dt[normalize-space()='{term}']/following::dd[1]"
    ).text


def card_titles(browser) -> list[str]:
    return [
        a.text
        for a in browser.find_elements(By.CSS_SELECTOR, ".action-card h2 a, .action-card h3 a")
    ]


def test_a_teacher_finds_a_guest_lesson_for_a_class_of_24(browser, actions):
    phone(browser)
    # A class of 30 is too large for it (10 to 28 pupils).
    visit(browser, "/en/acties/?audience=leraren&group=30")
    assert card_titles(browser) == []
    assert_accessible(browser)
    # Teachers, then the size of the class in the folded filters: the results follow.
    visit(browser, "/en/acties/?audience=leraren")
    summary = browser.find_element(By.CSS_SELECTOR, ".filters-toggle summary")
    summary.click()
    field = browser.find_element(By.ID, "filter-group")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.send_keys("24", Keys.TAB)
    WebDriverWait(browser, 5).until(lambda b: "group=24" in b.current_url)
    WebDriverWait(browser, 5).until(lambda b: summary.text == "Filters (2)")
    assert_accessible(browser)
    cards = card_titles(browser)
    assert cards == ["Gastles: hoe werkt een windmolen op zee?"]
    chips = browser.find_element(By.CSS_SELECTOR, ".active-filters").text
    assert "For a group of 24 pupils" in chips

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, cards[0]))
    assert f"/en/acties/{actions['guest_lesson'].slug}/" in browser.current_url
    assert_accessible(browser)
    heading = browser.find_element(By.ID, "take-part-title")
    assert heading.text == "How to take part"
    assert top(browser, "#take-part-title") < FIRST_SCREEN
    # The way in is on the first screen, the group size right under it: 24 pupils fit.
    assert bottom(browser, ".take-part a[href='mailto:gastles@example.org']") < HEIGHT
    assert fact(browser, "Group size") == "10 to 28 per group"
    assert fact(browser, "Classes") == "Room for 6 classes"
    assert fact(browser, "Cost") == "Gratis"
    assert "A teacher books it for their class." in fact(browser, "For whom")
    assert top(browser, "#take-part-title") < top(browser, ".prose")


def test_an_open_day_says_how_to_take_part_on_the_first_screen(browser, actions):
    phone(browser)
    visit(browser, actions["open_day"].get_absolute_url())
    assert_accessible(browser)
    assert browser.find_element(By.ID, "take-part-title").text == "Zo neem je deel"
    assert top(browser, "#take-part-title") < FIRST_SCREEN
    button = browser.find_element(By.CSS_SELECTOR, ".take-part a.button")
    assert button.get_attribute("href") == "https://robotica.example/opendag"
    assert bottom(browser, ".take-part a.button") < HEIGHT
    # No sideways scrolling on a phone.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= WIDTH
