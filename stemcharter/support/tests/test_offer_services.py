"""Offering help on a school's request (the signatory's side): who may offer, on which
requests, once; the first offer's time; the email to the school; withdrawing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.support import services
from stemcharter.support.models import Offer, SupportRequest

from .factories import OfferFactory, SupportRequestFactory, school, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def offer_data(**changes) -> dict:
    return {
        "what": "Een ingenieur komt een uur vertellen over robots.",
        "proposed_date": None,
        "message": "We kijken ernaar uit.",
        **changes,
    }


def offer(support_request, organisation=None, **changes) -> Offer:
    organisation = organisation or signatory()
    return services.offer_create(
        support_request=support_request,
        organisation=organisation,
        by=organisation.memberships.first().user,
        data=offer_data(**changes),
    )


def refusal(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def test_an_offer_is_made_audited_and_sets_the_time_of_the_first_offer():
    support_request = SupportRequestFactory()
    company = signatory(name="Robotica NV")
    made = offer(support_request, company, proposed_date=support_request.date_from)

    assert made.status == Offer.Status.PENDING
    assert made.organisation == company
    assert made.proposed_date == support_request.date_from
    assert made.created_by == company.memberships.get().user
    support_request.refresh_from_db()
    assert support_request.first_offer_at == made.created_at
    entry = AuditEntry.objects.get(code="support.offer.created")
    assert entry.actor == made.created_by
    assert entry.target_id == str(made.pk)


def test_a_second_offer_keeps_the_time_of_the_first():
    support_request = SupportRequestFactory()
    first = offer(support_request)
    offer(support_request)
    support_request.refresh_from_db()
    assert support_request.first_offer_at == first.created_at
    assert support_request.offers.count() == 2


@pytest.mark.parametrize(
    "status",
    [
        SupportRequest.Status.MATCHED,
        SupportRequest.Status.WITHDRAWN,
        SupportRequest.Status.DELIVERED,
        SupportRequest.Status.NOT_DELIVERED,
    ],
)
def test_no_offer_on_a_closed_request(status):
    support_request = SupportRequestFactory(status=status)
    with pytest.raises(ValidationError) as error:
        offer(support_request)
    assert "no longer takes offers" in refusal(error)
    assert not Offer.objects.exists()


def test_no_offer_past_the_deadline_but_still_on_its_day():
    today = timezone.localdate()
    support_request = SupportRequestFactory(answer_deadline=today - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        offer(support_request)
    assert "deadline for offers on this request has passed" in refusal(error)

    assert offer(SupportRequestFactory(answer_deadline=today)).pk


def test_a_school_cannot_offer_on_its_own_request():
    own = school()
    support_request = SupportRequestFactory(organisation=own)
    with pytest.raises(ValidationError) as error:
        offer(support_request, own)
    assert "your own school's request" in refusal(error)


def test_an_organisation_offers_once():
    support_request = SupportRequestFactory()
    company = signatory()
    offer(support_request, company)
    with pytest.raises(ValidationError) as error:
        offer(support_request, company)
    assert "already offered help on this request" in refusal(error)
    assert support_request.offers.count() == 1


def test_the_unique_constraint_is_the_last_guard_against_a_second_offer(monkeypatch):
    """Two tabs that both passed the check: the database refuses the second, with words."""
    support_request = SupportRequestFactory()
    company = signatory()
    offer(support_request, company)
    monkeypatch.setattr(services, "offer_refusal", lambda **kwargs: "")
    with pytest.raises(ValidationError) as error:
        offer(support_request, company)
    assert error.value.code == "twice"
    assert "already offered help on this request" in refusal(error)
    assert support_request.offers.count() == 1


def test_only_an_approved_signatory_offers():
    not_signed = OrganisationFactory(category=Category.COMPANY)
    MembershipFactory(organisation=not_signed, user=UserFactory())
    with pytest.raises(ValidationError) as error:
        offer(SupportRequestFactory(), not_signed)
    assert "Only signatories of the STEM-charter" in refusal(error)


@pytest.mark.parametrize("days", [-1, 8])  # the window is date_from .. date_from + 7
def test_a_proposed_day_outside_the_window_is_refused(days):
    support_request = SupportRequestFactory()
    day = support_request.date_from + datetime.timedelta(days=days)
    with pytest.raises(ValidationError) as error:
        offer(support_request, proposed_date=day)
    assert set(error.value.message_dict) == {"proposed_date"}
    assert "Choose a day between" in error.value.message_dict["proposed_date"][0]
    assert not Offer.objects.exists()


def test_a_day_on_the_edges_of_the_window_or_none_will_do():
    support_request = SupportRequestFactory()
    assert offer(support_request, proposed_date=support_request.date_until).pk
    assert offer(support_request, proposed_date=support_request.date_from).pk
    assert offer(support_request, proposed_date=None).pk


def test_an_offer_says_what():
    with pytest.raises(ValidationError) as error:
        offer(SupportRequestFactory(), what="   ")
    assert "Say what you offer" in error.value.message_dict["what"][0]


def test_the_school_members_are_told_which_organisation_offers_what():
    asker = UserFactory(email="directeur@example.org")
    school_organisation = school(name="Basisschool De Linde", member=asker)
    MembershipFactory(organisation=school_organisation, user__email="juf@example.org")
    support_request = SupportRequestFactory(
        organisation=school_organisation, created_by=asker, title="Gastles"
    )
    company = signatory(name="Robotica & Co", member=UserFactory(email="ingenieur@example.org"))
    mail.outbox.clear()

    made = offer(support_request, company, message="Graag!")

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["directeur@example.org", "juf@example.org"]
    message = mail.outbox[0]
    assert "Robotica & Co" in message.subject
    assert "Gastles" in message.subject
    assert made.what in message.body
    assert "Graag!" in message.body
    assert f"/portal/hulpvragen/{support_request.pk}/" in message.body
    # The offerer's name and address wait until the school accepts.
    assert "ingenieur@example.org" not in message.body


def test_a_teacher_without_a_signatory_school_is_told():
    teacher = UserFactory(email="leraar@example.org")
    support_request = SupportRequestFactory(
        organisation=None, school_name="GO! Atheneum", school_town="Brugge", created_by=teacher
    )
    mail.outbox.clear()
    offer(support_request)
    assert [message.to for message in mail.outbox] == [["leraar@example.org"]]


def test_a_refused_offer_sends_no_email():
    support_request = SupportRequestFactory(status=SupportRequest.Status.MATCHED)
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        offer(support_request)
    assert mail.outbox == []


def test_a_pending_offer_is_withdrawn_audited_and_may_be_made_again():
    made = OfferFactory()
    member = made.organisation.memberships.get().user
    services.offer_withdraw(offer=made, by=member)
    made.refresh_from_db()
    assert made.status == Offer.Status.WITHDRAWN
    assert AuditEntry.objects.filter(code="support.offer.withdrawn", actor=member).exists()

    again = offer(made.support_request, made.organisation)
    assert again.status == Offer.Status.PENDING


@pytest.mark.parametrize(
    "status", [Offer.Status.ACCEPTED, Offer.Status.DECLINED, Offer.Status.WITHDRAWN]
)
def test_only_a_pending_offer_is_withdrawn(status):
    made = OfferFactory(status=status)
    with pytest.raises(ValidationError) as error:
        services.offer_withdraw(offer=made, by=made.created_by)
    assert "Only an offer the school has not answered yet" in refusal(error)
    made.refresh_from_db()
    assert made.status == status
