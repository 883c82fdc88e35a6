"""A member writes a story in steps (what, links, images), checks it and sends it."""

import pytest
from django.urls import reverse

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.images.tests.factories import picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.stories.models import Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation():
    return make_signatory(name="Robotica Waasland", slug="robotica-waasland")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


def url(name: str, organisation, **kwargs) -> str:
    return reverse(
        f"portal:story-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def test_the_whole_journey_from_draft_to_submitted(client, organisation, member):
    school = make_signatory(name="Technische School", slug="technische-school")
    subregion = SubregionFactory()
    own_action = PublishedActionFactory(organisation=organisation, title="Robotkamp")
    joint_action = PublishedActionFactory(organisation=school, title="Samen bouwen")
    joint_action.partners.add(organisation)
    ActionFactory(organisation=organisation, title="Nog een kladversie")  # not published
    client.force_login(member)

    response = client.get(url("create", organisation))
    assert "Step 1 of 4" in response.text
    response = client.post(
        url("create", organisation),
        {
            "kind": "youth",
            "title": "Hoe Lisa haar stage vond",
            "summary": "Lisa koos voor techniek.",
            "body": "Lisa was **zestien** toen ze een stage vond.",
        },
    )
    story = Story.objects.get()
    assert story.slug == "hoe-lisa-haar-stage-vond"
    assert response.url == url("step", organisation, pk=story.pk, step="links")

    page = client.get(url("step", organisation, pk=story.pk, step="links")).text
    assert "Robotkamp" in page
    assert "Samen bouwen" in page
    assert "Nog een kladversie" not in page
    assert "Robotica Waasland</label>" not in page  # not its own partner

    response = client.post(
        url("step", organisation, pk=story.pk, step="links"),
        {
            "organisations": [school.pk],
            "actions": [own_action.pk, joint_action.pk],
            "subregions": [subregion.pk],
        },
    )
    assert response.url == url("images", organisation, pk=story.pk)
    client.post(
        url("images", organisation, pk=story.pk),
        {
            "file": picture_upload(),
            "alt_text": "Lisa aan de draaibank.",
            "minors_recognisable": "yes",
            "consent_confirmed": "on",
        },
    )
    image = story.images.get()
    assert image.consent_confirmed_by == member

    page = client.get(url("check", organisation, pk=story.pk)).text
    assert "<strong>zestien</strong>" in page
    assert "Technische School" in page
    client.post(url("check", organisation, pk=story.pk))
    story.refresh_from_db()
    assert story.status == ReviewStatus.SUBMITTED
    assert set(story.actions.all()) == {own_action, joint_action}
    assert AuditEntry.objects.filter(code="reviews.item.submitted").count() == 1


def test_a_linked_organisation_sees_the_story_read_only(client, organisation):
    school = make_signatory(name="Technische School", slug="technische-school")
    school_member = MembershipFactory(organisation=school).user
    client.force_login(school_member)
    story = Story.objects.create(
        organisation=organisation,
        title="Samen",
        slug="samen",
        kind="practice",
        summary="s",
        body="b",
    )
    story.organisations.add(school)
    # A draft stays with its author: the linked organisation sees it once it is published.
    assert "Samen</a>" not in client.get(url("list", school)).text
    assert client.get(url("detail", school, pk=story.pk)).status_code == 404
    Story.objects.filter(pk=story.pk).update(status="published")

    page = client.get(url("list", school)).text
    assert "Samen</a>" in page
    page = client.get(url("detail", school, pk=story.pk)).text
    assert "Only the members of Robotica Waasland can change it." in page
    assert "Check and send for review" not in page
    assert client.get(url("step", school, pk=story.pk, step="wat")).status_code == 404
