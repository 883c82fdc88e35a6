"""Services of the signing journey: publish a version, sign, submit after email confirmation."""

import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from stemcharter.accounts.tests.factories import CoordinatorFactory, UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import CharterVersion, Commitment, Signature
from stemcharter.charter.services import (
    CommitmentData,
    SignerData,
    charter_version_publish,
    signature_submit,
    signatures_submit_for_confirmed_email,
)
from stemcharter.charter.tests.factories import (
    ApprovedSignatureFactory,
    CharterVersionFactory,
    SignatureFactory,
)
from stemcharter.organisations.models import Category, Membership, Organisation
from stemcharter.organisations.services import DuplicateOrganisationError
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db


def commitments():
    return [
        CommitmentData(
            action_types=list(ActionType.objects.all()[:2]), description="  We open our doors. "
        )
    ]


def organisation_data(**overrides):
    data = {
        "name": "Fictieve Scholengroep",
        "category": Category.EDUCATION,
        "enterprise_number": "0203201340",
        "subregions": list(Subregion.objects.all()[:1]),
    }
    data.update(overrides)
    return data


def signer_data(user):
    return SignerData(name=" Ann Peeters ", function="Director", email=user.email)


def submit(user, **kwargs):
    kwargs.setdefault("organisation_data", organisation_data())
    return signature_submit(
        submission_key=kwargs.pop("submission_key", uuid.uuid4()),
        signer=user,
        signer_data=signer_data(user),
        commitments=kwargs.pop("commitments", commitments()),
        **kwargs,
    )


# charter_version_publish


def test_publish_numbers_versions_and_keeps_earlier_signatures():
    coordinator = CoordinatorFactory()
    first = charter_version_publish(title=" STEM-charter ", body="Text one", by=coordinator)
    signature = ApprovedSignatureFactory(charter_version=first)
    second = charter_version_publish(
        title="STEM-charter", body="Text two", by=coordinator, change_note="Clearer", is_demo=True
    )
    assert (first.number, second.number) == (1, 2)
    assert first.title == "STEM-charter"
    assert second.change_note == "Clearer"
    assert second.is_demo
    assert second.published_at is not None
    assert second.published_by == coordinator
    assert CharterVersion.objects.current() == second
    signature.refresh_from_db()
    assert signature.charter_version == first
    entry = AuditEntry.objects.filter(code="charter.version.published").order_by("pk").last()
    assert entry.actor == coordinator
    assert entry.data == {"number": 2, "demo": True}


def test_publish_refuses_an_empty_text():
    with pytest.raises(ValidationError):
        charter_version_publish(title="Empty", body="   \n ")
    assert not CharterVersion.objects.exists()


# signature_submit


def test_submit_for_a_new_organisation_waits_for_email():
    CharterVersionFactory()
    user = UserFactory(verified=False)
    signature, created = submit(user)
    assert created
    assert signature.status == Signature.Status.AWAITING_EMAIL
    assert signature.submitted_at is None
    assert signature.signer_name == "Ann Peeters"
    organisation = signature.organisation
    assert organisation.name == "Fictieve Scholengroep"
    assert organisation.created_by == user
    assert Membership.objects.get(organisation=organisation, user=user).role == "admin"
    commitment = Commitment.objects.get(signature=signature)
    assert commitment.description == "We open our doors."
    assert commitment.action_types.count() == 2
    assert mail.outbox == []
    assert AuditEntry.objects.filter(code="charter.signature.created").count() == 1
    assert not AuditEntry.objects.filter(code="charter.signature.submitted").exists()


def test_submit_with_a_verified_email_goes_to_review_and_emails():
    CharterVersionFactory()
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    CoordinatorFactory(is_active=False)
    user = UserFactory()
    signature, _created = submit(user)
    assert signature.status == Signature.Status.SUBMITTED
    assert signature.submitted_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([user.email, *(c.email for c in coordinators)])
    assert AuditEntry.objects.filter(code="charter.signature.submitted").count() == 1


def test_same_submission_key_returns_the_first_signature():
    CharterVersionFactory()
    user = UserFactory(verified=False)
    key = uuid.uuid4()
    first, created = submit(user, submission_key=key)
    again, created_again = submit(
        user, submission_key=key, organisation_data=organisation_data(name="Other")
    )
    assert created
    assert not created_again
    assert again == first
    assert Signature.objects.count() == 1
    assert Organisation.objects.count() == 1


def test_submit_needs_a_commitment():
    CharterVersionFactory()
    user = UserFactory()
    for items in ([], [CommitmentData(action_types=[], description="  ")]):
        with pytest.raises(ValidationError) as excinfo:
            submit(user, commitments=items)
        assert excinfo.value.code == "no_commitment"
    assert not Organisation.objects.exists()


def test_submit_needs_a_published_charter():
    user = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        submit(user)
    assert excinfo.value.code == "no_charter"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"enterprise_number": "0203201340", "name": "Something else"}, "enterprise_number"),
        # Without a number on one side: the same name in the same town.
        ({"enterprise_number": "", "name": "ACME nv", "town": "Gent"}, "name"),
    ],
)
def test_submit_refuses_a_duplicate_organisation(overrides, field):
    CharterVersionFactory()
    existing = OrganisationFactory(name="Acme", enterprise_number="0203201340")
    user = UserFactory()
    with pytest.raises(DuplicateOrganisationError) as excinfo:
        submit(user, organisation_data=organisation_data(**overrides))
    assert excinfo.value.organisation == existing
    assert excinfo.value.field == field
    assert Organisation.objects.count() == 1
    assert not Signature.objects.exists()


def test_submit_for_an_existing_organisation_needs_an_admin():
    CharterVersionFactory()
    editor = MembershipFactory(role=Membership.Role.EDITOR)
    with pytest.raises(ValidationError) as excinfo:
        submit(editor.user, organisation=editor.organisation, organisation_data=None)
    assert excinfo.value.code == "not_admin"
    admin = MembershipFactory(organisation=editor.organisation, role=Membership.Role.ADMIN)
    signature, _created = submit(admin.user, organisation=admin.organisation)
    assert signature.organisation == editor.organisation
    assert Organisation.objects.count() == 1


def test_submit_refuses_an_organisation_with_an_open_or_current_signature():
    version = CharterVersionFactory()
    admin = MembershipFactory()
    SignatureFactory(organisation=admin.organisation, charter_version=version)
    with pytest.raises(ValidationError) as excinfo:
        submit(admin.user, organisation=admin.organisation)
    assert excinfo.value.code == "cannot_sign"

    other = MembershipFactory()
    ApprovedSignatureFactory(organisation=other.organisation, charter_version=version)
    with pytest.raises(ValidationError):
        submit(other.user, organisation=other.organisation)


def test_an_organisation_signs_a_newer_version_again():
    old = CharterVersionFactory(number=1)
    admin = MembershipFactory()
    ApprovedSignatureFactory(organisation=admin.organisation, charter_version=old)
    new = CharterVersionFactory(number=2)
    signature, created = submit(admin.user, organisation=admin.organisation)
    assert created
    assert signature.charter_version == new


# signatures_submit_for_confirmed_email


def test_confirmed_email_submits_waiting_signatures_only():
    CharterVersionFactory()
    coordinator = CoordinatorFactory()
    user = UserFactory(verified=False)
    waiting = SignatureFactory(
        signer=user, status=Signature.Status.AWAITING_EMAIL, submitted_at=None
    )
    rejected = SignatureFactory(signer=user, status=Signature.Status.REJECTED)
    someone_else = SignatureFactory(status=Signature.Status.AWAITING_EMAIL, submitted_at=None)

    submitted = signatures_submit_for_confirmed_email(email=user.email.upper(), user=user)

    assert submitted == [waiting]
    waiting.refresh_from_db()
    assert waiting.status == Signature.Status.SUBMITTED
    assert waiting.submitted_at is not None
    rejected.refresh_from_db()
    assert rejected.status == Signature.Status.REJECTED
    someone_else.refresh_from_db()
    assert someone_else.status == Signature.Status.AWAITING_EMAIL
    assert sorted(m.to[0] for m in mail.outbox) == sorted([user.email, coordinator.email])

    # A second confirmation changes nothing and sends nothing.
    mail.outbox.clear()
    assert signatures_submit_for_confirmed_email(email=user.email, user=user) == []
    assert mail.outbox == []


def test_confirmed_email_without_user_does_nothing():
    assert signatures_submit_for_confirmed_email(email="x@example.org", user=None) == []
