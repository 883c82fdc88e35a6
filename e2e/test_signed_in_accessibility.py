"""axe-core on the portal and back-office pages, including their error states, in both languages."""

import pytest
from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By

from e2e.conftest import assert_accessible
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    CommitmentFactory,
    SignatureFactory,
)
from stemcharter.contact.models import ContactMessage
from stemcharter.contact.services import contact_message_handle
from stemcharter.organisations.models import Membership
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.services import review_start, review_submit, revision_start
from stemcharter.stories.tests.factories import StoryFactory

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


def check(browser, prefix: str, path: str) -> None:
    browser.get(browser.base_url + prefix + path)
    assert "STEM-charter" in browser.title, browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert_accessible(browser)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_backoffice_pages(browser, prefix):
    CharterVersionFactory()
    waiting = SignatureFactory()
    CommitmentFactory(signature=waiting)
    approved = ApprovedSignatureFactory()
    Subregion.objects.get(slug="leuven").contact_points.add(UserFactory())
    action = ActionFactory(organisation=approved.organisation)
    review_submit(item=action, by=None)
    published = PublishedActionFactory(organisation=approved.organisation)
    revision = revision_start(item=published, by=None)
    review_submit(item=revision, by=None)
    coordinator = CoordinatorFactory()
    review_start(item=revision, by=coordinator)
    message = ContactMessage.objects.create(
        name="Ann Peeters", email="ann@example.org", topic="other", message="Hallo", language="nl"
    )
    handled = ContactMessage.objects.create(
        name="Bert", email="bert@example.org", topic="account", message="Dag", language="en"
    )
    contact_message_handle(contact_message=handled, by=coordinator)
    log_in(browser, coordinator)
    for path in [
        "/beheer/",
        "/beheer/ondertekeningen/",
        f"/beheer/ondertekeningen/{waiting.pk}/",
        f"/beheer/ondertekeningen/{approved.pk}/",
        "/beheer/organisaties/",
        f"/beheer/organisaties/{waiting.organisation.slug}/",
        "/beheer/charter/",
        "/beheer/charter/1/",
        "/beheer/charter/nieuw/",
        "/beheer/regio-s/",
        "/beheer/regio-s/leuven/",
        "/beheer/audit/",
        "/beheer/beoordelingen/",
        "/beheer/beoordelingen/?view=decided",
        f"/beheer/beoordelingen/action/{action.pk}/",
        f"/beheer/beoordelingen/action/{revision.pk}/",
        "/beheer/criteria/",
        "/beheer/criteria/stem-kader/",
        "/beheer/criteria/stem-kader/bewerken/",
        "/beheer/contact/",
        "/beheer/contact/?status=handled",
        f"/beheer/contact/{message.pk}/",
        f"/beheer/contact/{handled.pk}/",
    ]:
        check(browser, prefix, path)
    # An error state: rejecting without a reason.
    check(browser, prefix, f"/beheer/ondertekeningen/{waiting.pk}/")
    browser.find_element(By.CSS_SELECTOR, "form[action$='afwijzen/'] button[type=submit]").click()
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert_accessible(browser)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_portal_pages(browser, prefix):
    CharterVersionFactory()
    signature = ApprovedSignatureFactory()
    admin = MembershipFactory(organisation=signature.organisation).user
    MembershipFactory(organisation=signature.organisation, role=Membership.Role.EDITOR)
    log_in(browser, admin)
    slug = signature.organisation.slug
    action = ActionFactory(organisation=signature.organisation)
    story = StoryFactory(organisation=signature.organisation)
    joint = PublishedActionFactory(organisation=ApprovedSignatureFactory().organisation)
    joint.partners.add(signature.organisation)
    for path in [
        "/portal/",
        f"/portal/organisaties/{slug}/",
        f"/portal/organisaties/{slug}/leden/",
        f"/portal/organisaties/{slug}/ondertekening/intrekken/",
        "/portal/account/voorkeuren/",
        "/account/email/",
        "/account/password/change/",
        "/account/2fa/",
        f"/portal/organisaties/{slug}/acties/",
        f"/portal/organisaties/{slug}/acties/nieuw/",
        f"/portal/organisaties/{slug}/acties/{action.pk}/",
        f"/portal/organisaties/{slug}/acties/{action.pk}/stap/voor-wie-en-waar/",
        f"/portal/organisaties/{slug}/acties/{action.pk}/stap/wanneer-en-hoe/",
        f"/portal/organisaties/{slug}/acties/{action.pk}/afbeeldingen/",
        f"/portal/organisaties/{slug}/acties/{action.pk}/controleren/",
        f"/portal/organisaties/{slug}/verhalen/",
        f"/portal/organisaties/{slug}/verhalen/{story.pk}/",
        f"/portal/organisaties/{slug}/verhalen/{story.pk}/stap/links/",
        f"/portal/organisaties/{slug}/acties/{joint.pk}/",
        f"/portal/organisaties/{slug}/acties/{joint.pk}/niet-meer-partner/",
        f"/portal/organisaties/{slug}/deelkit/",  # sharekit
    ]:
        check(browser, prefix, path)
    # An error state: an invalid enterprise number on the profile.
    check(browser, prefix, f"/portal/organisaties/{slug}/")
    field = browser.find_element(By.CSS_SELECTOR, "main [name='enterprise_number']")
    field.clear()
    field.send_keys("1234")
    browser.find_element(By.CSS_SELECTOR, "main form[enctype] button[type=submit]").click()
    assert browser.find_element(By.CLASS_NAME, "error-summary")
    assert_accessible(browser)
