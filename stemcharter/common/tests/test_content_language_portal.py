"""The portal and the back office mark what people wrote the same way as the public pages: on an
English page, an item's title and texts, an image's description, a reviewer's comment, an
organisation's description and a signer's commitment carry lang="nl" ({% content_lang %}); the
page's own words stay English; organisation names are proper names and are not marked; a Dutch
page adds no mark. A contact message is marked with the language of the page it was sent from."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.audit.services import audit_record
from stemcharter.charter.tests.factories import CommitmentFactory, SignatureFactory
from stemcharter.common.tests.test_content_language import languages_of
from stemcharter.contact.models import ContactMessage
from stemcharter.images.tests.factories import ImageFactory
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TITLE = "Robots bouwen in het labo"
SUMMARY = "Leerlingen bouwen hun eerste robot."
DESCRIPTION = "Wij tonen onze werkplaats."


@pytest.fixture
def draft(signatory_organisation):
    return ActionFactory(
        organisation=signatory_organisation,
        title=TITLE,
        summary=SUMMARY,
        description=DESCRIPTION,
    )


@pytest.fixture
def submitted(signatory_organisation):
    action = ActionFactory(
        organisation=signatory_organisation,
        title=TITLE,
        summary=SUMMARY,
        description=DESCRIPTION,
        status="submitted",
        submitted_at=timezone.now(),
    )
    ImageFactory(owner=action, alt_text="Twee leerlingen aan een werkbank")
    return action


def _page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _portal(name: str, action) -> str:
    kwargs = {"organisation_slug": action.organisation.slug}
    if name != "portal:action-list":
        kwargs["pk"] = action.pk
    return reverse(name, kwargs=kwargs)


def _body(content: str) -> str:
    return content.split("<body", 1)[1]


@pytest.mark.usefixtures("english")
def test_the_portal_marks_an_items_title_and_texts(client, draft):
    member = MembershipFactory(organisation=draft.organisation).user
    listing = _page(client, member, _portal("portal:action-list", draft))
    assert languages_of(listing, TITLE) == {"nl"}
    assert languages_of(listing, "Title") == {"en"}
    detail = _page(client, member, _portal("portal:action-detail", draft))
    for text in (TITLE, SUMMARY, DESCRIPTION):
        assert languages_of(detail, text) == {"nl"}, text
    assert languages_of(detail, "Summary") == {"en"}
    check = _page(client, member, _portal("portal:action-check", draft))
    for text in (TITLE, SUMMARY, DESCRIPTION):
        assert languages_of(check, text) == {"nl"}, text
    assert languages_of(check, "Check your answers") == {"en"}


@pytest.mark.usefixtures("english")
def test_the_review_queue_and_detail_mark_the_item_not_the_organisation(client, submitted):
    coordinator = CoordinatorFactory()
    queue = _page(client, coordinator, reverse("backoffice:review-queue"))
    assert languages_of(queue, TITLE) == {"nl"}
    assert languages_of(queue, submitted.organisation.name) == {"en"}
    detail = _page(
        client,
        coordinator,
        reverse("backoffice:review-detail", kwargs={"type_key": "action", "pk": submitted.pk}),
    )
    # The heading "Review: …" is English around the Dutch title.
    assert f'Review: <span lang="nl">{TITLE}</span>' in detail
    for text in (SUMMARY, DESCRIPTION, "Twee leerlingen aan een werkbank"):
        assert languages_of(detail, text) == {"nl"}, text
    assert 'alt="Twee leerlingen aan een werkbank" lang="nl"' in detail
    assert languages_of(detail, submitted.organisation.name) == {"en"}


@pytest.mark.usefixtures("english")
def test_the_audit_trail_marks_titles_it_quotes(client, submitted):
    coordinator = CoordinatorFactory()
    audit_record(actor=coordinator, code="actions.action.updated", target=submitted)
    audit_record(actor=coordinator, code="reviews.item.deleted", data={"title": "Oude titel"})
    trail = _page(client, coordinator, reverse("backoffice:audit-list"))
    assert languages_of(trail, TITLE) == {"nl"}
    assert languages_of(trail, "Oude titel") == {"nl"}
    assert languages_of(trail, "Action changed") == {"en"}


@pytest.mark.usefixtures("english")
def test_the_back_office_marks_a_signatures_commitment_and_description(
    client, signatory_organisation
):
    signatory_organisation.description = "Wij maken machines."
    signatory_organisation.save()
    signature = SignatureFactory(organisation=signatory_organisation)
    CommitmentFactory(signature=signature, description="We openen onze deuren.")
    coordinator = CoordinatorFactory()
    detail = _page(
        client, coordinator, reverse("backoffice:signature-detail", kwargs={"pk": signature.pk})
    )
    for text in ("We openen onze deuren.", "Wij maken machines.", "Directeur"):
        assert languages_of(detail, text) == {"nl"}, text
    assert languages_of(detail, signatory_organisation.name) == {"en"}
    organisation = _page(
        client,
        coordinator,
        reverse("backoffice:organisation-detail", kwargs={"slug": signatory_organisation.slug}),
    )
    assert languages_of(organisation, "Wij maken machines.") == {"nl"}


@pytest.mark.usefixtures("english")
def test_a_contact_message_says_the_language_of_the_page_it_was_sent_from(client):
    coordinator = CoordinatorFactory()
    dutch, english = (
        ContactMessage.objects.create(
            name="Ann Peeters", email="ann@example.org", topic="other", message=text, language=lang
        )
        for text, lang in (("Waar vind ik het charter?", "nl"), ("Where is the charter?", "en"))
    )
    for message, lang in ((dutch, "nl"), (english, "en")):
        url = reverse("backoffice:contact-message-detail", kwargs={"pk": message.pk})
        assert languages_of(_page(client, coordinator, url), message.message) == {lang}
    listing = _page(client, coordinator, reverse("backoffice:contact-message-list"))
    assert languages_of(listing, "Waar vind ik het charter?") == {"nl"}
    assert languages_of(listing, "Where is the charter?") == {"en"}


def test_the_dutch_portal_and_back_office_add_no_mark(client, submitted):
    member = MembershipFactory(organisation=submitted.organisation).user
    coordinator = CoordinatorFactory()
    with translation.override("nl"):
        pages = [
            (member, _portal("portal:action-list", submitted)),
            (member, _portal("portal:action-detail", submitted)),
            (coordinator, reverse("backoffice:review-queue")),
            (
                coordinator,
                reverse(
                    "backoffice:review-detail", kwargs={"type_key": "action", "pk": submitted.pk}
                ),
            ),
        ]
        for user, url in pages:
            content = _page(client, user, url)
            assert TITLE in content, url
            # Only the language switcher's "NL" says it is Dutch.
            assert _body(content).count('lang="nl"') == 1, url
