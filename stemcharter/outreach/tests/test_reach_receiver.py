"""Reach (issue 14): a signature that came by a share link (``?bron=<code>``, kept by the signing
form as ``Signature.referral_code``) credits the link's signatory and channel, through the
``charter.signals.signature_signed`` receiver; an invitation wins; an unknown code credits
nobody."""

import datetime

import pytest
from django.utils import timezone

from stemcharter.charter.models import Signature
from stemcharter.charter.signals import signature_signed
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, SignatureFactory
from stemcharter.organisations.models import Invitation
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.outreach.services import share_link_for, signature_referral_resolve

pytestmark = pytest.mark.django_db


@pytest.fixture
def link():
    referrer = make_signatory(name="Zuidlab")
    return share_link_for(organisation=referrer, channel="linkedin", path="/ondertekenen/")


def signed(signature: Signature) -> Signature:
    """What the signing form does after a signing: tell the apps above charter."""
    signature_signed.send(sender=Signature, signature=signature, request=None)
    signature.refresh_from_db()
    return signature


def test_a_signature_with_a_share_code_credits_the_links_signatory_and_channel(link):
    signature = signed(SignatureFactory(referral_code=link.code))
    assert signature.referred_by == link.organisation
    assert signature.referral_channel == "linkedin"
    # The signal may come twice for one signature: nothing changes the second time.
    assert signed(signature).referred_by == link.organisation
    assert signature_referral_resolve(signature=signature) is False


@pytest.mark.parametrize("code", ["unknown1", "", "ZZZZZZZZ"])
def test_an_unknown_or_missing_code_credits_nobody(link, code):
    signature = signed(SignatureFactory(referral_code=code))
    assert signature.referred_by is None
    assert signature.referral_channel == ""


def test_an_invitation_wins_over_a_share_code(link):
    inviter = make_signatory(name="Noordlab")
    invitation = Invitation.objects.create(
        kind=Invitation.Kind.SIGNING,
        organisation=inviter,
        email="nieuw@example.org",
        invitee_organisation_name="Nieuw",
        token="t" * 43,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )
    signature = signed(
        SignatureFactory(
            referral_code=link.code,
            invitation=invitation,
            referred_by=inviter,
            referral_channel="invitation",
        )
    )
    assert signature.referred_by == inviter
    assert signature.referral_channel == "invitation"


def test_a_signatory_does_not_bring_itself_in(link):
    signature = signed(SignatureFactory(organisation=link.organisation, referral_code=link.code))
    assert signature.referred_by is None


def test_a_signatory_that_signs_a_new_version_is_not_brought_in_again(link):
    newcomer = make_signatory(name="Oostlab")
    signature = signed(SignatureFactory(organisation=newcomer, referral_code=link.code))
    assert signature.referred_by is None
    # An earlier signature that was rejected does not count as having signed.
    rejected = ApprovedSignatureFactory(status=Signature.Status.REJECTED)
    again = signed(SignatureFactory(organisation=rejected.organisation, referral_code=link.code))
    assert again.referred_by == link.organisation
