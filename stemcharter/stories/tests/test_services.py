"""stories.services: creating and changing stories."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import revision_start
from stemcharter.stories import services
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def organisation():
    return make_signatory(name="Robotica", slug="robotica")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


def what(**overrides) -> dict:
    return {
        "kind": Story.Kind.YOUTH,
        "title": "Hoe Lisa haar stage vond",
        "summary": "Lisa koos voor techniek.",
        "body": "Het verhaal.",
        **overrides,
    }


def test_create_makes_a_draft_with_a_unique_slug_and_an_audit_entry(organisation, member):
    first = services.story_create(organisation=organisation, by=member, data=what())
    second = services.story_create(organisation=organisation, by=member, data=what())
    assert (first.slug, second.slug) == ("hoe-lisa-haar-stage-vond", "hoe-lisa-haar-stage-vond-2")
    assert first.status == ReviewStatus.DRAFT
    assert AuditEntry.objects.filter(code="stories.story.created").count() == 2


def test_only_an_approved_signatory_writes_stories(member):
    with pytest.raises(ValidationError) as excinfo:
        services.story_create(organisation=OrganisationFactory(), by=member, data=what())
    assert excinfo.value.code == "not_signatory"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "poem"}, "kind", "Choose the kind of story."),
        ({"title": "x" * 151}, "title", "at most 150 characters (it has 151)"),
        ({"body": "x" * 20_001}, "body", "at most 20000 characters"),
        ({"body": ""}, "body", "Write the story."),
    ],
)
def test_create_refuses_bad_values(organisation, member, data, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.story_create(organisation=organisation, by=member, data=what(**data))
    assert any(message in text for text in excinfo.value.message_dict[field])


def test_links_to_signatories_and_published_actions_only(organisation, member):
    school = make_signatory(name="School", slug="school")
    published = PublishedActionFactory()
    story = services.story_create(
        organisation=organisation,
        by=member,
        data=what(organisations=[school], actions=[published], subregions=[SubregionFactory()]),
    )
    assert list(story.organisations.all()) == [school]
    for data, field in [
        ({"organisations": [organisation]}, "organisations"),
        ({"organisations": [OrganisationFactory()]}, "organisations"),
        ({"actions": [ActionFactory()]}, "actions"),
    ]:
        with pytest.raises(ValidationError) as excinfo:
            services.story_update(story=story, by=member, data=data)
        assert field in excinfo.value.message_dict


def test_a_link_that_is_no_longer_valid_does_not_block_other_changes(organisation, member):
    action = PublishedActionFactory()
    story = StoryFactory(organisation=organisation)
    story.actions.add(action)
    action.status = ReviewStatus.WITHDRAWN
    action.save()
    services.story_update(story=story, by=member, data={"actions": [action], "title": "Nieuw"})
    story.refresh_from_db()
    assert story.title == "Nieuw"


def test_update_only_while_editable_and_keeps_the_address_of_a_published_story(
    organisation, member
):
    story = PublishedStoryFactory(organisation=organisation, slug="vast")
    with pytest.raises(ValidationError) as excinfo:
        services.story_update(story=story, by=member, data={"title": "Anders"})
    assert excinfo.value.code == "not_editable"
    copy = revision_start(item=story, by=member)
    services.story_update(story=copy, by=member, data={"title": "Anders"})
    copy.refresh_from_db()
    assert (copy.title, copy.slug) == ("Anders", "vast")
    entry = AuditEntry.objects.get(code="stories.story.updated")
    assert (entry.target_id, entry.data["fields"]) == (str(story.pk), ["title"])
