"""Withdrawing a signature from the portal: only the organisation's admins, history kept."""

from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Eigen Organisatie", slug="eigen-organisatie")


@pytest.fixture
def admin(organisation):
    return MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user


@pytest.fixture
def editor(organisation, admin):
    return MembershipFactory(organisation=organisation, role=Membership.Role.EDITOR).user


@pytest.fixture
def signature(organisation):
    return ApprovedSignatureFactory(organisation=organisation)


@pytest.fixture
def other_signature():
    other = OrganisationFactory(name="Andere Organisatie", slug="andere-organisatie")
    MembershipFactory(organisation=other, role=Membership.Role.ADMIN)
    return ApprovedSignatureFactory(organisation=other)


def _url(organisation) -> str:
    return reverse("portal:signature-withdraw", args=[organisation.slug])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_anonymous_goes_to_login(client, signature):
    url = _url(signature.organisation)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={quote(url)}"
    response = client.post(url)
    assert response.url.startswith(reverse("account_login"))
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED


def test_member_of_another_organisation_gets_404(client, signature, other_signature):
    outsider = other_signature.organisation.memberships.get().user
    client.force_login(outsider)
    assert client.get(_url(signature.organisation)).status_code == 404
    assert client.post(_url(signature.organisation)).status_code == 404
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED


def test_editor_gets_404(client, signature, editor):
    client.force_login(editor)
    assert client.get(_url(signature.organisation)).status_code == 404
    assert client.post(_url(signature.organisation)).status_code == 404
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED


def test_confirmation_page_explains(client, signature, admin):
    client.force_login(admin)
    response = client.get(_url(signature.organisation))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "no longer on the public list of signatories" in content
    assert "we keep the history" in content
    assert 'name="reason"' in content
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED


def test_withdraw_leaves_the_public_list_and_keeps_history(client, signature, admin):
    organisation = signature.organisation
    assert organisation in Organisation.objects.signatories()
    client.force_login(admin)
    response = client.post(_url(organisation), {"reason": "We stoppen met de werking."})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert any("has been withdrawn" in m for m in _messages(response))

    assert organisation not in Organisation.objects.signatories()
    signature.refresh_from_db()
    assert Signature.objects.filter(organisation=organisation).count() == 1
    assert signature.status == Signature.Status.WITHDRAWN
    assert signature.withdrawn_at is not None
    assert signature.withdrawal_reason == "We stoppen met de werking."
    assert signature.decided_at is not None  # the signing date stays in the history
    entry = AuditEntry.objects.get(code="charter.signature.withdrawn")
    assert entry.actor == admin
    assert entry.target_id == str(signature.pk)
    assert entry.data["previous_status"] == Signature.Status.APPROVED


def test_withdraw_also_withdraws_an_open_signature(client, organisation, admin):
    old_version = CharterVersionFactory(number=1)
    approved = ApprovedSignatureFactory(organisation=organisation, charter_version=old_version)
    pending = SignatureFactory(
        organisation=organisation, charter_version=CharterVersionFactory(number=2)
    )
    client.force_login(admin)
    client.post(_url(organisation))
    approved.refresh_from_db()
    pending.refresh_from_db()
    assert approved.status == Signature.Status.WITHDRAWN
    assert pending.status == Signature.Status.WITHDRAWN
    assert AuditEntry.objects.filter(code="charter.signature.withdrawn").count() == 2


def test_post_naming_another_organisation_withdraws_only_own(
    client, signature, admin, other_signature
):
    client.force_login(admin)
    other = other_signature.organisation
    client.post(
        _url(signature.organisation),
        {"organisation": other.pk, "id": other_signature.pk, "slug": other.slug},
    )
    signature.refresh_from_db()
    other_signature.refresh_from_db()
    assert signature.status == Signature.Status.WITHDRAWN
    assert other_signature.status == Signature.Status.APPROVED
    assert other in Organisation.objects.signatories()


def test_nothing_to_withdraw(client, organisation, admin):
    client.force_login(admin)
    response = client.get(_url(organisation))
    assert response.status_code == 200
    assert "This organisation has no signature to withdraw." in response.content.decode()
    response = client.post(_url(organisation))
    assert response.url == reverse("portal:home")
    assert "This organisation has no signature to withdraw." in _messages(response)
    assert not AuditEntry.objects.filter(code="charter.signature.withdrawn").exists()


def test_withdrawing_twice(client, signature, admin):
    client.force_login(admin)
    client.post(_url(signature.organisation))
    response = client.post(_url(signature.organisation))
    assert "This organisation has no signature to withdraw." in _messages(response)
    assert AuditEntry.objects.filter(code="charter.signature.withdrawn").count() == 1


def test_reason_too_long_is_refused(client, signature, admin):
    client.force_login(admin)
    response = client.post(_url(signature.organisation), {"reason": "x" * 2001})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    signature.refresh_from_db()
    assert signature.status == Signature.Status.APPROVED
