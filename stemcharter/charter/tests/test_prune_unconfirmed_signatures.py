"""Pruning signings whose email was never confirmed: they must not hold a name for ever."""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from stemcharter.accounts.models import User
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Commitment, Signature
from stemcharter.charter.services import signatures_prune_unconfirmed
from stemcharter.charter.tests.factories import CommitmentFactory, SignatureFactory
from stemcharter.organisations.models import Membership, Organisation
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def unconfirmed_signing(name="Squat bv", days_old=8, **signature_kwargs):
    """What an anonymous signing leaves: an unconfirmed account, its organisation, the
    signature waiting for the email and a commitment."""
    user = UserFactory(last_login=None)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )
    organisation = OrganisationFactory(name=name)
    MembershipFactory(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    signature = SignatureFactory(
        organisation=organisation,
        signer=user,
        status=Signature.Status.AWAITING_EMAIL,
        submitted_at=None,
        **signature_kwargs,
    )
    CommitmentFactory(signature=signature)
    Signature.objects.filter(pk=signature.pk).update(
        created_at=timezone.now() - timedelta(days=days_old)
    )
    return signature


def test_old_unconfirmed_signing_is_removed_with_its_organisation_and_account():
    signature = unconfirmed_signing()
    user, organisation = signature.signer, signature.organisation
    assert signatures_prune_unconfirmed(older_than_days=7) == 1
    assert not Signature.objects.filter(pk=signature.pk).exists()
    assert not Commitment.objects.exists()
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not User.objects.filter(pk=user.pk).exists()
    entry = AuditEntry.objects.get(code="charter.signature.pruned")
    assert entry.data["organisation"] == "Squat bv"


def test_default_age_is_the_confirmation_link_lifetime(settings):
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 7
    unconfirmed_signing(days_old=6)
    assert signatures_prune_unconfirmed() == 0
    unconfirmed_signing(name="Older bv", days_old=8)
    assert signatures_prune_unconfirmed() == 1
    assert Signature.objects.count() == 1


def test_recent_or_confirmed_signatures_are_kept():
    recent = unconfirmed_signing(days_old=2)
    submitted = unconfirmed_signing(name="Submitted bv")
    Signature.objects.filter(pk=submitted.pk).update(status=Signature.Status.SUBMITTED)
    assert signatures_prune_unconfirmed(older_than_days=7) == 0
    assert Signature.objects.filter(pk__in=[recent.pk, submitted.pk]).count() == 2
    assert not AuditEntry.objects.filter(code="charter.signature.pruned").exists()


def test_organisation_with_another_member_or_signature_is_kept():
    signature = unconfirmed_signing()
    organisation = signature.organisation
    colleague = MembershipFactory(organisation=organisation, role=Membership.Role.ADMIN).user
    other_org = unconfirmed_signing(name="Old signatory bv").organisation
    SignatureFactory(organisation=other_org, status=Signature.Status.WITHDRAWN)

    assert signatures_prune_unconfirmed(older_than_days=7) == 2
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Organisation.objects.filter(pk=other_org.pk).exists()
    assert Membership.objects.filter(organisation=organisation, user=colleague).exists()
    # The unconfirmed signers themselves go (their membership of a kept organisation too).
    assert not User.objects.filter(pk=signature.signer_id).exists()
    assert not Membership.objects.filter(organisation=organisation, user_id=signature.signer_id)


def test_account_with_a_verified_email_membership_or_signature_is_kept():
    verified = unconfirmed_signing(name="Verified bv")
    EmailAddress.objects.filter(user=verified.signer).update(verified=True)
    member = unconfirmed_signing(name="Member bv")
    MembershipFactory(user=member.signer)
    signer = unconfirmed_signing(name="Signer bv")
    SignatureFactory(signer=signer.signer, status=Signature.Status.REJECTED)

    assert signatures_prune_unconfirmed(older_than_days=7) == 3
    for signature in (verified, member, signer):
        assert User.objects.filter(pk=signature.signer_id).exists()
        assert not Organisation.objects.filter(pk=signature.organisation_id).exists()
    assert AuditEntry.objects.filter(code="charter.signature.pruned").count() == 3


def test_command_prunes_and_prints_the_count():
    unconfirmed_signing(days_old=3)
    out = StringIO()
    call_command("prune_unconfirmed_signatures", "--older-than-days", "5", stdout=out)
    assert "Deleted 0 unconfirmed signature(s)." in out.getvalue()
    call_command("prune_unconfirmed_signatures", "--older-than-days", "2", stdout=out)
    assert "Deleted 1 unconfirmed signature(s)." in out.getvalue()
    assert not Signature.objects.exists()
