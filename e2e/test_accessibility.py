"""axe-core finds no serious or critical violation on the public pages, in both languages."""

import pytest

from e2e.conftest import assert_accessible
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_have_no_serious_violations(browser, prefix, width):
    # Also on a small screen: the compact header and the folded filters must stay accessible.
    browser.set_window_size(width, 1000)
    CharterVersionFactory()
    signature = ApprovedSignatureFactory()
    action = PublishedActionFactory(organisation=signature.organisation)
    story = PublishedStoryFactory(organisation=signature.organisation)
    story.actions.add(action)
    pages = [
        "/",
        "/charter/",
        "/ondertekenaars/",
        "/ondertekenaars/?category=company",
        signature.organisation.get_absolute_url(),
        signature.organisation.get_absolute_url() + "widget/",  # sharekit: framed by other sites
        "/ondertekenen/",
        "/contact/",
        "/acties/",
        "/acties/?q=robot&audience=onbekend",
        action.get_absolute_url(),
        "/verhalen/",
        story.get_absolute_url(),
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
        "/bestaat-niet/",  # the not-found page
    ]
    for path in pages:
        browser.get(browser.base_url + prefix + path)
        assert "STEM-charter" in browser.title, browser.current_url
        assert browser.find_element("tag name", "h1").text
        assert_accessible(browser)
