"""axe-core finds no serious or critical violation on the public pages, in both languages."""

import pytest

from e2e.conftest import assert_accessible
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_public_pages_have_no_serious_violations(browser, prefix):
    CharterVersionFactory()
    signature = ApprovedSignatureFactory()
    pages = [
        "/",
        "/charter/",
        "/ondertekenaars/",
        signature.organisation.get_absolute_url(),
        "/ondertekenen/",
        "/account/login/",
        "/account/signup/",
        "/account/password/reset/",
    ]
    for path in pages:
        browser.get(browser.base_url + prefix + path)
        assert "STEM-charter" in browser.title, browser.current_url
        assert browser.find_element("tag name", "h1").text
        assert_accessible(browser)
