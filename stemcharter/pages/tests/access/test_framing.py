"""Only the signatory's widget may be framed by another site (issue 14): every other page of
the role x view table keeps ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` for
every role that may open it, checked by construction (a new page is covered as soon as it has
its row in table.py). The widget itself: pages/tests/test_sharekit_public.py."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from stemcharter.common.tests.test_security_headers import csp_directives
from stemcharter.pages.tests.access.table import TABLE
from stemcharter.pages.tests.access.test_role_view_table import PATTERNS
from stemcharter.pages.tests.access.world import ROLES, build_world, url_kwargs

pytestmark = pytest.mark.django_db

# The one page another site may show in an <iframe>.
FRAMABLE = {"organisations:signatory-widget"}


def roles_that_open(name: str) -> list[str]:
    """The visitor, and the first other role that gets the page (200), if any."""
    outcomes = dict(zip(ROLES, TABLE[name]["GET"].split(), strict=True))
    found = [role for role in ROLES if outcomes[role] == "200"]
    return found[:1] + [role for role in found[1:] if role != found[0]][:1]


PAGES = sorted(name for name in TABLE if name in PATTERNS and roles_that_open(name))


def test_framing_the_enumeration_finds_pages_of_every_audience():
    assert {
        "public:home",
        "organisations:organisation-detail",
        "organisations:signatory-badge",
        "organisations:signatory-certificate",
        "portal:outreach-share-kit",
        "portal:home",
        "backoffice:home",
    } <= set(PAGES)
    assert set(PAGES) >= FRAMABLE


@pytest.mark.parametrize("name", PAGES)
def test_framing_only_the_widget_may_be_framed(name):
    world = build_world()
    route, params = PATTERNS[name]
    url = reverse(name, kwargs=url_kwargs(name, route, params, world))
    for role in roles_that_open(name):
        with transaction.atomic():
            client = Client()
            if world.users[role] is not None:
                client.force_login(world.users[role])
            response = client.get(url)
            transaction.set_rollback(True)
        assert response.status_code == 200, (url, role, response.status_code)
        frame_ancestors = csp_directives(response).get("frame-ancestors")
        if name in FRAMABLE:
            assert "X-Frame-Options" not in response, (url, role)
            assert frame_ancestors == ["*"], (url, role, frame_ancestors)
        else:
            assert response.get("X-Frame-Options") == "DENY", (url, role)
            assert frame_ancestors == ["'none'"], (url, role, frame_ancestors)
