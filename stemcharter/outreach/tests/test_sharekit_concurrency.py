"""Two members open the share kit at the same moment (PostgreSQL): each channel still has one
share link, and both pages show the same ones."""

import pytest
from django.db import connection

from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.common.tests.concurrency import at_once
from stemcharter.outreach.models import ShareLink
from stemcharter.outreach.services import share_kit_links

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL constraints and threads"
    ),
]


def test_share_kit_links_made_twice_at_once_are_one_set():
    organisation = ApprovedSignatureFactory().organisation
    page = f"/ondertekenaars/{organisation.slug}/"

    def open_kit() -> dict[str, int]:
        links = share_kit_links(organisation=organisation, page_path=page)
        return {key: link.pk for key, link in links.items()}

    first, second = at_once([open_kit, open_kit], refused=())
    assert first == second
    assert ShareLink.objects.filter(organisation=organisation).count() == 8
