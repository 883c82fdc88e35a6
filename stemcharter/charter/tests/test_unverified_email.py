"""A signer whose email address is not confirmed yet: the signature waits, nothing is reviewed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stemcharter.accounts.tests.factories import PASSWORD, CoordinatorFactory, UserFactory
from stemcharter.charter.models import Signature
from stemcharter.charter.services import signature_approve, signature_reject
from stemcharter.charter.tests.factories import SignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    signer = UserFactory(verified=False)
    return SignatureFactory(
        signer=signer, status=Signature.Status.AWAITING_EMAIL, submitted_at=None
    )


def test_unconfirmed_signature_cannot_be_approved_or_rejected(waiting):
    coordinator = CoordinatorFactory()
    with pytest.raises(ValidationError) as approve_error:
        signature_approve(signature=waiting, by=coordinator)
    with pytest.raises(ValidationError) as reject_error:
        signature_reject(signature=waiting, by=coordinator, reason="Onvolledig")
    assert approve_error.value.code == reject_error.value.code == "awaiting_email"
    waiting.refresh_from_db()
    assert waiting.status == Signature.Status.AWAITING_EMAIL


def test_unconfirmed_signature_is_not_in_the_review_queue(client, waiting):
    client.force_login(CoordinatorFactory())
    response = client.get(reverse("backoffice:signature-list"))
    assert waiting.organisation.name not in response.content.decode()


def test_unconfirmed_signer_cannot_log_in_and_is_told_to_confirm(client, waiting):
    response = client.post(
        "/en/account/login/", {"login": waiting.signer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/account/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_approve_view_explains_why(client, waiting):
    client.force_login(CoordinatorFactory())
    url = reverse("backoffice:signature-approve", kwargs={"pk": waiting.pk})
    response = client.post("/en" + url, follow=True)
    assert "has not confirmed their email address yet" in response.content.decode()
