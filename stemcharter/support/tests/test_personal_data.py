"""A teacher deletes their account: what they asked for a school that has not signed stays,
without them, so the help signatories gave still counts; what still waits for help is
withdrawn and the signatories that offered are told."""

import pytest
from django.core import mail

from stemcharter.accounts.selectors import user_personal_data
from stemcharter.accounts.services import user_delete
from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.support.models import Offer, SupportRequest

from .factories import OfferFactory, SupportRequestFactory, accepted_offer_on

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_deleting_a_teacher_keeps_the_help_given_and_withdraws_what_waits():
    teacher = UserFactory()
    teacher_request = {"organisation": None, "school_name": "Basisschool De Linde"}
    waiting = SupportRequestFactory(created_by=teacher, **teacher_request)
    pending = OfferFactory(support_request=waiting)
    given = accepted_offer_on(created_by=teacher, **teacher_request)  # its dates are past
    SupportRequest.objects.filter(pk=given.support_request_id).update(
        status=SupportRequest.Status.DELIVERED
    )
    mail.outbox.clear()

    user_delete(user=teacher)

    waiting.refresh_from_db()
    assert waiting.status == SupportRequest.Status.WITHDRAWN
    assert waiting.created_by is None
    pending.refresh_from_db()
    assert pending.status == Offer.Status.DECLINED
    member = pending.organisation.memberships.get().user
    assert any(member.email in message.to for message in mail.outbox)
    kept = SupportRequest.objects.get(pk=given.support_request_id)
    assert kept.status == SupportRequest.Status.DELIVERED
    assert kept.created_by is None
    assert Offer.objects.get(pk=given.pk).status == Offer.Status.ACCEPTED


def test_the_download_holds_what_the_person_wrote():
    offer = OfferFactory(message="Wij komen graag.")
    teacher = offer.support_request.created_by
    data = user_personal_data(user=teacher)
    assert data["support_requests"][0]["what_you_need"] == offer.support_request.description
    offered = user_personal_data(user=offer.created_by)["support_offers"][0]
    assert offered["what_you_offer"] == offer.what
    assert offered["message"] == "Wij komen graag."
