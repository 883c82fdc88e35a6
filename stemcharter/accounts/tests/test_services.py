"""Services of accounts: an account made for someone who is not logged in (signing)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from stemcharter.accounts.models import User
from stemcharter.accounts.services import user_create
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_user_create_makes_an_unverified_account():
    user, email_address = user_create(
        email=" Ann@Example.ORG ",
        name=" Ann ",
        password="Unusual-pass-42",
        language="en",
        via="signing",
    )
    assert user.email == "ann@example.org"
    assert user.name == "Ann"
    assert user.language == "en"
    assert user.check_password("Unusual-pass-42")
    assert (email_address.email, email_address.primary, email_address.verified) == (
        "ann@example.org",
        True,
        False,
    )
    assert AuditEntry.objects.filter(code="accounts.user.created", actor=user).exists()
    assert AuditEntry.objects.get(code="accounts.user.created").data == {"via": "signing"}


def test_user_create_falls_back_to_the_default_language():
    user, _address = user_create(
        email="x@example.org", name="X", password="Unusual-pass-42", language="fr", via="signing"
    )
    assert user.language == "nl"


@pytest.mark.parametrize("existing", ["ann@example.org", "ANN@example.org"])
def test_user_create_refuses_an_existing_address(existing):
    UserFactory(email=existing.lower())
    with pytest.raises(ValidationError) as excinfo:
        user_create(
            email=existing, name="Ann", password="Unusual-pass-42", language="nl", via="signing"
        )
    assert excinfo.value.error_dict["email"][0].code == "account_exists"
    assert User.objects.count() == 1


def test_user_create_refuses_an_address_of_another_account():
    owner = UserFactory(email="owner@example.org")
    EmailAddress.objects.create(user=owner, email="second@example.org", verified=True)
    with pytest.raises(ValidationError):
        user_create(
            email="second@example.org",
            name="X",
            password="Unusual-pass-42",
            language="nl",
            via="signing",
        )
