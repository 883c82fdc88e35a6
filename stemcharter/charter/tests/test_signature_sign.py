"""The service at the end of the signing journey, ``signature_sign``: the account, the
signature and the emails in one call, without a view (on SQLite and PostgreSQL)."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter import services as charter_services
from stemcharter.charter.models import Signature
from stemcharter.charter.services import (
    CommitmentData,
    SignerData,
    signature_sign,
)
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.services import DuplicateOrganisationError
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("charter")]

EMAIL = "ann.peeters@example.org"


def organisation_data(**overrides):
    data = {
        "name": "Fictieve Scholengroep",
        "town": "Gent",
        "category": Category.EDUCATION,
        "enterprise_number": "0203201340",
        "subregions": list(Subregion.objects.order_by("pk")[:1]),
    }
    data.update(overrides)
    return data


def sign(*, user=None, email=EMAIL, **kwargs):
    """Sign as an anonymous visitor (``user`` None) or a logged-in one, for a new
    organisation unless ``organisation`` is given."""
    # The request of the check page, for allauth's confirmation email (whose adapter reads
    # it from the context allauth's middleware sets).
    request = RequestFactory().post("/en/ondertekenen/controleren/")
    if "organisation" not in kwargs:
        kwargs.setdefault("organisation_data", organisation_data())
    with allauth_context.request_context(request):
        return signature_sign(
            request=request,
            submission_key=kwargs.pop("submission_key", uuid.uuid4()),
            user=user,
            signer_data=SignerData(
                name="Ann Peeters", function="Director", email=user.email if user else email
            ),
            commitments=[
                CommitmentData(
                    action_types=list(ActionType.objects.all()[:1]),
                    description="We open our doors.",
                )
            ],
            language=kwargs.pop("language", "en"),
            password_hash=None if user else make_password("Unusual-sentence-42"),
            **kwargs,
        )


def test_anonymous_signer_new_organisation_gets_an_account_and_a_confirmation_link():
    coordinator = CoordinatorFactory()
    result = sign()
    signature = result.signature
    assert not result.holder_notified
    assert (result.email, result.organisation_name) == (EMAIL, "Fictieve Scholengroep")
    assert signature.status == Signature.Status.AWAITING_EMAIL
    user = User.objects.get(email=EMAIL)
    assert user.language == "en"
    assert user.check_password("Unusual-sentence-42")
    assert signature.signer == user
    assert EmailAddress.objects.get(user=user, verified=False, primary=True).email == EMAIL
    organisation = signature.organisation
    assert organisation.is_provisional
    assert Membership.objects.get(organisation=organisation, user=user).role == "admin"
    # Only the confirmation link; the coordinators hear of it once the address is confirmed.
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "/account/confirm-email/" in mail.outbox[0].body
    assert coordinator.email not in {m.to[0] for m in mail.outbox}
    codes = list(AuditEntry.objects.order_by("pk").values_list("code", "data"))
    assert ("accounts.user.created", {"via": "signing"}) in codes
    assert ("charter.signature.created", {"status": "awaiting_email", "charter_version": 1}) in (
        codes
    )


def test_admin_signs_for_an_existing_organisation_straight_to_review():
    coordinator = CoordinatorFactory()
    membership = MembershipFactory(role=Membership.Role.ADMIN)
    result = sign(user=membership.user, organisation=membership.organisation)
    signature = result.signature
    assert signature.organisation == membership.organisation
    assert signature.status == Signature.Status.SUBMITTED
    assert result.organisation_name == membership.organisation.name
    assert Organisation.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [membership.user.email, coordinator.email]
    )
    assert AuditEntry.objects.filter(code="charter.signature.submitted").count() == 1


def test_logged_in_signer_with_an_unconfirmed_address_gets_the_confirmation_link():
    user = UserFactory(verified=False)
    users = User.objects.count()
    result = sign(user=user)
    assert result.signature.status == Signature.Status.AWAITING_EMAIL
    assert result.signature.signer == user
    assert User.objects.count() == users
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/account/confirm-email/" in mail.outbox[0].body


def test_an_editor_cannot_sign_for_the_organisation():
    membership = MembershipFactory(role=Membership.Role.EDITOR)
    with pytest.raises(ValidationError) as excinfo:
        sign(user=membership.user, organisation=membership.organisation)
    assert excinfo.value.code == "not_admin"
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_address_of_an_existing_account_registers_nothing_and_emails_its_holder():
    holder = UserFactory(email=EMAIL, language="en")
    result = sign()
    assert result.holder_notified
    assert result.signature is None
    assert (result.email, result.organisation_name) == (EMAIL, "Fictieve Scholengroep")
    assert list(User.objects.all()) == [holder]
    assert not Organisation.objects.exists()
    assert not Signature.objects.exists()
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert "/account/login/" in mail.outbox[0].body


def test_account_made_by_another_request_a_moment_ago_emails_its_holder(monkeypatch):
    """The address had no account when signing started, but got one before this signing
    created its own: as if it had one all along."""
    real_user_for_email = charter_services.user_for_email
    calls = []

    def not_yet_the_first_time(*, email):
        calls.append(email)
        return None if len(calls) == 1 else real_user_for_email(email=email)

    UserFactory(email=EMAIL)
    monkeypatch.setattr(charter_services, "user_for_email", not_yet_the_first_time)
    result = sign()
    assert result.holder_notified
    assert User.objects.count() == 1
    assert not Organisation.objects.exists()
    assert [m.to for m in mail.outbox] == [[EMAIL]]


def test_duplicate_organisation_is_refused_and_leaves_nothing():
    OrganisationFactory(name="Other name", enterprise_number="0203201340")
    user = UserFactory()  # a confirmed address: the new organisation holds its number at once
    with pytest.raises(DuplicateOrganisationError) as excinfo:
        sign(user=user)
    assert excinfo.value.field == "enterprise_number"
    assert Organisation.objects.count() == 1
    assert not Signature.objects.exists()
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(code="charter.signature.created").exists()


def test_duplicate_organisation_signed_from_an_unconfirmed_address_waits_as_provisional():
    """It holds no number until its signer confirms (see organisation_confirm), so the
    duplicate is found then, not now."""
    OrganisationFactory(name="Other name", enterprise_number="0203201340")
    result = sign()
    assert result.signature.organisation.is_provisional
    assert Organisation.objects.count() == 2


def test_refused_answers_raise_by_field_and_leave_nothing():
    with pytest.raises(ValidationError) as excinfo:
        sign(organisation_data=organisation_data(name="ﬁ" * 200))
    assert "name" in excinfo.value.error_dict
    # The account made in the same transaction is gone with it, and nothing was sent.
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert not Organisation.objects.exists()
    assert not AuditEntry.objects.filter(code="accounts.user.created").exists()
    assert mail.outbox == []


def test_the_same_submission_key_twice_makes_one_signature():
    key = uuid.uuid4()
    first = sign(submission_key=key)
    mail.outbox.clear()
    again = sign(submission_key=key)
    assert again.signature == first.signature
    assert Signature.objects.count() == User.objects.count() == Organisation.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize("failure", ["duplicate_organisation", "account_exists"])
def test_a_signing_that_fails_on_what_the_same_key_made_meanwhile_returns_that_signature(
    monkeypatch, failure
):
    """A double click: the other request committed the signature while this one failed on
    the account or the organisation it had just made."""
    key = uuid.uuid4()
    first = SignatureFactory(submission_key=key, status=Signature.Status.AWAITING_EMAIL)

    def fail(**kwargs):
        if failure == "duplicate_organisation":
            raise DuplicateOrganisationError(
                "An organisation with this name is already registered.",
                organisation=first.organisation,
                field="name",
            )
        raise ValidationError({"email": ValidationError("exists", code="account_exists")})

    target = "signature_submit" if failure == "duplicate_organisation" else "user_create"
    monkeypatch.setattr(charter_services, target, fail)
    result = sign(submission_key=key)
    assert result.signature == first
    assert Signature.objects.count() == 1
    assert mail.outbox == []
