"""An action from draft to the public catalogue, in a real browser, with axe-core on every page.

A signatory member drafts and submits an action with an image → the subregion's contact point
asks for changes on one criterion → the member fixes it and sends it again → the contact
point publishes it → it appears on /acties/ filtered by that subregion and on the
organisation's page.
"""

import datetime
import io

import pytest
from django.core import mail
from PIL import Image
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_signing_journey import click_and_wait, fill, visit
from stemcharter.accounts.tests.factories import PASSWORD, UserFactory
from stemcharter.actions.models import Action
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fictieve robotdag voor de eerste graad"
CHANGE_REQUEST = "Vermeld tot welk uur de robotdag duurt."
SCRIPT = "<script>document.title = 'gehackt'</script>"


@pytest.fixture
def people():
    CharterVersionFactory()
    subregion = Subregion.objects.get(slug="gent")
    signature = ApprovedSignatureFactory(
        organisation__subregions=[subregion], organisation__website="https://robotdag.example"
    )
    member = MembershipFactory(
        organisation=signature.organisation, user__email="lid@example.org", user__language="nl"
    ).user
    contact_point = UserFactory(email="contactpunt@example.org", language="nl")
    subregion.contact_points.add(contact_point)
    return {
        "organisation": signature.organisation,
        "subregion": subregion,
        "member": member,
        "contact_point": contact_point,
    }


def log_in(browser, email: str) -> None:
    browser.delete_all_cookies()
    visit(browser, "/account/login/")
    fill(browser, "login", email)
    fill(browser, "password", PASSWORD)
    submit(browser)


def submit(browser, css: str = "main form button[type=submit]:not([name])") -> None:
    """Click the main (unnamed) submit button of the page's form and wait for the next page."""
    buttons = [b for b in browser.find_elements(By.CSS_SELECTOR, css) if b.is_displayed()]
    assert buttons, f"no submit button {css!r} on {browser.current_url}"
    click_and_wait(browser, buttons[0])


def check(browser, name: str, value: str) -> None:
    element = browser.find_element(By.CSS_SELECTOR, f"main input[name='{name}'][value='{value}']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    if not element.is_selected():
        element.click()


def picture_file(tmp_path) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "#2e7d32").save(buffer, format="JPEG")
    path = tmp_path / "robot.jpg"
    path.write_bytes(buffer.getvalue())
    return str(path)


def draft_and_submit(browser, people, tmp_path) -> Action:
    organisation = people["organisation"]
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/")
    assert_accessible(browser)
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/nieuw/")
    assert_accessible(browser)

    # Step 1: what. First with a script in the description: it is kept as text, never run.
    check(browser, "action_type", str(Action._meta.get_field("action_type").related_model
                                      .objects.get(slug="opendag").pk))  # fmt: skip
    fill(browser, "title", TITLE)
    fill(browser, "summary", "Leerlingen programmeren een robot die door een doolhof rijdt.")
    fill(browser, "description", f"Een dag vol robots.\n\n{SCRIPT}")
    submit(browser)
    action = Action.objects.get(title=TITLE)
    assert action.status == ReviewStatus.DRAFT

    # Step 2: for whom and where.
    assert_accessible(browser)
    check(browser, "audiences", str(action.audiences.model.objects.get(slug="secundair-aso").pk))
    check(browser, "subregions", str(people["subregion"].pk))
    fill(browser, "location", "Schoolstraat 1, Gent")
    submit(browser)

    # Step 3: when and how, first with the end before the start: the error summary says so.
    assert_accessible(browser)
    check(browser, "timing", "period")
    start = datetime.date.today() + datetime.timedelta(days=40)
    for name, day in (("start_date", start), ("end_date", start - datetime.timedelta(days=2))):
        field = browser.find_element(By.CSS_SELECTOR, f"main input[name='{name}']")
        browser.execute_script("arguments[0].value = arguments[1];", field, day.isoformat())
    check(browser, "participation", "organiser")
    submit(browser)
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert browser.title.startswith("Fout:")
    assert_accessible(browser)
    field = browser.find_element(By.CSS_SELECTOR, "main input[name='end_date']")
    end = start + datetime.timedelta(days=1)
    browser.execute_script("arguments[0].value = arguments[1];", field, end.isoformat())
    submit(browser)

    # Step 4: an image, with alt text and the statement about minors.
    assert "/afbeeldingen/" in browser.current_url
    assert_accessible(browser)
    browser.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(picture_file(tmp_path))
    fill(browser, "alt_text", "Een groene robot rijdt door een doolhof van karton.")
    check(browser, "minors_recognisable", "no")
    submit(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "main img[width][height]")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main button[name='continue']"))

    # Step 5: check the answers and send.
    assert "/controleren/" in browser.current_url
    assert_accessible(browser)
    assert TITLE in browser.find_element(By.TAG_NAME, "main").text
    submit(browser)
    action.refresh_from_db()
    assert action.status == ReviewStatus.SUBMITTED
    assert_accessible(browser)
    return action


def review(browser, action: Action, *, ask_for_changes: bool) -> None:
    visit(browser, "/beheer/beoordelingen/")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, action.title))
    assert_accessible(browser)
    submit(browser)  # start the review
    assert_accessible(browser)
    results = browser.find_elements(By.CSS_SELECTOR, "main input[type=radio][name^='result_']")
    names = sorted({element.get_attribute("name") for element in results})
    for index, name in enumerate(names):
        value = "not_met" if ask_for_changes and index == 0 else "met"
        check(browser, name, value)
    if ask_for_changes:
        criterion_id = names[0].removeprefix("result_")
        fill(browser, f"comment_{criterion_id}", CHANGE_REQUEST)
        check(browser, "decision", "request_changes")
    else:
        check(browser, "decision", "publish")
    submit(browser, "main form.decision-form button[type=submit]:not([name])")


def test_an_action_from_draft_to_the_catalogue(browser, people, tmp_path):
    member, contact_point = people["member"], people["contact_point"]
    organisation, subregion = people["organisation"], people["subregion"]

    log_in(browser, member.email)
    action = draft_and_submit(browser, people, tmp_path)
    assert any(contact_point.email in message.to for message in mail.outbox)

    log_in(browser, contact_point.email)
    review(browser, action, ask_for_changes=True)
    action.refresh_from_db()
    assert action.status == ReviewStatus.CHANGES_REQUESTED

    # The member sees the comment on the criterion, fixes the description and sends it again.
    log_in(browser, member.email)
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/{action.pk}/")
    assert CHANGE_REQUEST in browser.find_element(By.TAG_NAME, "main").text
    assert_accessible(browser)
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/{action.pk}/stap/wat/")
    fill(browser, "description", f"Een dag vol robots, van 9 tot 16 uur.\n\n{SCRIPT}")
    submit(browser, "main form button[type=submit][name='save_and_close']")
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/{action.pk}/controleren/")
    submit(browser)
    action.refresh_from_db()
    assert action.status == ReviewStatus.SUBMITTED

    log_in(browser, contact_point.email)
    review(browser, action, ask_for_changes=False)
    action.refresh_from_db()
    assert action.status == ReviewStatus.PUBLISHED

    # In public: the catalogue filtered by the subregion, the action's page, the organisation.
    browser.delete_all_cookies()
    visit(browser, f"/acties/?subregion={subregion.slug}")
    assert_accessible(browser)
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, TITLE))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "van 9 tot 16 uur" in main
    assert not browser.find_elements(By.CSS_SELECTOR, "main script:not([type])")
    assert "gehackt" not in browser.title
    assert_accessible(browser)
    visit(browser, organisation.get_absolute_url())
    assert browser.find_element(By.LINK_TEXT, TITLE)
    assert_accessible(browser)
