"""A pupil on a phone (390 x 844) looks for an open day near home: home -> "near me" -> the
catalogue shows its results first -> open the filters -> tick a type -> the filters say how many
results they give -> show them -> an open day -> its page. And a region without results
suggests its neighbours. axe-core on every page."""

import datetime
import re

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from e2e.conftest import assert_accessible
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import CharterVersionFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH, HEIGHT = 390, 844
TODAY = datetime.date.today()


def dated(title: str, *, kind: str, where: str, days: int) -> Action:
    start = TODAY + datetime.timedelta(days=days)
    return PublishedActionFactory(
        title=title,
        action_type=ActionType.objects.get(slug=kind),
        subregions=[Subregion.objects.get(slug=where)],
        timing=Action.Timing.PERIOD,
        start_date=start,
        end_date=start,
    )


@pytest.fixture
def near_bruges():
    CharterVersionFactory()
    open_day = dated("Opendag chemielabo", kind="opendag", where="brugge", days=12)
    dated("Stage elektromechanica", kind="stage", where="brugge", days=20)
    dated("Bedrijfsbezoek windmolens", kind="bedrijfsbezoek", where="brugge", days=30)
    dated("Opendag Leuven", kind="opendag", where="leuven", days=5)
    return open_day


def top(browser, element_id: str) -> float:
    return browser.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top", element_id
    )


def test_a_pupil_finds_an_open_day_near_home_on_a_phone(browser, near_bruges):
    browser.set_window_size(WIDTH, HEIGHT)
    browser.get(browser.base_url + "/")
    assert_accessible(browser)
    Select(browser.find_element(By.ID, "near-you-region")).select_by_value("brugge")
    browser.find_element(By.CSS_SELECTOR, ".near-you button[type=submit]").click()

    # The catalogue: the count and the first result on the first screen, the filters folded.
    WebDriverWait(browser, 5).until(lambda b: "subregion=brugge" in b.current_url)
    assert_accessible(browser)
    assert browser.find_element(By.ID, "result-count").text == "3 acties gevonden"
    # (Before: the count sat about 2,600 px down, below 30 region checkboxes.)
    assert top(browser, "result-count") < HEIGHT * 0.6
    first_card = browser.find_element(By.CSS_SELECTOR, "#results .card")
    assert first_card.location["y"] < HEIGHT - 100
    panel = browser.find_element(By.CSS_SELECTOR, ".filters-toggle")
    assert panel.get_attribute("open") is None
    summary = panel.find_element(By.TAG_NAME, "summary")
    assert summary.text == "Filters (1)"
    submit = browser.find_element(By.ID, "filters-submit")
    assert not submit.is_displayed()

    # Open the filters, tick "Open day": the folded summary and the button say how many.
    summary.click()
    nearest = "//input[@id='filter-type-opendag']/ancestor::details[1]"
    types = browser.find_element(By.XPATH, nearest)
    types.find_element(By.TAG_NAME, "summary").click()
    checkbox = browser.find_element(By.ID, "filter-type-opendag")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", checkbox)
    browser.find_element(By.CSS_SELECTOR, "label[for=filter-type-opendag]").click()
    WebDriverWait(browser, 5).until(lambda b: re.search(r"\b1\b", submit.text))
    assert summary.text == "Filters (2)"
    assert browser.find_element(By.ID, "result-count").text == "1 actie gevonden"
    # The button that says so is in sight, however long the form.
    assert submit.is_displayed()
    assert 0 <= top(browser, "filters-submit") < HEIGHT
    assert_accessible(browser)

    # Show the results: the filters fold again, the open day is on top.
    submit.click()
    WebDriverWait(browser, 5).until(lambda b: "type=opendag" in b.current_url)
    WebDriverWait(browser, 5).until(lambda b: panel.get_attribute("open") is None)
    # The results may still be swapped in by htmx: read them once they stand still.
    WebDriverWait(browser, 5, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda b: (
            [h.text for h in b.find_elements(By.CSS_SELECTOR, "#results .card h3")]
            == ["Opendag chemielabo"]
        )
    )
    assert top(browser, "result-count") < HEIGHT * 0.6
    assert_accessible(browser)

    browser.find_element(By.LINK_TEXT, "Opendag chemielabo").click()
    WebDriverWait(browser, 5).until(lambda b: near_bruges.slug in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Opendag chemielabo"
    assert_accessible(browser)


def test_a_region_without_results_suggests_its_province_and_neighbours(browser, near_bruges):
    browser.set_window_size(WIDTH, HEIGHT)
    browser.get(browser.base_url + "/acties/?subregion=oostende&type=opendag")
    assert browser.find_element(By.ID, "result-count").text == "0 acties gevonden"
    assert_accessible(browser)
    suggestions = browser.find_element(By.CSS_SELECTOR, "[aria-labelledby=wider-regions-title]")
    links = [link.text for link in suggestions.find_elements(By.TAG_NAME, "a")]
    assert links == ["Heel West-Vlaanderen: 1 actie", "Brugge: 1 actie"]
    # On the first screen, not below the filters.
    assert suggestions.location["y"] < HEIGHT
    suggestions.find_element(By.PARTIAL_LINK_TEXT, "Brugge").click()
    WebDriverWait(browser, 5).until(lambda b: "subregion=brugge" in b.current_url)
    assert browser.find_element(By.ID, "result-count").text == "1 actie gevonden"
    assert_accessible(browser)
