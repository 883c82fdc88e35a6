"""The public numbers (/in-cijfers/ and a year's overview) in Chromium, in both languages: the
server-drawn charts show under the Content-Security-Policy (the browser fixture fails on a
violation), each chart has its data table, nothing is wider than a phone's screen, and
axe-core finds no serious violation."""

import datetime

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.events.tests.factories import PublishedEventFactory
from stemcharter.organisations.tests.signatories import make_signatories
from stemcharter.stories.tests.factories import PublishedStoryFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def movement() -> int:
    """Signatories, actions of two types, an event held and a story, over two years; returns
    this year."""
    now = timezone.now()
    last_year = now - datetime.timedelta(days=366)
    make_signatories(4)
    first, second = ActionType.objects.order_by("position")[:2]
    PublishedActionFactory(action_type=first, places=12, first_published_at=now)
    PublishedActionFactory(action_type=second, places=8, first_published_at=last_year)
    PublishedEventFactory(
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=2, hours=-2),
        capacity=30,
    )
    PublishedStoryFactory(first_published_at=now)
    return timezone.localdate().year


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_numbers_pages_draw_and_are_accessible(browser, prefix, width):
    browser.set_window_size(width, 1000)
    year = movement()
    for path, charts in ((f"{prefix}/in-cijfers/", 3), (f"{prefix}/in-cijfers/{year}/", 2)):
        browser.get(browser.base_url + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
        images = browser.find_elements(By.CSS_SELECTOR, "svg[role='img']")
        assert len(images) == charts
        tables = browser.find_elements(By.CSS_SELECTOR, "table.chart-table")
        assert len(tables) == charts  # each chart with its table
        for image in images:
            assert 100 < image.size["width"] <= width  # scales down with the screen
        # The first series of a bar chart takes the site's blue from charts.css.
        bar = browser.find_element(By.CSS_SELECTOR, ".chart-bar .series.color-0 rect")
        assert bar.value_of_css_property("fill") == "rgb(11, 92, 173)"
        assert browser.execute_script("return document.documentElement.scrollWidth") <= width
        assert_accessible(browser)


def test_numbers_are_reached_from_the_footer_in_english(browser):
    movement()
    browser.get(browser.base_url + "/en/")
    footer = browser.find_element(By.CSS_SELECTOR, "footer.site-footer")
    footer.find_element(By.LINK_TEXT, "The charter in numbers").click()
    assert browser.current_url.endswith("/en/in-cijfers/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "The STEM-charter in numbers"
