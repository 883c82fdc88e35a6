"""A signatory's editor writes an open day with a date and an image and sends it for review,
in a real browser (Dutch interface), with axe-core on every page. Nothing typed is lost on
the way: a date typed while the timing stays "on request" (the default) is refused with a
message that names both fields, and an image chosen before pressing "Ga verder" (continue)
instead of "Voeg de afbeelding toe" (add the image) is added. The check page shows both.
"""

import datetime
import io

import pytest
from django.utils import translation
from django.utils.formats import date_format
from PIL import Image
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from e2e.test_action_review_journey import check, log_in, submit
from e2e.test_signing_journey import click_and_wait, fill, visit
from stemcharter.actions.models import Action
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus
from stemcharter.vocabulary.models import ActionType, Audience

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Fictieve opendeurdag in ons robotlabo"
ALT_TEXT = "Leerlingen bekijken een robotarm die een blokje optilt."


def set_date(browser, name: str, day: datetime.date) -> None:
    field = browser.find_element(By.CSS_SELECTOR, f"main input[name='{name}']")
    browser.execute_script("arguments[0].value = arguments[1];", field, day.isoformat())


def test_an_editor_sends_an_open_day_with_a_date_and_an_image(browser, tmp_path):
    CharterVersionFactory()
    subregion = Subregion.objects.get(slug="gent")
    organisation = ApprovedSignatureFactory(
        organisation__subregions=[subregion], organisation__website="https://labo.example"
    ).organisation
    editor = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.EDITOR,
        user__email="redacteur@example.org",
        user__language="nl",
    ).user
    open_day = ActionType.objects.get(slug="opendag")
    day = datetime.date.today() + datetime.timedelta(days=45)

    log_in(browser, editor.email)
    visit(browser, f"/portal/organisaties/{organisation.slug}/acties/nieuw/")
    assert_accessible(browser)
    check(browser, "action_type", str(open_day.pk))
    fill(browser, "title", TITLE)
    fill(browser, "summary", "Kom kijken hoe leerlingen robots bouwen en programmeren.")
    fill(browser, "description", "Een rondleiding door het labo.\n\n- Robots\n- 3D-printers")
    submit(browser)
    action = Action.objects.get(title=TITLE)

    assert_accessible(browser)
    check(browser, "audiences", str(Audience.objects.get(slug="secundair-aso").pk))
    check(browser, "subregions", str(subregion.pk))
    submit(browser)

    # When: the timing stays on "Op aanvraag" (the default), a date is typed.
    assert "/wanneer-en-hoe/" in browser.current_url
    assert_accessible(browser)
    on_request = browser.find_element(
        By.CSS_SELECTOR, "main input[name='timing'][value='on_request']"
    )
    assert on_request.is_selected()
    set_date(browser, "start_date", day)
    check(browser, "participation", "organiser")
    submit(browser)
    summary = browser.find_element(By.CLASS_NAME, "error-summary").text
    # The message names both fields and the answers (its sentence is translated by the
    # merger: the labels and answers already are).
    for words in ("“Datum of eerste dag”", "“Wanneer vindt het plaats?”", "“Op aanvraag”"):
        assert words in summary
    assert "“Op één dag”" in summary
    assert_accessible(browser)
    # The typed date is still there; choosing "Op één dag" as the message says keeps it.
    typed = browser.find_element(By.CSS_SELECTOR, "main input[name='start_date']")
    assert typed.get_attribute("value") == day.isoformat()
    check(browser, "timing", "date")
    submit(browser)
    action.refresh_from_db()
    assert (action.timing, action.start_date) == (Action.Timing.DATE, day)

    # The image: chosen and described, then "Ga verder" instead of "Voeg de afbeelding toe".
    assert "/afbeeldingen/" in browser.current_url
    assert_accessible(browser)
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "#1565c0").save(buffer, format="JPEG")
    picture = tmp_path / "labo.jpg"
    picture.write_bytes(buffer.getvalue())
    browser.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(picture))
    fill(browser, "alt_text", ALT_TEXT)
    check(browser, "minors_recognisable", "no")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main button[name='continue']"))

    # Check your answers: the date in words and the image.
    assert "/controleren/" in browser.current_url
    assert_accessible(browser)
    main = browser.find_element(By.TAG_NAME, "main")
    with translation.override("nl"):
        assert date_format(day, "j F Y") in main.text
    images = main.find_elements(By.CSS_SELECTOR, "img")
    assert [image.get_attribute("alt") for image in images] == [ALT_TEXT]
    submit(browser)
    action.refresh_from_db()
    assert action.status == ReviewStatus.SUBMITTED
    assert action.images.count() == 1
    assert_accessible(browser)
