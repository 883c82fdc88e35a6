"""The school's side of support requests, through its services: asking (a school that signed,
a teacher of a school that has not), accepting one offer and declining the others, declining
one with thanks, withdrawing; the bad input of the issue's quality bar."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import PUPILS_MAX, Offer, SupportRequest
from stemcharter.support.services import (
    offer_accept,
    offer_decline,
    support_request_create,
    support_request_errors,
    support_request_withdraw,
)
from stemcharter.vocabulary.models import Audience, Discipline

from .factories import OfferFactory, SupportRequestFactory, requestable_kind, school, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def request_data(**changes) -> dict:
    data = {
        "kind": requestable_kind(),
        "title": "Gastles over robots",
        "description": "Een ingenieur die vertelt hoe robots werken.",
        "disciplines": [Discipline.objects.order_by("pk").first()],
        "audiences": [Audience.objects.order_by("pk").first()],
        "pupils": 24,
        "subregion": SubregionFactory(),
        "date_from": days(20),
        "date_until": days(30),
        "answer_deadline": days(10),
    }
    data.update(changes)
    return data


def member_of(organisation):
    return organisation.memberships.get().user


# Asking


def test_a_member_of_a_school_that_signed_asks_in_its_name():
    organisation = school()
    user = member_of(organisation)
    support_request = support_request_create(
        organisation=organisation, by=user, data=request_data()
    )
    assert support_request.status == SupportRequest.Status.OPEN
    assert support_request.school_display_name == organisation.name
    assert support_request.audiences.count() == 1
    assert support_request.disciplines.count() == 1
    entry = AuditEntry.objects.get(code="support.request.created")
    assert entry.actor == user
    assert entry.target_id == str(support_request.pk)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "Sign the charter" not in mail.outbox[0].body


def test_a_company_cannot_ask_in_its_name():
    organisation = signatory(category=Category.COMPANY)
    with pytest.raises(ValidationError, match="education institutions"):
        support_request_create(
            organisation=organisation, by=member_of(organisation), data=request_data()
        )
    assert not SupportRequest.objects.exists()


def test_a_school_that_has_not_signed_cannot_ask_in_its_name():
    organisation = OrganisationFactory(category=Category.EDUCATION)
    user = MembershipFactory(organisation=organisation).user
    with pytest.raises(ValidationError, match="signed the charter"):
        support_request_create(organisation=organisation, by=user, data=request_data())


def test_only_a_member_asks_in_a_schools_name():
    with pytest.raises(ValidationError, match="member of the school"):
        support_request_create(organisation=school(), by=UserFactory(), data=request_data())


def test_a_teacher_without_a_signatory_names_the_school_and_is_invited_to_sign():
    user = UserFactory()
    support_request = support_request_create(
        organisation=None,
        by=user,
        data=request_data(school_name="Basisschool De Linde", school_town="Lier"),
    )
    assert support_request.organisation is None
    assert support_request.school_display_name == "Basisschool De Linde"
    assert support_request.school_town == "Lier"
    body = mail.outbox[0].body
    # In the teacher's language (Dutch, the default).
    assert "Basisschool De Linde heeft het STEM-charter nog niet ondertekend" in body
    assert "/ondertekenen/" in body


def test_a_teacher_with_an_unconfirmed_address_cannot_ask():
    user = UserFactory(verified=False)
    with pytest.raises(ValidationError, match="Confirm your email address"):
        support_request_create(
            organisation=None,
            by=user,
            data=request_data(school_name="De Linde", school_town="Lier"),
        )


def test_a_teacher_without_a_signatory_must_name_the_school():
    with pytest.raises(ValidationError) as refused:
        support_request_create(organisation=None, by=UserFactory(), data=request_data())
    assert "school_name" in refused.value.error_dict


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        # Dates as callables: worked out when the test runs, not when it is collected (a run
        # that passes midnight would otherwise compare yesterday's dates with today's).
        ({"answer_deadline": lambda: days(-1)}, "answer_deadline", "cannot be in the past"),
        ({"answer_deadline": lambda: days(31)}, "answer_deadline", "on or before the last day"),
        ({"date_from": lambda: days(-1)}, "date_from", "cannot be in the past"),
        (
            {"date_from": lambda: days(30), "date_until": lambda: days(20)},
            "date_until",
            "comes before",
        ),
        ({"pupils": 0}, "pupils", "at least 1"),
        ({"pupils": PUPILS_MAX + 1}, "pupils", "at least 1"),
        ({"pupils": 10**9}, "pupils", "at least 1"),
        ({"audiences": []}, "audiences", "at least one audience"),
    ],
)
def test_bad_input_is_refused_with_a_message_beside_its_field(changes, field, words):
    changes = {key: value() if callable(value) else value for key, value in changes.items()}
    organisation = school()
    with pytest.raises(ValidationError) as refused:
        support_request_create(
            organisation=organisation, by=member_of(organisation), data=request_data(**changes)
        )
    assert words in " ".join(refused.value.error_dict[field][0].messages)
    assert not SupportRequest.objects.exists()


def test_a_kind_schools_cannot_ask_for_is_refused():
    from stemcharter.vocabulary.models import ActionType

    other = ActionType.objects.filter(requestable=False).first()
    assert "kind" in support_request_errors({"kind": other})


def test_today_is_allowed_for_the_first_day_and_the_deadline():
    assert (
        support_request_errors(
            {"date_from": TODAY(), "date_until": TODAY(), "answer_deadline": TODAY(), "pupils": 1}
        )
        == {}
    )


# Accepting and declining


def test_accepting_one_offer_declines_the_others_and_exchanges_the_contacts():
    support_request = SupportRequestFactory()
    chosen, other, third = (OfferFactory(support_request=support_request) for _ in range(3))
    asker = support_request.created_by
    mail.outbox.clear()

    offer_accept(offer=chosen, by=asker, thank_you="Dank je, we vonden een partner.")

    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.MATCHED
    assert support_request.decided_at is not None
    statuses = {o.pk: o.status for o in Offer.objects.all()}
    assert statuses == {
        chosen.pk: Offer.Status.ACCEPTED,
        other.pk: Offer.Status.DECLINED,
        third.pk: Offer.Status.DECLINED,
    }
    assert Offer.objects.get(pk=other.pk).thank_you == "Dank je, we vonden een partner."
    by_recipient = {m.to[0]: m for m in mail.outbox}
    accepted_mail = by_recipient[member_of(chosen.organisation).email]
    assert asker.email in accepted_mail.body
    assert asker.name in accepted_mail.body
    declined_mail = by_recipient[member_of(other.organisation).email]
    assert "“Dank je, we vonden een partner.”" in declined_mail.body
    assert asker.email not in declined_mail.body  # no contact details for the others
    assert AuditEntry.objects.filter(code="support.offer.accepted").count() == 1
    assert AuditEntry.objects.filter(code="support.offer.declined").count() == 2


def test_accepting_on_a_request_that_is_no_longer_open_changes_nothing():
    support_request = SupportRequestFactory()
    first, second = (OfferFactory(support_request=support_request) for _ in range(2))
    offer_accept(offer=first, by=support_request.created_by)
    with pytest.raises(ValidationError, match="accepted already"):
        offer_accept(offer=second, by=support_request.created_by)
    assert Offer.objects.get(pk=first.pk).status == Offer.Status.ACCEPTED
    assert Offer.objects.get(pk=second.pk).status == Offer.Status.DECLINED


def test_accepting_on_a_withdrawn_request_is_refused():
    offer = OfferFactory()
    support_request_withdraw(support_request=offer.support_request, by=None)
    offer.refresh_from_db()
    with pytest.raises(ValidationError, match="withdrawn"):
        offer_accept(offer=offer, by=None)


def test_an_offer_of_another_request_is_never_accepted():
    support_request = SupportRequestFactory()
    OfferFactory(support_request=support_request)
    foreign = OfferFactory()
    forged = Offer.objects.get(pk=foreign.pk)
    forged.support_request = support_request  # what a forged form would claim
    with pytest.raises(ValidationError, match="not one of this request's offers"):
        offer_accept(offer=forged, by=support_request.created_by)
    assert not Offer.objects.filter(status=Offer.Status.ACCEPTED).exists()
    assert SupportRequest.objects.get(pk=support_request.pk).status == SupportRequest.Status.OPEN


def test_the_constraint_is_the_last_guard_and_its_error_is_a_clear_message():
    """A row accepted behind the services' back (the request still open): the constraint
    refuses a second acceptance, and the service says so in words."""
    support_request = SupportRequestFactory()
    behind = OfferFactory(support_request=support_request)
    Offer.objects.filter(pk=behind.pk).update(status=Offer.Status.ACCEPTED)
    offer = OfferFactory(support_request=support_request)
    with pytest.raises(ValidationError, match="accepted already"):
        offer_accept(offer=offer, by=support_request.created_by)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.PENDING
    assert SupportRequest.objects.get(pk=support_request.pk).status == SupportRequest.Status.OPEN


def test_declining_one_offer_sends_the_schools_words_and_keeps_the_request_open():
    offer = OfferFactory()
    mail.outbox.clear()
    offer_decline(offer=offer, by=offer.support_request.created_by, thank_you="Bedankt!")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED
    assert offer.thank_you == "Bedankt!"
    assert offer.support_request.status == SupportRequest.Status.OPEN
    (message,) = mail.outbox
    assert "schrijft:\n“Bedankt!”" in message.body  # in the member's language (Dutch)
    assert offer.support_request.created_by.email not in message.body


def test_declining_needs_a_word_of_thanks():
    offer = OfferFactory()
    with pytest.raises(ValidationError) as refused:
        offer_decline(offer=offer, by=None, thank_you="  ")
    assert "thank_you" in refused.value.error_dict


def test_an_offer_answered_already_cannot_be_declined_again():
    offer = OfferFactory()
    offer_decline(offer=offer, by=None, thank_you="Bedankt")
    with pytest.raises(ValidationError, match="already answered"):
        offer_decline(offer=offer, by=None, thank_you="Bedankt")


# Withdrawing


def test_withdrawing_declines_the_pending_offers_and_tells_every_offerer():
    support_request = SupportRequestFactory()
    offers = [OfferFactory(support_request=support_request) for _ in range(2)]
    mail.outbox.clear()
    support_request_withdraw(
        support_request=support_request, by=support_request.created_by, reason="Les geschrapt."
    )
    support_request.refresh_from_db()
    assert support_request.status == SupportRequest.Status.WITHDRAWN
    assert {Offer.objects.get(pk=o.pk).status for o in offers} == {Offer.Status.DECLINED}
    assert len(mail.outbox) == 2
    assert all("“Les geschrapt.”" in m.body for m in mail.outbox)
    assert AuditEntry.objects.filter(code="support.request.withdrawn").exists()
    with pytest.raises(ValidationError, match="closed already"):
        support_request_withdraw(support_request=support_request, by=None)
