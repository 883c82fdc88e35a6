"""Join requests: only for public signatories, and not again within 30 days of a decline."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, SignatureFactory
from stemcharter.organisations import selectors, services
from stemcharter.organisations.models import JoinRequest, Membership
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def organisation(signatory_organisation):
    """The organisation of these tests is a signatory."""
    return signatory_organisation


RULE = "You can ask to join an organisation again 30 days after an admin declined your request."


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- join requests: public signatories only ------------------------------------------------


def _join_url(organisation) -> str:
    return reverse("portal:join-request-create", args=[organisation.slug])


@pytest.mark.parametrize(
    "make_organisation",
    [
        pytest.param(lambda: OrganisationFactory(), id="never-signed"),
        pytest.param(lambda: SignatureFactory().organisation, id="waiting-for-review"),
        pytest.param(
            lambda: SignatureFactory(status="rejected").organisation, id="rejected-signature"
        ),
    ],
)
def test_join_page_of_an_organisation_that_is_not_public_gives_404(client, make_organisation):
    organisation = make_organisation()
    MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN)
    client.force_login(UserFactory())
    assert client.get(_join_url(organisation)).status_code == 404
    assert client.post(_join_url(organisation), {"message": "Hallo"}).status_code == 404
    assert not JoinRequest.objects.exists()
    assert mail.outbox == []


def test_join_page_of_a_public_signatory_works(client, organisation, admin):
    client.force_login(UserFactory())
    response = client.get(_join_url(organisation))
    assert response.status_code == 200
    assert "Ask to join Jansen &amp; Zonen" in response.content.decode()
    response = client.post(_join_url(organisation), {"message": "Hallo"})
    assert response.url == reverse("portal:home")
    assert JoinRequest.objects.get().organisation == organisation
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]


def test_service_refuses_an_organisation_that_is_not_public():
    organisation = SignatureFactory().organisation
    with pytest.raises(ValidationError) as excinfo:
        services.join_request_create(organisation=organisation, user=UserFactory())
    assert excinfo.value.code == "not_signatory"
    assert excinfo.value.messages == [
        "You can only ask to join an organisation that is listed as a signatory."
    ]
    assert not JoinRequest.objects.exists()


# --- join requests: 30 days after a decline --------------------------------------------------


def _declined(organisation, user, *, days_ago: int) -> JoinRequest:
    return JoinRequest.objects.create(
        organisation=organisation,
        user=user,
        status=JoinRequest.Status.DECLINED,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )


def test_declined_user_cannot_ask_again_within_30_days(organisation, admin):
    user = UserFactory()
    join_request = services.join_request_create(organisation=organisation, user=user)
    services.join_request_decide(join_request=join_request, accept=False, by=admin)
    mail.outbox.clear()
    with pytest.raises(ValidationError) as excinfo:
        services.join_request_create(organisation=organisation, user=user)
    assert excinfo.value.code == "declined_recently"
    retry = timezone.localdate() + timedelta(days=30)
    assert excinfo.value.messages == [
        "An admin of the organisation declined your request. "
        f"You can ask again from {retry.day} {retry:%B} {retry.year}. {RULE}"
    ]
    assert JoinRequest.objects.count() == 1
    assert mail.outbox == []


def test_declined_user_can_ask_again_after_30_days(organisation, admin):
    user = UserFactory()
    _declined(organisation, user, days_ago=31)
    services.join_request_create(organisation=organisation, user=user)
    assert JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count() == 1


def test_a_decline_by_another_organisation_does_not_count(organisation, admin):
    user = UserFactory()
    other = OrganisationFactory()
    ApprovedSignatureFactory(organisation=other)
    _declined(other, user, days_ago=1)
    services.join_request_create(organisation=organisation, user=user)


def test_join_page_explains_when_to_ask_again(client, organisation, admin):
    user = UserFactory()
    _declined(organisation, user, days_ago=10)
    client.force_login(user)
    response = client.get(_join_url(organisation))
    assert response.status_code == 200
    content = response.content.decode()
    retry = timezone.localdate() + timedelta(days=20)
    # The day, and the rule behind it in words (with its number of days), once.
    assert (
        "An admin of the organisation declined your request. "
        f"You can ask again from {retry.day} {retry:%B} {retry.year}. {RULE}"
    ) in content
    assert content.count(RULE) == 1
    assert "Send the request" not in content
    # A post anyway (an old tab) is refused with the same message.
    response = client.post(_join_url(organisation), {"message": "Nog eens"})
    assert response.url == reverse("portal:home")
    assert any(
        f"You can ask again from {retry.day} {retry:%B} {retry.year}. {RULE}" in m
        for m in _messages(response)
    )
    assert JoinRequest.objects.count() == 1


def test_the_rule_follows_its_number_of_days(client, organisation, monkeypatch):
    """The words come from the number the rule uses (selectors.JOIN_REQUEST_RETRY_DAYS): one
    rule, nowhere a "30" of its own."""
    monkeypatch.setattr(selectors, "JOIN_REQUEST_RETRY_DAYS", 1)
    rule = "You can ask to join an organisation again 1 day after an admin declined your request."
    assert selectors.join_request_retry_rule() == rule
    user = UserFactory()
    _declined(organisation, user, days_ago=0)
    client.force_login(user)
    content = client.get(_join_url(organisation)).content.decode()
    tomorrow = timezone.localdate(timezone.now() + timedelta(days=1))
    assert f"You can ask again from {tomorrow.day} {tomorrow:%B} {tomorrow.year}. {rule}" in content
    with pytest.raises(ValidationError) as excinfo:
        services.join_request_create(organisation=organisation, user=user)
    assert excinfo.value.messages[0].endswith(rule)
    # Once the day is over, the page offers the form again and says no rule.
    JoinRequest.objects.update(decided_at=timezone.now() - timedelta(days=2))
    content = client.get(_join_url(organisation)).content.decode()
    assert "Send the request" in content
    assert rule not in content
