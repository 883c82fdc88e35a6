"""Pledge next to proof in Chromium: a member sees its commitments' gaps in the portal, an
anonymous visitor sees what was delivered on the public page without them; axe-core finds
nothing serious on either, under the Content-Security-Policy (the browser fixture fails on a
violation)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CommitmentFactory
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(browser, user) -> None:
    """Reuse a session made by Django's test client (the login form has its own journey test)."""
    client = Client()
    client.force_login(user)
    browser.get(browser.base_url + "/")
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "path": "/",
        }
    )


def make_signatory():
    """Signed on 15 January last year; commitment 1 delivered last year, commitment 2 never."""
    year = timezone.localdate().year - 1
    moment = timezone.make_aware(datetime.datetime(year, 2, 1, 12))
    t1, t2 = ActionType.objects.order_by("position")[:2]
    organisation = OrganisationFactory(name="Labo Bewijs")
    signature = ApprovedSignatureFactory(
        organisation=organisation,
        decided_at=timezone.make_aware(datetime.datetime(year, 1, 15, 12)),
    )
    CommitmentFactory(signature=signature, description="Wij bieden stages aan.").action_types.set(
        [t1]
    )
    CommitmentFactory(signature=signature, description="Wij geven gastlessen.").action_types.set(
        [t2]
    )
    PublishedActionFactory(
        organisation=organisation,
        action_type=t1,
        places=12,
        published_at=moment,
        first_published_at=moment,
    )
    member = UserFactory()
    MembershipFactory(organisation=organisation, user=member)
    return organisation, member


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_member_sees_gaps_and_the_public_only_what_was_delivered(browser, prefix):
    organisation, member = make_signatory()

    # The visitor first: the page kept for anonymous visitors.
    browser.get(f"{browser.base_url}{prefix}/ondertekenaars/{organisation.slug}/")
    section = browser.find_element(By.CSS_SELECTOR, "section.proof")
    assert section.find_elements(By.CSS_SELECTOR, "table.proof-table")
    assert not section.find_elements(By.CSS_SELECTOR, ".proof-gap, #proof-gaps")
    assert_accessible(browser)

    # The member in the portal: three gaps (commitment 1 this year, commitment 2 both years),
    # each with the way to add an action.
    log_in(browser, member)
    browser.get(f"{browser.base_url}{prefix}/portal/organisaties/{organisation.slug}/toezeggingen/")
    assert browser.find_element(By.TAG_NAME, "h1").text
    gaps = browser.find_elements(By.CSS_SELECTOR, "tr.proof-gap")
    assert len(gaps) == 3
    for gap in gaps:
        assert gap.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("/acties/nieuw/")
    assert_accessible(browser)

    # Logged in, the public page shows the member its own gaps too.
    browser.get(f"{browser.base_url}{prefix}/ondertekenaars/{organisation.slug}/")
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.proof-gap")) == 3
    assert_accessible(browser)
