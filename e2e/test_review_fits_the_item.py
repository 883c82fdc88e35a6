"""A contact point reviews a company's open day with the criteria made for it, in a real
browser, with axe-core on every page.

The open day waits in the queue → the review page starts with the set for internships, open
days and company visits (four criteria, not the twelve of the STEM-academy recognition) →
saving with one criterion unanswered names that criterion in the error and in the summary →
answering it publishes the open day → its public page tells a visitor what the check means.
"""

import pytest
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import check, log_in, submit
from e2e.test_signing_journey import click_and_wait, visit
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import review_submit
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fictieve opendeurdag in de fabriek"


@pytest.fixture
def open_day():
    CharterVersionFactory()
    subregion = Subregion.objects.get(slug="gent")
    signature = ApprovedSignatureFactory(organisation__subregions=[subregion])
    member = MembershipFactory(organisation=signature.organisation, user__language="nl").user
    contact_point = UserFactory(email="contactpunt@example.org", language="nl")
    subregion.contact_points.add(contact_point)
    action = ActionFactory(
        organisation=signature.organisation,
        title=TITLE,
        slug="fictieve-opendeurdag",
        action_type=ActionType.objects.get(slug="opendag"),
        subregions=[subregion],
    )
    review_submit(item=action, by=member)
    return {"action": action, "contact_point": contact_point}


def test_a_contact_point_reviews_an_open_day_with_the_criteria_made_for_it(browser, open_day):
    action = open_day["action"]
    log_in(browser, open_day["contact_point"].email)
    visit(browser, "/beheer/beoordelingen/")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, TITLE))
    assert_accessible(browser)
    submit(browser)  # start the review
    assert_accessible(browser)

    # The set made for open days is preselected, and says what it is for.
    discovery = CriteriaSet.objects.current().get(key="kennismaken-met-stem-werk")
    selected = browser.find_element(
        By.CSS_SELECTOR, "main select[name='criteria_set'] option:checked"
    )
    assert selected.get_attribute("value") == str(discovery.pk)
    assert "Opendag" in browser.find_element(By.CSS_SELECTOR, "main .made-for").text
    legends = browser.find_elements(By.CSS_SELECTOR, "main fieldset.criterion legend")
    criteria = list(discovery.criteria.all())
    assert [legend.text for legend in legends] == [
        f"{number}. {criterion.name_nl}" for number, criterion in enumerate(criteria, start=1)
    ]

    # One criterion left unanswered: the error and the summary name it, and link to it.
    *answered, forgotten = criteria
    for criterion in answered:
        check(browser, f"result_{criterion.pk}", "met")
    check(browser, "decision", "publish")
    submit(browser, "main form.decision-form button[type=submit]:not([name])")
    summary = browser.find_element(By.CLASS_NAME, "error-summary")
    [link] = summary.find_elements(By.TAG_NAME, "a")
    assert forgotten.name_nl in link.text
    assert link.get_attribute("href").endswith(f"#id_result_{forgotten.pk}")
    error = browser.find_element(By.ID, f"id_result_{forgotten.pk}_error")
    assert forgotten.name_nl in error.text
    assert_accessible(browser)
    action.refresh_from_db()
    assert action.status == ReviewStatus.UNDER_REVIEW

    # What was chosen stayed; answering the last one publishes the open day.
    for criterion in answered:
        radio = browser.find_element(By.ID, f"id_result_{criterion.pk}_0")
        assert radio.is_selected()
    check(browser, f"result_{forgotten.pk}", "met")
    submit(browser, "main form.decision-form button[type=submit]:not([name])")
    action.refresh_from_db()
    assert action.status == ReviewStatus.PUBLISHED
    assert_accessible(browser)

    # A visitor reads what the check means for them; the criteria themselves are folded away.
    browser.delete_all_cookies()
    visit(browser, Action.objects.get(pk=action.pk).get_absolute_url())
    quality = browser.find_element(By.CSS_SELECTOR, "main section.quality")
    promises = quality.find_elements(By.CSS_SELECTOR, ":scope > ul.criteria-met li")
    assert [item.text.replace("\n", " ") for item in promises] == [
        f"✓ {criterion.public_nl}" for criterion in criteria
    ]
    assert criteria[0].name_nl not in quality.text  # the reviewer's words stay folded away
    assert browser.find_element(By.CSS_SELECTOR, "main details.criteria-used summary")
    for item in quality.find_elements(By.CSS_SELECTOR, "details.criteria-used li"):
        assert not item.is_displayed()
    assert_accessible(browser)
