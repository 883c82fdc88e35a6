"""The duplicate rule in the signing journey (the rule itself: organisations.services).

A second Sint-Jozefscollege with its own enterprise number signs; a second Jan Peeters in
another town signs; the same name in the same town is told to add what sets it apart, not sent
to "the person who signed for it". An unconfirmed signing holds no name and no number.
"""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.test import Client
from django.urls import reverse

from stemcharter.audit.models import AuditEntry
from stemcharter.charter.models import Signature
from stemcharter.charter.tests.test_signing import (
    DONE_URL,
    errors_of,
    public_signature,
    sign,
    sign_data,
    walk,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NAME_TAKEN_IN_TOWN = (
    "An organisation with this name is already registered in Gent. If yours is another one, "
    "add what sets yours apart to the name, for example the campus or the street."
)


def individual(name="Jan Peeters", town="Gent", **overrides):
    return sign_data(
        name=name, town=town, category=Category.INDIVIDUAL, enterprise_number="", **overrides
    )


def confirm(client, email):
    email_address = EmailAddress.objects.get(email=email)
    key = EmailConfirmationHMAC(email_address).key
    return client.post(reverse("account_confirm_email", args=[key]), follow=True)


def test_duplicate_rule_second_school_with_the_same_name_and_its_own_number_signs(client, charter):
    existing = OrganisationFactory(
        name="Sint-Jozefscollege", town="Aalst", enterprise_number="0123456749"
    )
    public_signature(existing, charter)
    data = sign_data(name="Sint-Jozefscollege", town="Torhout", enterprise_number="0200.065.765")
    response = sign(client, data)
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    new = Organisation.objects.exclude(pk=existing.pk).get()
    assert (new.name, new.town, new.enterprise_number) == (
        "Sint-Jozefscollege",
        "Torhout",
        "0200065765",
    )
    assert new.slug != existing.slug


def test_duplicate_rule_second_jan_peeters_in_another_town_signs(client, charter):
    existing = OrganisationFactory(name="Jan Peeters", town="Leuven", category=Category.INDIVIDUAL)
    public_signature(existing, charter)
    response = sign(client, individual())
    assert response.status_code == 302
    assert Organisation.objects.filter(normalised_name="jan peeters").count() == 2


def test_duplicate_rule_same_name_in_the_same_town_suggests_what_sets_it_apart(client, charter):
    OrganisationFactory(name="Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    response = walk(client, individual(name="JAN PEETERS"))
    assert response.status_code == 200
    assert errors_of(response, "name") == [NAME_TAKEN_IN_TOWN]
    content = response.content.decode()
    assert "ask the person who signed for it" not in content
    # The clash is in the same town: adding the town would set nothing apart.
    assert "JAN PEETERS Gent" not in content
    assert "for example the campus or the street" in content
    # Adding what sets it apart is enough.
    response = walk(client, individual(name="Jan Peeters (ingenieur)"))
    assert response.status_code == 302


def test_duplicate_rule_same_public_name_in_the_same_town_offers_to_join_or_rename(client, charter):
    existing = OrganisationFactory(name="Jan Peeters", town="Gent", category=Category.INDIVIDUAL)
    public_signature(existing, charter)
    response = walk(client, individual())
    content = response.content.decode()
    assert errors_of(response, "name") == [NAME_TAKEN_IN_TOWN]
    assert "Ask to join Jan Peeters instead" in content
    assert "Jan Peeters Gent" not in content


def test_duplicate_rule_same_enterprise_number_is_the_same_organisation(client, charter):
    existing = OrganisationFactory(
        name="Iets Anders", town="Brugge", enterprise_number="0123456749"
    )
    public_signature(existing, charter)
    response = walk(client, sign_data(name="Sint-Jozefscollege", town="Gent"))
    assert errors_of(response, "enterprise_number") == [
        "An organisation with this enterprise number is already registered."
    ]
    assert "Ask to join Iets Anders instead" in response.content.decode()


# Nobody holds a name hostage: an unconfirmed signing blocks nobody.


def test_unconfirmed_signing_holds_no_name_or_enterprise_number(client, charter):
    assert sign(client).status_code == 302  # Ann, never confirmed
    first = Organisation.objects.get()
    assert first.is_provisional
    other = Client()
    response = sign(other, sign_data(email="bert@example.org"))
    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    assert Organisation.objects.filter(enterprise_number="0123456749").count() == 2
    assert Signature.objects.filter(status=Signature.Status.AWAITING_EMAIL).count() == 2


def test_unconfirmed_signing_when_both_confirm_the_first_to_confirm_keeps_the_name(client, charter):
    sign(client)  # Ann signs first
    bert = Client()
    sign(bert, sign_data(email="bert@example.org"))
    mail.outbox.clear()

    # Bert confirms first: his organisation now holds the name and the number.
    confirm(bert, "bert@example.org")
    berts = Signature.objects.get(signer__email="bert@example.org")
    assert berts.status == Signature.Status.SUBMITTED
    assert not berts.organisation.is_provisional
    assert AuditEntry.objects.filter(
        code="organisations.organisation.confirmed", target_id=str(berts.organisation.pk)
    ).exists()

    # Ann confirms later: her signing cannot go on, she is told why and what she can do.
    mail.outbox.clear()
    response = confirm(client, "ann.peeters@example.org")
    anns = Signature.objects.get(signer__email="ann.peeters@example.org")
    assert anns.status == Signature.Status.WITHDRAWN
    assert anns.organisation.is_provisional
    assert "someone else registered this organisation" in anns.withdrawal_reason
    assert AuditEntry.objects.filter(
        code="charter.signature.withdrawn", target_id=str(anns.pk)
    ).exists()
    content = response.content.decode()
    assert "Someone else confirmed the registration of Fictief Bouwbedrijf nv first" in content
    to_ann = [m for m in mail.outbox if m.to == ["ann.peeters@example.org"]]
    assert len(to_ann) == 1
    assert "Fictief Bouwbedrijf nv" in to_ann[0].subject
    assert "contact the coordinators" in to_ann[0].body
    # Ann's email is confirmed all the same: she can log in and ask to join.
    assert EmailAddress.objects.get(email="ann.peeters@example.org").verified
    # And now the name is taken for a new signer.
    response = walk(Client(), sign_data(email="carl@example.org"))
    assert errors_of(response, "enterprise_number")
