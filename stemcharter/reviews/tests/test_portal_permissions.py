"""The permission table of every portal view of actions and stories, role by role.

Through the organiser's URLs: a visitor is sent to log in; a member of the organiser may;
members of a partner (or of an organisation named in a story), of another organisation,
contact points and coordinators without a membership get a 404. Through their own URLs,
partners see the item read-only and cannot change it.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.images.tests.factories import ImageFactory, picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.tests.factories import StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TYPES = ["action", "story"]
ROLES = ["visitor", "member", "partner_member", "other_member", "contact_point", "coordinator"]
ALLOWED = {"member"}


@dataclass
class PortalWorld:
    organisation: object
    partner: object
    other: object
    item: object
    image: object
    users: dict

    def user(self, role: str):
        return self.users.get(role)


def make_world(type_key: str) -> PortalWorld:
    subregion = SubregionFactory()
    organisation = make_signatory(name="Organisator", slug="organisator")
    partner = make_signatory(name="Partner", slug="partner")
    other = make_signatory(name="Ander", slug="ander")
    if type_key == "action":
        item = ActionFactory(organisation=organisation, subregions=[subregion])
        item.partners.add(partner)
    else:
        item = StoryFactory(organisation=organisation, subregions=[subregion])
        item.organisations.add(partner)
    member = MembershipFactory(organisation=organisation).user
    contact_point = UserFactory()
    subregion.contact_points.add(contact_point)
    return PortalWorld(
        organisation=organisation,
        partner=partner,
        other=other,
        item=item,
        image=ImageFactory(owner=item, by=member),
        users={
            "member": member,
            "partner_member": MembershipFactory(organisation=partner).user,
            "other_member": MembershipFactory(organisation=other).user,
            "contact_point": contact_point,
            "coordinator": CoordinatorFactory(),
        },
    )


@pytest.fixture(params=TYPES)
def portal_world(request) -> PortalWorld:
    world = make_world(request.param)
    world.type_key = request.param
    return world


def step_one(world) -> dict:
    if world.type_key == "action":
        return {
            "action_type": world.item.action_type_id,
            "title": "Nieuw",
            "summary": "s",
            "description": "d",
        }
    return {"kind": "youth", "title": "Nieuw", "summary": "s", "body": "b"}


# (view, method, needs the item, extra URL kwargs, POST data)
VIEWS = [
    ("list", "get", False, {}, None),
    ("create", "get", False, {}, None),
    ("create", "post", False, {}, step_one),
    ("detail", "get", True, {}, None),
    ("step", "get", True, {"step": "wat"}, None),
    ("step", "post", True, {"step": "wat"}, step_one),
    ("images", "get", True, {}, None),
    (
        "images",
        "post",
        True,
        {},
        lambda world: {
            "file": picture_upload(),
            "alt_text": "Robots.",
            "minors_recognisable": "no",
        },
    ),
    ("image-edit", "get", True, {"image": True}, None),
    (
        "image-edit",
        "post",
        True,
        {"image": True},
        lambda world: {"alt_text": "Robots.", "minors_recognisable": "no"},
    ),
    ("image-remove", "get", True, {"image": True}, None),
    ("image-remove", "post", True, {"image": True}, lambda world: {}),
    ("image-move", "post", True, {"image": True}, lambda world: {"direction": "up"}),
    ("check", "get", True, {}, None),
    ("check", "post", True, {}, lambda world: {}),
    ("retract", "post", True, {}, lambda world: {}),
    ("revise", "post", True, {}, lambda world: {}),
    ("withdraw", "get", True, {}, None),
    ("withdraw", "post", True, {}, lambda world: {}),
    ("delete", "get", True, {}, None),
    ("delete", "post", True, {}, lambda world: {}),
]
READ_VIEWS = {"list", "detail"}


def view_url(world, view: str, needs_item: bool, extra: dict, organisation=None) -> str:
    kwargs = {"organisation_slug": (organisation or world.organisation).slug}
    if needs_item:
        kwargs["pk"] = world.item.pk
    for key, value in extra.items():
        if key == "image":
            kwargs["image_pk"] = world.image.pk
        else:
            kwargs[key] = value
    return reverse(f"portal:{world.type_key}-{view}", kwargs=kwargs)


def request(client, world, role, method, url, data):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    if method == "get":
        return client.get(url)
    return client.post(url, data(world) if data else {})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("view", "method", "needs_item", "extra", "data"), VIEWS)
def test_through_the_organisers_urls(
    client, portal_world, role, view, method, needs_item, extra, data
):
    url = view_url(portal_world, view, needs_item, extra)
    response = request(client, portal_world, role, method, url, data)
    if role == "visitor":
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))
    elif role in ALLOWED:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert "login" not in response.url
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("view", "method", "needs_item", "extra", "data"), VIEWS)
def test_partners_read_through_their_own_urls_and_change_nothing(
    client, portal_world, view, method, needs_item, extra, data
):
    # Partners see a joint item once it is published (its drafts stay with the organiser).
    type(portal_world.item).objects.filter(pk=portal_world.item.pk).update(status="published")
    url = view_url(portal_world, view, needs_item, extra, organisation=portal_world.partner)
    response = request(client, portal_world, "partner_member", method, url, data)
    if view in READ_VIEWS:
        assert response.status_code == 200
        assert str(portal_world.item.title) in response.text
        assert ">Check and send for review<" not in response.text
    elif view == "create":
        assert response.status_code in (200, 302)  # an own new item, not this one
    else:
        assert response.status_code == 404


def test_partners_do_not_see_the_organisers_draft(client, portal_world):
    url = view_url(portal_world, "detail", True, {}, organisation=portal_world.partner)
    response = request(client, portal_world, "partner_member", "get", url, None)
    assert response.status_code == 404
    url = view_url(portal_world, "list", False, {}, organisation=portal_world.partner)
    response = request(client, portal_world, "partner_member", "get", url, None)
    assert str(portal_world.item.title) not in response.text


@pytest.mark.parametrize(("view", "method", "needs_item", "extra", "data"), VIEWS)
def test_other_members_cannot_reach_the_item_through_their_own_urls(
    client, portal_world, view, method, needs_item, extra, data
):
    if not needs_item:
        return
    url = view_url(portal_world, view, needs_item, extra, organisation=portal_world.other)
    response = request(client, portal_world, "other_member", method, url, data)
    assert response.status_code == 404


def test_nothing_changed_for_the_refused(client, portal_world):
    item = portal_world.item
    title, image_count = item.title, item.images.count()
    for role in ROLES:
        if role in ALLOWED:
            continue
        client.logout()
        for view, method, needs_item, extra, data in VIEWS:
            if method == "post" and needs_item:
                request(
                    client,
                    portal_world,
                    role,
                    method,
                    view_url(portal_world, view, needs_item, extra),
                    data,
                )
    item.refresh_from_db()
    assert (item.title, item.status, item.images.count()) == (title, "draft", image_count)
    assert type(item).objects.count() == 1


@pytest.mark.parametrize("type_key", TYPES)
def test_a_member_of_an_organisation_that_has_not_signed_is_told_what_to_do(client, type_key):
    member = MembershipFactory(organisation=OrganisationFactory()).user
    slug = member.memberships.get().organisation.slug
    client.force_login(member)
    list_page = client.get(reverse(f"portal:{type_key}-list", kwargs={"organisation_slug": slug}))
    assert list_page.status_code == 200
    assert "once a coordinator has approved its signature" in list_page.text
    create_url = reverse(f"portal:{type_key}-create", kwargs={"organisation_slug": slug})
    assert f'href="{create_url}"' not in list_page.text
    for response in (client.get(create_url), client.post(create_url, {"title": "x"})):
        assert response.status_code == 403
        assert "once a coordinator has approved its signature" in response.text
