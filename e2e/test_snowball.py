"""The snowball page (/sneeuwbal/) in Chromium: its server-drawn charts and referral tree show
under the Content-Security-Policy (no inline style or script: the browser fixture fails on a
violation), axe-core finds no serious violation, wide and on a phone, and the charts take the
site's colours from static/css/charts.css."""

import pytest
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from stemcharter.charter.models import Signature
from stemcharter.organisations.tests.signatories import make_signatories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_snowball_page_draws_and_is_accessible(browser, prefix, width):
    browser.set_window_size(width, 1000)
    organisations = make_signatories(6)
    for later in organisations[1:4]:
        Signature.objects.filter(organisation=later).update(
            referred_by=organisations[0], referral_channel="invitation"
        )
    Signature.objects.filter(organisation=organisations[5]).update(
        referred_by=organisations[1], referral_channel="linkedin"
    )
    browser.get(browser.base_url + prefix + "/sneeuwbal/")
    assert browser.find_element(By.TAG_NAME, "h1").text
    charts = browser.find_elements(By.CSS_SELECTOR, "svg[role='img']")
    assert len(charts) == 4  # over time, per category, per subregion, the tree
    for chart in charts:
        assert chart.size["width"] > 100
        assert chart.size["width"] <= width  # scales down with the screen
    # The line of the growth chart takes the site's blue from charts.css (not black, not none).
    line = browser.find_element(By.CSS_SELECTOR, ".chart-line .series .line")
    assert line.value_of_css_property("stroke") == "rgb(11, 92, 173)"
    assert line.value_of_css_property("fill") == "none"
    tree_rows = browser.find_elements(By.CSS_SELECTOR, ".chart-tree text")
    assert len(tree_rows) == 5  # the first, the three it brought in, the one the second did
    # Nothing wider than the screen (the tree scrolls in its own box).
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    assert_accessible(browser)
