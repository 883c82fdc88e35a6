"""An organisation's own address with another organisation's object in it is refused.

The role x view table probes A's pages under A's slug. Here every portal URL that names an
object (an item, an image, a membership, an invitation, a join request) is requested under the
slug of the requester's *own* organisation with *A's* object in it, the way someone edits the
number in their own address bar: B (unrelated to A) is refused everything, GET and POST; P (a
partner of A's joint action and named in A's story) may only see the joint items and take itself
off them (``PARTNER_MAY``), never change them. Enumerated from the URL configuration, so a new
portal URL with an object in it is covered at once.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from stemcharter.organisations.models import Membership
from stemcharter.pages.tests.access.table import DENIED
from stemcharter.pages.tests.access.test_role_view_table import COVERED, PATTERNS, outcome
from stemcharter.pages.tests.access.world import build_world, url_kwargs

OBJECT_PARAMS = {"pk", "image_pk"}
NAMES = [
    name
    for name in COVERED
    if "organisation_slug" in PATTERNS[name][1] and OBJECT_PARAMS & set(PATTERNS[name][1])
]

# What a partner may do with A's joint item under its own slug: read it, take itself off it.
PARTNER_MAY = {
    "portal:action-detail": {"GET"},
    "portal:action-leave": {"GET", "POST"},
    "portal:story-detail": {"GET"},
    "portal:story-leave": {"GET", "POST"},
    # deliver: P is also the school whose request A's accepted offer answers (the world's
    # ``delivery_offer``): a school that signed tells its own story of the help, under its
    # own slug, with the offer's number in it.
    "portal:support-offer-story": {"GET", "POST"},
}

# What any approved signatory may do under its own slug: an open school request is not A's
# (it is another school's, in A's subregion), and every signatory may read its ask and offer.
SIGNATORY_MAY = {
    "portal:support-offer-create": {"GET", "POST"},
}


def _own_slug(user) -> str:
    return (
        Membership.objects.filter(user=user).select_related("organisation").get().organisation.slug
    )


def _probe(url: str, user, method: str) -> str:
    with transaction.atomic():
        client = Client()
        client.force_login(user)
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    return outcome(response)


def test_own_slug_other_object_covers_every_portal_url_with_an_object():
    assert len(NAMES) >= 20
    assert set(PARTNER_MAY) <= set(NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES)
def test_own_slug_other_object_is_refused(name):
    world = build_world()
    route, params = PATTERNS[name]
    problems = []
    for role in ("other", "partner"):
        user = world.users[role]
        kwargs = {**url_kwargs(name, route, params, world), "organisation_slug": _own_slug(user)}
        url = reverse(name, kwargs=kwargs)
        for method in ("GET", "POST"):
            got = _probe(url, user, method)
            allowed = method in SIGNATORY_MAY.get(name, set()) or (
                role == "partner" and method in PARTNER_MAY.get(name, set())
            )
            if not allowed and got not in DENIED | {"405"}:
                problems.append(f"{method} {url} as {role}: {got}, expected 403, 404 or 405")
            if allowed and got not in {"200", "redirect"}:
                # The address is right (the partner reaches its joint item), so the refusals
                # above are refusals, not a wrongly built URL.
                problems.append(f"{method} {url} as {role}: {got}, expected 200 or a redirect")
    assert not problems, "\n".join(problems)
