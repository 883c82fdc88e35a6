"""The duplicate message of the signing journey names only a public signatory (with a link
to ask to join it); an unconfirmed or refused registration stays private."""

import pytest
from django.urls import reverse

from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.charter.tests.test_signing import (
    CHECK_URL,
    public_signature,
    sign_data,
    submission_key,
    walk,
)
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

NEUTRAL = (
    "This organisation is already registered. If it is yours, ask the person who signed for it, "
    'or <a href="/en/contact/?topic=organisation">contact the coordinators</a>: they put you in '
    "touch with its admins."
)


def test_duplicate_that_is_not_public_is_not_named(client, charter):
    existing = OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    SignatureFactory(organisation=existing, status=Signature.Status.AWAITING_EMAIL)
    response = walk(client, sign_data(enterprise_number="0123.456.749"))
    assert response.status_code == 200
    content = response.content.decode()
    assert NEUTRAL in content
    assert "Secret Squat" not in content
    assert reverse("portal:join-request-create", kwargs={"slug": existing.slug}) not in content
    assert "Ask to join" not in content


def test_duplicate_at_the_last_moment_that_is_not_public_is_not_named(client, charter):
    walk(client)
    key = submission_key(client)
    OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    response = client.post(CHECK_URL, {"submission_key": key})
    assert response.status_code == 200
    content = response.content.decode()
    assert NEUTRAL in content
    assert "Secret Squat" not in content
    assert "Ask to join" not in content


def test_duplicate_that_is_public_is_named_with_a_join_link(client, charter):
    existing = OrganisationFactory(name="Open Signatory bv", enterprise_number="0123456749")
    public_signature(existing, charter)
    content = walk(client).content.decode()
    assert "Ask to join Open Signatory bv instead" in content
    assert reverse("portal:join-request-create", kwargs={"slug": existing.slug}) in content
    assert NEUTRAL not in content


def test_organisation_count_unchanged_by_failed_step(client, charter):
    OrganisationFactory(name="Secret Squat bv", enterprise_number="0123456749")
    walk(client)
    assert Organisation.objects.count() == 1
