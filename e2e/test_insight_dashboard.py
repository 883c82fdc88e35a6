"""The coordinator's dashboard (/beheer/inzicht/) in Chromium: the server-drawn charts show
under the Content-Security-Policy, the filter form narrows the figures through the URL (no
JavaScript of ours), a bad date gets the error summary, and axe-core finds nothing serious,
wide and on a phone."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from e2e.conftest import assert_accessible
from e2e.test_signed_in_accessibility import log_in
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.insight.dashboard import FIGURES
from stemcharter.insight.tests.dashboard_world import build_world as build_dashboard_world
from stemcharter.progress.models import ProgressReport

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _table_cells(browser, key: str) -> dict[str, list[str]]:
    rows = browser.find_elements(By.CSS_SELECTOR, f"#figure-{key} ~ .chart tbody tr")
    return {
        row.find_element(By.TAG_NAME, "th").text: [
            cell.text for cell in row.find_elements(By.TAG_NAME, "td")
        ]
        for row in rows
    }


def build_world():
    """The dashboard's hand-counted world, and a published progress report so that every
    figure, the progress reports' too, has a chart to draw."""
    world = build_dashboard_world()
    ProgressReport.objects.create(
        organisation=world.organisations[0], year=2026, slug="2026", status="published"
    )
    return world


@pytest.mark.parametrize("width", [1280, 320])
def test_a_coordinator_opens_filters_and_reads_the_dashboard(browser, width):
    browser.set_window_size(width, 1000)
    build_world()
    log_in(browser, CoordinatorFactory())
    browser.get(browser.base_url + "/en/beheer/inzicht/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Insight: the movement at a glance"
    charts = browser.find_elements(By.CSS_SELECTOR, "svg[role='img']")
    assert len(charts) == len(FIGURES)
    for chart in charts:
        assert 0 < chart.size["width"] <= width
    assert _table_cells(browser, "bereik")["Actions published"][:2] == ["3", "15"]
    assert_accessible(browser)

    # Filter: spring 2026, companies only, in Gent (a plain GET form).
    form = browser.find_element(By.CSS_SELECTOR, "form.filters")
    for name, value in (("van", "2026-02-01"), ("tot", "2026-03-31")):
        field = form.find_element(By.NAME, name)
        browser.execute_script("arguments[0].value = arguments[1]", field, value)
    Select(form.find_element(By.NAME, "categorie")).select_by_value("company")
    Select(form.find_element(By.NAME, "subregio")).select_by_value("test-gent")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    WebDriverWait(browser, 10).until(lambda driver: "van=2026-02-01" in driver.current_url)
    WebDriverWait(browser, 10).until(
        lambda driver: driver.execute_script("return document.readyState") == "complete"
    )
    assert "subregio=test-gent" in browser.current_url
    # a1 (published 10 February) is in; a2 (January, a school, Leuven) is out.
    assert _table_cells(browser, "bereik")["Actions published"][:2] == ["2", "10"]
    link = browser.find_element(By.CSS_SELECTOR, "#figure-bereik ~ p a[download]")
    assert "categorie=company" in link.get_attribute("href")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    assert_accessible(browser)


def test_a_bad_date_gets_the_error_summary(browser):
    build_world()
    log_in(browser, CoordinatorFactory())
    browser.get(browser.base_url + "/beheer/inzicht/?van=31-02-2026")
    summary = browser.find_element(By.CSS_SELECTOR, ".error-summary")
    assert summary.find_element(By.CSS_SELECTOR, "a").get_attribute("href").endswith("#id_van")
    assert browser.title.startswith("Fout:") or browser.title.startswith("Error:")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg[role='img']")) == len(FIGURES)
    assert_accessible(browser)
