"""A signatory's badge and widget work on another site, and nothing else of the platform can be
framed there (issue 14): a page of another origin (another port) shows the badge in an <img>,
the widget in an <iframe>, and tries to frame the signatory's page, which Chromium refuses."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from selenium.webdriver import Chrome
from selenium.webdriver.common.by import By

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import CharterVersionFactory
from stemcharter.organisations.tests.signatories import make_signatory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def other_site(tmp_path):
    """A static web server on another port of 127.0.0.1: another origin than the platform."""
    handler = partial(QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_badge_and_widget_embed_on_another_site_but_the_signatory_page_does_not(
    browser, other_site
):
    CharterVersionFactory()
    organisation = make_signatory(name="Fablab Oost")
    PublishedActionFactory(organisation=organisation, title="Robots bouwen")
    folder, origin = other_site
    page = browser.base_url + organisation.get_absolute_url()
    assert not page.startswith(origin)
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Another site</title></head><body>"
        f"<img id='badge' src='{page}badge.svg?taal=en' alt='badge' width='360' height='84'>"
        f"<iframe id='widget' src='{page}widget/?taal=en' title='widget'></iframe>"
        f"<iframe id='page' src='{page}' title='page'></iframe>"
        "</body></html>"
    )
    # Not browser.get: it fails on any refusal the console reports, and one is expected here.
    Chrome.get(browser, origin + "/index.html")

    badge = browser.find_element(By.ID, "badge")
    assert (
        browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", badge)
        == 360
    )

    browser.switch_to.frame(browser.find_element(By.ID, "widget"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Actions of Fablab Oost"
    assert "Robots bouwen" in browser.find_element(By.TAG_NAME, "main").text
    browser.switch_to.default_content()

    refusals = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "frame-ancestors" in entry.get("message", "")
    ]
    # One refusal: the signatory's page (Chromium names only its origin), not the widget.
    assert len(refusals) == 1, refusals
    assert browser.base_url in refusals[0], refusals
    browser.switch_to.frame(browser.find_element(By.ID, "page"))
    assert "Fablab Oost" not in browser.find_element(By.TAG_NAME, "body").text
    browser.switch_to.default_content()
