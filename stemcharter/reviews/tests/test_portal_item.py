"""The item page in the portal and its transitions (take back, new version, take offline,
delete), and the images step: the same views for actions and stories."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.images.models import Image
from stemcharter.images.tests.factories import ImageFactory, picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import (
    AssessmentData,
    review_decide,
    review_start,
    review_submit,
)
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FACTORIES = {
    "action": (ActionFactory, PublishedActionFactory),
    "story": (StoryFactory, PublishedStoryFactory),
}


@pytest.fixture
def organisation():
    return make_signatory(name="Robotica", slug="robotica")


@pytest.fixture
def member(organisation, client):
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    return user


@pytest.fixture(params=["action", "story"])
def type_key(request):
    return request.param


def url(type_key, name, item=None, organisation=None, **kwargs) -> str:
    organisation = organisation or item.organisation
    if item is not None:
        kwargs["pk"] = item.pk
    return reverse(
        f"portal:{type_key}-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_draft_shows_its_status_what_happens_next_and_its_buttons(
    client, organisation, member, type_key
):
    item = FACTORIES[type_key][0](organisation=organisation)
    page = client.get(url(type_key, "detail", item)).text
    assert '<span class="status status-draft">Draft</span>' in page
    assert "This is a draft: only the members of your organisation see it." in page
    for name in ("check", "images", "delete"):
        assert url(type_key, name, item) in page
    assert url(type_key, "step", item, step="wat") in page
    assert url(type_key, "retract", item) not in page
    assert url(type_key, "revise", item) not in page


def test_changes_requested_shows_the_comments_per_criterion(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation)
    coordinator = CoordinatorFactory()
    criteria_set = CriteriaSet.objects.current().order_by("name_nl").first()
    criteria = list(criteria_set.criteria.all())
    review_submit(item=item, by=member)
    review_start(item=item, by=coordinator)
    review_decide(
        item=item,
        by=coordinator,
        decision="request_changes",
        criteria_set=criteria_set,
        assessments=[
            AssessmentData(criteria[0].pk, "not_met", "Meer uitleg over de methode."),
            *[AssessmentData(c.pk, "met") for c in criteria[1:]],
        ],
        comment="Bijna goed.",
    )
    page = client.get(url(type_key, "detail", item)).text
    assert "Changes requested" in page
    assert "What the reviewer asks" in page
    assert "Bijna goed." in page
    assert "Meer uitleg over de methode." in page
    assert criteria[0].name in page
    assert "status-verdict-not_met" in page
    assert url(type_key, "check", item) in page  # editable again


def test_take_back_from_review(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation)
    review_submit(item=item, by=member)
    page = client.get(url(type_key, "detail", item)).text
    assert "It waits for a reviewer" in page
    assert url(type_key, "check", item) not in page
    response = client.post(url(type_key, "retract", item))
    item.refresh_from_db()
    assert item.status == ReviewStatus.DRAFT
    assert any("back from review" in m for m in messages_of(response))
    review_submit(item=item, by=member)
    review_start(item=item, by=CoordinatorFactory())
    response = client.post(url(type_key, "retract", item))
    assert any("already started" in m for m in messages_of(response))
    # Nothing can be changed while it is under review.
    response = client.get(url(type_key, "step", item, step="wat"))
    assert response.url == url(type_key, "detail", item)


def test_a_published_item_offers_a_new_version_the_public_page_and_taking_offline(
    client, organisation, member, type_key
):
    item = FACTORIES[type_key][1](organisation=organisation)
    page = client.get(url(type_key, "detail", item)).text
    assert item.get_absolute_url() in page
    assert url(type_key, "revise", item) in page
    assert url(type_key, "delete", item) not in page
    assert url(type_key, "check", item) not in page

    client.post(url(type_key, "revise", item))
    copy = type(item).objects.get(revision_of=item)
    client.post(url(type_key, "revise", item))  # again: the same working copy
    assert type(item).objects.filter(revision_of=item).count() == 1
    page = client.get(url(type_key, "detail", item)).text
    assert url(type_key, "detail", copy) in page
    page = client.get(url(type_key, "detail", copy)).text
    assert "This is a new version of a published item." in page
    assert "Discard this new version" in page

    confirm = client.get(url(type_key, "withdraw", item))
    assert "Take “" in confirm.text
    assert "offline?" in confirm.text
    client.post(url(type_key, "withdraw", item), {"reason": "Volzet"})
    item.refresh_from_db()
    assert item.status == ReviewStatus.WITHDRAWN
    entry = AuditEntry.objects.get(code="reviews.item.withdrawn")
    assert entry.data["reason"] == "Volzet"


def test_delete_asks_for_confirmation_first(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation, title="Weg ermee")
    page = client.get(url(type_key, "delete", item)).text
    assert 'Delete “<span lang="nl">Weg ermee</span>”?' in page
    assert type(item).objects.filter(pk=item.pk).exists()
    response = client.post(url(type_key, "delete", item))
    assert response.url == url(type_key, "list", organisation=organisation)
    assert not type(item).objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(code="reviews.item.deleted").exists()


def test_a_published_or_submitted_item_cannot_be_deleted(client, organisation, member, type_key):
    item = FACTORIES[type_key][1](organisation=organisation)
    assert client.get(url(type_key, "delete", item)).url == url(type_key, "detail", item)
    response = client.post(url(type_key, "delete", item))
    assert any("Take it offline first" in m for m in messages_of(response))
    assert type(item).objects.filter(pk=item.pk).exists()


def test_a_confirmation_page_that_cannot_be_used_says_why(client, organisation, member, type_key):
    """GET on the delete (or take offline) page of an item it cannot be done to goes to the
    item's page with the reason, never silently."""
    published = FACTORIES[type_key][1](organisation=organisation)
    response = client.get(url(type_key, "delete", published))
    assert response.url == url(type_key, "detail", published)
    assert messages_of(response) == ["A published item cannot be deleted. Take it offline first."]
    draft = FACTORIES[type_key][0](organisation=organisation)
    response = client.get(url(type_key, "withdraw", draft))
    assert response.url == url(type_key, "detail", draft)
    assert messages_of(response)[-1] == "Only a published item can be taken offline."


def test_the_list_shows_status_words_kinds_and_partner_items(client, organisation, member):
    ActionFactory(organisation=organisation, title="Eigen kladversie")
    PublishedActionFactory(organisation=organisation, title="Eigen online")
    organiser = make_signatory(name="Organisator", slug="org")
    joint = PublishedActionFactory(organisation=organiser, title="Samen")
    joint.partners.add(organisation)
    # The organiser's drafts stay with the organiser, also when they name us as a partner.
    ActionFactory(organisation=organiser, title="Nog geheim").partners.add(organisation)
    ActionFactory(title="Van een ander")
    page = client.get(url("action", "list", organisation=organisation)).text
    assert "3 items" in page
    assert "Eigen kladversie" in page
    assert "Eigen online" in page
    assert "Samen" in page
    assert "Van een ander" not in page
    assert "Nog geheim" not in page
    assert '<span class="status status-published">Published</span>' in page
    assert 'Organisator <span class="marker">(read only)</span>' in page
    assert "New action" in page


def test_list_pages_do_not_grow_in_queries(
    client, organisation, member, django_assert_max_num_queries
):
    for _ in range(3):
        ActionFactory(organisation=organisation)
    with django_assert_max_num_queries(20) as few:
        client.get(url("action", "list", organisation=organisation))
    for _ in range(20):
        PublishedActionFactory(organisation=organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("action", "list", organisation=organisation))


# ---- The images step -------------------------------------------------------------------


def test_images_list_thumbnails_with_sizes_and_lazy_loading(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation)
    ImageFactory(owner=item, by=member, alt_text="Leerlingen bouwen een brug.")
    page = client.get(url(type_key, "images", item)).text
    assert 'alt="Leerlingen bouwen een brug."' in page
    assert 'width="640" height="400" loading="lazy"' in page
    assert "Add an image" in page


def test_an_upload_error_keeps_the_texts_and_the_file(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation)
    response = client.post(
        url(type_key, "images", item),
        {
            "file": picture_upload(name="werkvloer.jpg"),
            "alt_text": "Kinderen op de werkvloer.",
            "caption": "Foto: de school",
            "minors_recognisable": "yes",
        },
    )
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    assert "We kept the image werkvloer.jpg: you do not need to choose it again." in response.text
    assert "Choose the image file again" not in response.text
    assert "Kinderen op de werkvloer." in response.text
    assert 'value="Foto: de school"' in response.text
    assert "written consent of their parents or guardians" in response.text
    assert not Image.objects.exists()

    # Fixing the other field, without choosing the file again, adds the kept image.
    response = client.post(
        url(type_key, "images", item),
        {
            "alt_text": "Kinderen op de werkvloer.",
            "caption": "Foto: de school",
            "minors_recognisable": "yes",
            "consent_confirmed": "on",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.alt_text == "Kinderen op de werkvloer."
    assert (image.detail_width, image.detail_height) == (320, 200)
    assert "We kept the image" not in client.get(url(type_key, "images", item)).text


def test_change_order_and_remove_images(client, organisation, member, type_key):
    item = FACTORIES[type_key][0](organisation=organisation)
    first = ImageFactory(owner=item, by=member, alt_text="Eerste beeld")
    second = ImageFactory(owner=item, by=member, alt_text="Tweede beeld")

    client.post(url(type_key, "image-move", item, image_pk=second.pk), {"direction": "up"})
    assert [i.alt_text for i in item.images.all()] == ["Tweede beeld", "Eerste beeld"]

    response = client.post(
        url(type_key, "image-edit", item, image_pk=first.pk),
        {"alt_text": "", "minors_recognisable": "no"},
    )
    assert "Describe what the image shows" in response.text
    client.post(
        url(type_key, "image-edit", item, image_pk=first.pk),
        {"alt_text": "Een leerling meet.", "minors_recognisable": "yes", "consent_confirmed": "on"},
    )
    first.refresh_from_db()
    assert first.alt_text == "Een leerling meet."
    assert first.consent_confirmed_by == member

    assert (
        "Remove the image?"
        in client.get(url(type_key, "image-remove", item, image_pk=first.pk)).text
    )
    assert item.images.count() == 2
    client.post(url(type_key, "image-remove", item, image_pk=first.pk))
    assert list(item.images.all()) == [second]


def test_at_most_six_images_then_the_form_is_gone(client, organisation, member):
    item = ActionFactory(organisation=organisation)
    for number in range(6):
        ImageFactory(
            owner=item, by=member, file=picture_upload(size=(40, 25)), alt_text=f"Beeld {number}"
        )
    page = client.get(url("action", "images", item)).text
    assert "Add an image" not in page
    assert "the most there can be" in page
    response = client.post(
        url("action", "images", item),
        {"file": picture_upload(), "alt_text": "Nog een.", "minors_recognisable": "no"},
    )
    assert "at most 6 images" in response.text
    assert item.images.count() == 6


def test_an_image_of_another_item_is_a_404(client, organisation, member):
    item = ActionFactory(organisation=organisation)
    foreign = ImageFactory(owner=ActionFactory(), by=member)
    assert client.get(url("action", "image-edit", item, image_pk=foreign.pk)).status_code == 404
    assert client.post(url("action", "image-remove", item, image_pk=foreign.pk)).status_code == 404
    assert Image.objects.filter(pk=foreign.pk).exists()


def test_images_cannot_change_while_in_review(client, organisation, member):
    item = ActionFactory(organisation=organisation)
    image = ImageFactory(owner=item, by=member)
    review_submit(item=item, by=member)
    for response in (
        client.get(url("action", "images", item)),
        client.post(url("action", "image-remove", item, image_pk=image.pk)),
    ):
        assert response.url == url("action", "detail", item)
    assert Image.objects.filter(pk=image.pk).exists()


def test_portal_links_in_the_navigation_and_home(client, organisation, member):
    page = client.get(reverse("portal:home")).text
    assert url("action", "list", organisation=organisation) in page
    assert url("story", "list", organisation=organisation) in page
    page = client.get(url("story", "list", organisation=organisation)).text
    assert "Stories of Robotica" in page
    assert Story.objects.count() == 0
    assert Action.objects.count() == 0


def test_control_characters_in_the_reason_to_take_offline_are_cleaned(
    client, organisation, member, type_key
):
    """The reason is text like any other (common.text.clean_text): a vertical tab or a NUL
    byte must not reach the audit trail's JSON (PostgreSQL's jsonb refuses \\u0000) or an
    email."""
    item = FACTORIES[type_key][1](organisation=organisation)
    reason = "Volzet\x0bgeannuleerd\x00\ufffe\x85\x9f"
    response = client.post(url(type_key, "withdraw", item), {"reason": reason})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ReviewStatus.WITHDRAWN
    entry = AuditEntry.objects.get(code="reviews.item.withdrawn")
    assert entry.data["reason"] == "Volzet\ngeannuleerd"


def test_a_too_long_reason_to_take_offline_is_refused_with_a_message(
    client, organisation, member, type_key
):
    item = FACTORIES[type_key][1](organisation=organisation)
    response = client.post(url(type_key, "withdraw", item), {"reason": "x" * 1001})
    assert response.status_code == 200
    assert "at most 1000 characters" in response.text
    assert "x" * 1001 in response.text  # what was typed is kept
    item.refresh_from_db()
    assert item.status == ReviewStatus.PUBLISHED
