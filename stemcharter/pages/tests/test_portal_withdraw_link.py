"""The portal home: withdrawing the signature is a plain link (it asks for confirmation on
its own page)."""

import re

import pytest
from django.urls import reverse

from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_portal_withdraw_is_a_plain_link(client, english):
    CharterVersionFactory()
    signature = ApprovedSignatureFactory()
    admin = MembershipFactory(organisation=signature.organisation).user
    client.force_login(admin)
    response = client.get(reverse("portal:home"))
    url = reverse(
        "portal:signature-withdraw", kwargs={"organisation_slug": signature.organisation.slug}
    )
    html = response.content.decode()
    link = re.search(r'<a[^>]*href="' + re.escape(url) + r'"[^>]*>', html).group(0)
    assert "class=" not in link
    assert "Withdraw the signature" in html
    assert "button-danger" not in html
