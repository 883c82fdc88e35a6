"""The yearly progress report in a real browser, with axe-core on every page: a signatory's
member sees the notice on the portal home, opens the prefilled report, adds its text and sends
it; the coordinator reviews and publishes it; it is on the signatory's public page, the back
office's overview says so, and the coordinator's dashboard (``/beheer/inzicht/``) and the public
numbers (``/in-cijfers/<year>/``) count it, before and after (issue 15's whole journey)."""

import datetime

import pytest
from django.utils import timezone, translation
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import log_in, review, submit
from e2e.test_signing_journey import fill, visit
from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.progress.models import ProgressReport
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TODAY = datetime.date(2026, 12, 10)


def progress_row(browser) -> list[str]:
    """The cells of 2026's row in the dashboard's table of progress reports: started, reported
    (progress.selectors.reported: published, waiting for or under review, changes asked),
    published."""
    visit(browser, "/beheer/inzicht/")
    figure = browser.find_element(
        By.CSS_SELECTOR, "section[aria-labelledby='figure-voortgangsrapporten']"
    )
    for row in figure.find_elements(By.CSS_SELECTOR, "table.chart-table tbody tr"):
        if row.find_element(By.TAG_NAME, "th").text == "2026":
            return [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    raise AssertionError("no row for 2026 in the dashboard's progress reports")


def test_a_progress_report_from_the_portal_to_the_public_page(browser, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    CharterVersionFactory()
    subregion = Subregion.objects.get(slug="gent")
    organisation = ApprovedSignatureFactory(organisation__subregions=[subregion]).organisation
    member = MembershipFactory(
        organisation=organisation, user__email="lid@example.org", user__language="nl"
    ).user
    coordinator = CoordinatorFactory(email="coordinator@example.org", language="nl")
    PublishedActionFactory(
        organisation=organisation, title="Robotkamp", start_date=datetime.date(2026, 12, 20)
    )

    log_in(browser, member.email)
    visit(browser, "/portal/")
    start = f"/portal/organisaties/{organisation.slug}/voortgang/starten/"
    assert browser.find_element(By.CSS_SELECTOR, f"main a[href='{start}']")
    visit(browser, start)
    assert "Robotkamp" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    submit(browser)
    report = ProgressReport.objects.get(organisation=organisation)
    assert "/stap/terugblik/" in browser.current_url
    assert "Robotkamp" in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    fill(browser, "looking_back", "Een jaar met **drie** robotkampen.")
    submit(browser)
    assert "/stap/voornemens/" in browser.current_url
    assert_accessible(browser)
    fill(browser, "intentions", "Volgend jaar ook een kamp voor meisjes.")
    submit(browser)
    assert "/controleren/" in browser.current_url
    assert_accessible(browser)
    submit(browser)
    report.refresh_from_db()
    assert report.status == ReviewStatus.SUBMITTED
    assert_accessible(browser)

    log_in(browser, coordinator.email)
    # Sent, not yet published: the dashboard counts it as reported, the public numbers not yet.
    assert progress_row(browser) == ["1", "1", "0"]
    assert_accessible(browser)
    with translation.override("nl"):
        review(browser, report, ask_for_changes=False)
    report.refresh_from_db()
    assert report.status == ReviewStatus.PUBLISHED
    assert progress_row(browser) == ["1", "1", "1"]
    visit(browser, "/beheer/voortgang/?jaar=2026")
    assert_accessible(browser)
    assert organisation.name in browser.find_element(By.TAG_NAME, "main").text

    browser.delete_all_cookies()
    visit(browser, "/in-cijfers/2026/")
    figure = browser.find_element(
        By.XPATH, "//main//li[contains(., 'voortgangsrapport gepubliceerd')]/strong"
    )
    assert figure.text == "1"
    assert_accessible(browser)
    visit(browser, organisation.get_absolute_url())
    text = browser.find_element(By.ID, "voortgang-2026").text
    assert "Volgend jaar ook een kamp voor meisjes." in text
    assert_accessible(browser)
