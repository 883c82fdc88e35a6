"""A prospect becomes invited when a signatory invites it, and signed (linked to its
signatory) when its organisation's signature is approved (``charter.signals.
signature_approved``, sent once the approval is committed)."""

import datetime

import pytest
from django.utils import timezone

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.services import signature_approve
from stemcharter.charter.signals import signature_approved
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.models import Invitation
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.validators import normalise_name
from stemcharter.outreach.models import Prospect
from stemcharter.outreach.services import prospect_invitation_sent

pytestmark = pytest.mark.django_db


def _prospect(name: str, **fields) -> Prospect:
    aka = fields.pop("also_known_as", "")
    return Prospect.objects.create(
        name=name,
        normalised_name=normalise_name(name),
        also_known_as=aka,
        normalised_also_known_as=normalise_name(aka),
        **fields,
    )


def _invitation(organisation, **fields) -> Invitation:
    defaults = {
        "kind": Invitation.Kind.SIGNING,
        "email": "info@bouwunie.example",
        "invitee_organisation_name": "Bouwunie",
        "token": f"token-{Invitation.objects.count()}",
        "expires_at": timezone.now() + datetime.timedelta(days=14),
    }
    return Invitation.objects.create(organisation=organisation, **{**defaults, **fields})


def _approve(signature, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signature_approve(signature=signature, by=make_user("coordinator"))
    return callbacks


def test_approving_sends_signature_approved_on_commit(django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, *, signature, **kwargs):
        heard.append(signature.pk)

    signature_approved.connect(receiver, dispatch_uid="test-heard")
    try:
        signature = SignatureFactory()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            signature_approve(signature=signature, by=make_user("coordinator"))
        assert heard == []  # not before the commit
        for callback in callbacks:
            callback()
        assert heard == [signature.pk]
    finally:
        signature_approved.disconnect(dispatch_uid="test-heard")


def test_a_prospect_with_the_organisations_name_is_marked_signed(
    django_capture_on_commit_callbacks,
):
    prospect = _prospect("Bouwunie")
    other = _prospect("Boerenbond")
    signature = SignatureFactory(organisation=OrganisationFactory(name="BOUWUNIE vzw"))

    _approve(signature, django_capture_on_commit_callbacks)

    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.SIGNED
    assert prospect.organisation == signature.organisation
    assert prospect.signed_at is not None
    other.refresh_from_db()
    assert other.status == Prospect.Status.PROPOSED
    assert other.organisation is None
    entry = AuditEntry.objects.get(code="outreach.prospect.signed")
    assert entry.target_id == str(prospect.pk)


def test_a_prospect_is_found_by_its_other_name(django_capture_on_commit_callbacks):
    prospect = _prospect("Fonds voor Vakopleiding in de Bouw", also_known_as="FVB")
    _approve(
        SignatureFactory(organisation=OrganisationFactory(name="FVB")),
        django_capture_on_commit_callbacks,
    )
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.SIGNED


def test_a_prospect_is_found_by_its_enterprise_number(django_capture_on_commit_callbacks):
    prospect = _prospect("Bouwbedrijf De Kraan", enterprise_number="0123456749")
    organisation = OrganisationFactory(name="Kraanbouw", enterprise_number="0123456749")
    _approve(SignatureFactory(organisation=organisation), django_capture_on_commit_callbacks)
    prospect.refresh_from_db()
    assert prospect.organisation == organisation


def test_a_prospect_is_found_through_the_invitation_the_signature_came_from(
    django_capture_on_commit_callbacks,
):
    by_name = _prospect("Bouwunie")
    by_address = _prospect("Unizo", contact_email="Info@Unizo.example")
    inviter = OrganisationFactory()
    organisation = OrganisationFactory(name="Unie van bouwondernemers")
    signature = SignatureFactory(
        organisation=organisation, invitation=_invitation(inviter, email="info@unizo.example")
    )

    _approve(signature, django_capture_on_commit_callbacks)

    for prospect in (by_name, by_address):
        prospect.refresh_from_db()
        assert prospect.status == Prospect.Status.SIGNED
        assert prospect.organisation == organisation


def test_a_prospect_linked_to_another_signatory_is_left_alone(
    django_capture_on_commit_callbacks,
):
    elsewhere = OrganisationFactory(name="Bouwunie Limburg")
    prospect = _prospect("Bouwunie", organisation=elsewhere, status=Prospect.Status.SIGNED)
    _approve(
        SignatureFactory(organisation=OrganisationFactory(name="Bouwunie")),
        django_capture_on_commit_callbacks,
    )
    prospect.refresh_from_db()
    assert prospect.organisation == elsewhere


def test_a_second_approval_does_not_mark_it_again(django_capture_on_commit_callbacks):
    prospect = _prospect("Bouwunie")
    organisation = OrganisationFactory(name="Bouwunie")
    _approve(SignatureFactory(organisation=organisation), django_capture_on_commit_callbacks)
    _approve(SignatureFactory(organisation=organisation), django_capture_on_commit_callbacks)
    prospect.refresh_from_db()
    assert prospect.status == Prospect.Status.SIGNED
    assert AuditEntry.objects.filter(code="outreach.prospect.signed").count() == 1


def test_an_invitation_marks_open_prospects_invited():
    proposed = _prospect("Bouwunie")
    later = _prospect("Unizo", status=Prospect.Status.LATER, contact_email="info@unizo.example")
    declined = _prospect(
        "Bouwunie Antwerpen", also_known_as="Bouwunie", status=Prospect.Status.DECLINED
    )
    untouched = _prospect("Boerenbond")
    inviter = OrganisationFactory()

    prospect_invitation_sent(invitation=_invitation(inviter, invitee_organisation_name="BOUWUNIE"))
    prospect_invitation_sent(
        invitation=_invitation(inviter, email="INFO@unizo.example", invitee_organisation_name="X")
    )

    statuses = {p.name: p.status for p in Prospect.objects.all()}
    assert statuses == {
        proposed.name: Prospect.Status.INVITED,
        later.name: Prospect.Status.INVITED,
        declined.name: Prospect.Status.DECLINED,
        untouched.name: Prospect.Status.PROPOSED,
    }
    assert AuditEntry.objects.filter(code="outreach.prospect.invited").count() == 2


def test_a_persons_download_and_deletion_cover_the_pipeline():
    from stemcharter.accounts.selectors import user_personal_data
    from stemcharter.accounts.services import user_delete

    coordinator = make_user("coordinator")
    owned = _prospect("Bouwunie", owner=coordinator)
    contact = make_user("signatory")
    reached = _prospect("Unizo", contact_email=contact.email.upper())

    assert user_personal_data(user=coordinator)["prospects_owned"] == [
        {"organisation": "Bouwunie", "status": "proposed"}
    ]
    assert user_personal_data(user=contact)["prospect_contacts"] == [
        {"organisation": "Unizo", "contact_email": contact.email.upper()}
    ]

    user_delete(user=contact)
    user_delete(user=coordinator)

    reached.refresh_from_db()
    owned.refresh_from_db()
    assert reached.contact_email == ""
    assert owned.owner is None


def test_the_service_refuses_an_invalid_enterprise_number_and_keeps_what_it_is_not_given():
    from django.core.exceptions import ValidationError

    from stemcharter.outreach.services import prospect_create, prospect_update

    coordinator = make_user("coordinator")
    with pytest.raises(ValidationError) as caught:
        prospect_create(by=coordinator, name="Bouwunie", enterprise_number="0123.456.789")
    assert "enterprise_number" in caught.value.error_dict
    assert not Prospect.objects.exists()

    prospect = prospect_create(by=coordinator, name="Bouwunie", enterprise_number="0123456749")
    prospect_update(prospect=prospect, by=coordinator, notes="gebeld")
    prospect.refresh_from_db()
    assert prospect.enterprise_number == "0123456749"
    assert prospect.notes == "gebeld"
