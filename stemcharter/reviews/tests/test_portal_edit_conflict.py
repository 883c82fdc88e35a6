"""Two tabs (or two members) editing the same draft in the portal: a step saved from a page
opened before the item changed is refused, nothing lost (``common.concurrency``), for every
content type (actions and stories)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.common.concurrency import VERSION_FIELD
from stemcharter.common.tests.journeys import as_posted
from stemcharter.images.tests.factories import ImageFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.portal import item_form_data
from stemcharter.reviews.registry import reviewable_types
from stemcharter.stories.tests.factories import StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FACTORIES = {"action": ActionFactory, "story": StoryFactory}
CONFLICT = "Someone changed this (in another tab or another person) since you opened this page."
PORTALS = {t.portal.key: t.portal for t in reviewable_types()}


@pytest.fixture
def organisation():
    return make_signatory(name="Twee tabs", slug="twee-tabs")


@pytest.fixture
def member(organisation, client):
    client.force_login(MembershipFactory(organisation=organisation).user)
    return client


def step_url(portal, item) -> str:
    step = portal.form_steps()[0]
    return reverse(
        portal.url_name("step"),
        kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk, "step": step.slug},
    )


def opened(client: Client, portal, item) -> dict:
    """The first step's page as a tab opens it: the saved answers and the hidden version."""
    page = client.get(step_url(portal, item)).content.decode()
    version = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page)
    assert version is not None
    data = item_form_data(item, portal.form_steps()[0].form_class)
    posted = {name: as_posted(value) for name, value in data.items()}
    return {**{k: v for k, v in posted.items() if v}, VERSION_FIELD: version.group(1)}


@pytest.mark.parametrize("key", ["action", "story"])
def test_a_tab_opened_before_another_saved_cannot_undo_its_change(key, organisation, member):
    portal = PORTALS[key]
    item = FACTORIES[key](organisation=organisation, title="Oude titel", summary="Oud.")
    tab_a = opened(member, portal, item)
    tab_b = opened(member, portal, item)

    response = member.post(step_url(portal, item), {**tab_a, "title": "Titel van A"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Titel van A"

    # Tab B changes only the summary: refused, with what B typed and what differs.
    response = member.post(step_url(portal, item), {**tab_b, "summary": "Samenvatting van B."})
    assert response.status_code == 200
    page = response.content.decode()
    assert CONFLICT in page
    assert "Samenvatting van B." in page  # what B typed is still in the form
    assert "Titel van A" in page  # the current title, in the list of what differs
    conflict = response.context["conflict_rows"]
    labels = dict(conflict)
    assert labels["Title"] == "Titel van A"
    assert labels["Summary"] == "Oud."
    item.refresh_from_db()
    assert (item.title, item.summary) == ("Titel van A", "Oud.")

    # B takes A's title (as the list shows it) and saves again: saved, on the current version.
    again = {**tab_b, "summary": "Samenvatting van B.", "title": "Titel van A"}
    again[VERSION_FIELD] = response.context["opened_version"]
    assert again[VERSION_FIELD] != tab_b[VERSION_FIELD]
    response = member.post(step_url(portal, item), again)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.summary) == ("Titel van A", "Samenvatting van B.")


@pytest.mark.parametrize("key", ["action", "story"])
def test_saving_again_after_a_conflict_overwrites_on_purpose(key, organisation, member):
    portal = PORTALS[key]
    item = FACTORIES[key](organisation=organisation, title="Oude titel")
    tab_a = opened(member, portal, item)
    tab_b = opened(member, portal, item)
    member.post(step_url(portal, item), {**tab_a, "title": "Titel van A"})
    refused = member.post(step_url(portal, item), {**tab_b, "title": "Titel van B"})
    assert CONFLICT in refused.content.decode()
    # The page now carries the current version: the same answers saved again win.
    page = refused.content.decode()
    version = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page).group(1)
    member.post(step_url(portal, item), {**tab_b, "title": "Titel van B", VERSION_FIELD: version})
    item.refresh_from_db()
    assert item.title == "Titel van B"


def test_a_stale_version_is_refused_every_time(organisation, member):
    """Two saves in sequence with the version of the same opened page: the second is
    refused (and again, as long as that version is sent)."""
    portal = PORTALS["action"]
    item = ActionFactory(organisation=organisation, title="Oude titel")
    tab = opened(member, portal, item)
    assert member.post(step_url(portal, item), {**tab, "title": "Eerste"}).status_code == 302
    for title in ("Tweede", "Derde"):
        response = member.post(step_url(portal, item), {**tab, "title": title})
        assert CONFLICT in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Eerste"


def test_a_problem_on_the_page_keeps_the_version_it_was_opened_on(organisation, member):
    """A page shown again for an invalid answer still carries the version it was opened on,
    so a change made meanwhile is still caught on the next save."""
    portal = PORTALS["action"]
    item = ActionFactory(organisation=organisation, title="Oude titel")
    tab = opened(member, portal, item)
    response = member.post(step_url(portal, item), {**tab, "title": ""})
    assert response.status_code == 200
    assert response.context["opened_version"] == tab[VERSION_FIELD]
    assert CONFLICT not in response.content.decode()


def test_a_save_without_changes_in_between_is_not_refused(organisation, member):
    portal = PORTALS["story"]
    item = StoryFactory(organisation=organisation, title="Oude titel")
    tab = opened(member, portal, item)
    response = member.post(step_url(portal, item), {**tab, "title": "Nieuwe titel"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nieuwe titel"


@pytest.mark.parametrize("key", ["action", "story"])
def test_an_image_page_opened_before_another_save_cannot_undo_it(key, organisation, member):
    portal = PORTALS[key]
    item = FACTORIES[key](organisation=organisation)
    image = ImageFactory(owner=item, alt_text="Oude beschrijving")
    edit_url = reverse(
        portal.url_name("image-edit"),
        kwargs={"organisation_slug": organisation.slug, "pk": item.pk, "image_pk": image.pk},
    )
    page = member.get(edit_url).content.decode()
    version = re.search(rf'name="{VERSION_FIELD}" value="([^"]+)"', page).group(1)
    base = {"minors_recognisable": "no", VERSION_FIELD: version}
    assert member.post(edit_url, {**base, "alt_text": "Beschrijving van A"}).status_code == 302
    response = member.post(edit_url, {**base, "alt_text": "Oude beschrijving", "caption": "B"})
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("Beschrijving van A", "")
