"""Partner calls' services: post, answer (emailed to the caller), close, link the joint
action; bad input is refused with a clear message; every change is audited."""

from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support import services
from stemcharter.support.models import PartnerCall, PartnerCallAnswer

from .factories import PartnerCallFactory, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@contextmanager
def refused(code: str):
    """The service refuses with a ValidationError of ``code`` (its message is translated)."""
    with pytest.raises(ValidationError) as excinfo:
        yield
    assert excinfo.value.code == code


def member_of(organisation):
    return organisation.memberships.get().user


def _create(organisation, **kwargs):
    values = {
        "title": "Partners voor een zomerkamp",
        "description": "Een week programmeren met jongeren.",
        "categories": [Category.EDUCATION],
    }
    values.update(kwargs)
    return services.partner_call_create(
        organisation=organisation, by=member_of(organisation), **values
    )


class TestCreate:
    def test_a_member_of_a_signatory_posts_a_call(self):
        organisation = signatory()
        subregion = SubregionFactory()
        call = _create(
            organisation,
            categories=[Category.COMPANY, Category.EDUCATION, Category.COMPANY],
            subregions=[subregion],
        )
        assert call.status == PartnerCall.Status.OPEN
        assert call.created_by == member_of(organisation)
        # In the order of the categories, once each.
        assert call.categories == [Category.COMPANY, Category.EDUCATION]
        assert list(call.subregions.all()) == [subregion]
        entry = AuditEntry.objects.get(code="support.partner_call.created")
        assert entry.target_id == str(call.pk)

    def test_no_category_is_refused(self):
        with refused("categories"):
            _create(signatory(), categories=[])
        assert not PartnerCall.objects.exists()

    def test_an_unknown_category_is_refused(self):
        with refused("categories"):
            _create(signatory(), categories=["aliens"])

    def test_an_organisation_that_has_not_signed_cannot_post(self):
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation, user=UserFactory())
        with refused("not_signatory"):
            _create(organisation)

    def test_only_a_member_posts(self):
        with refused("not_member"):
            services.partner_call_create(
                organisation=signatory(),
                by=UserFactory(),
                title="Titel",
                description="Tekst",
                categories=[Category.COMPANY],
            )

    def test_an_empty_title_is_refused(self):
        with refused("title"):
            _create(signatory(), title="  ")


class TestAnswer:
    def test_the_answer_goes_to_every_member_of_the_caller(self):
        call = PartnerCallFactory()
        MembershipFactory(organisation=call.organisation, user=UserFactory())
        answerer = signatory(name="Robotica NV")
        person = member_of(answerer)
        person.name = "Ann Peeters"
        person.save()
        answer = services.partner_call_answer(
            partner_call=call, organisation=answerer, by=person, message="Wij  leveren robots."
        )
        assert answer.message == "Wij  leveren robots."
        recipients = {m.user.email for m in call.organisation.memberships.all()}
        assert {email.to[0] for email in mail.outbox} == recipients
        body = mail.outbox[0].body
        assert "Robotica NV" in body
        assert "Wij  leveren robots." in body
        assert "Ann Peeters" in body
        assert person.email in body
        assert person.email in mail.outbox[0].reply_to[0]
        entry = AuditEntry.objects.get(code="support.partner_call.answered")
        assert entry.data == {"organisation": "Robotica NV"}

    def test_answering_twice_is_refused(self):
        call = PartnerCallFactory()
        answerer = signatory(name="Robotica NV")
        services.partner_call_answer(
            partner_call=call, organisation=answerer, by=member_of(answerer), message="Eerst"
        )
        colleague = UserFactory()
        MembershipFactory(organisation=answerer, user=colleague)
        with refused("answered"):
            services.partner_call_answer(
                partner_call=call, organisation=answerer, by=colleague, message="Nog eens"
            )
        assert PartnerCallAnswer.objects.count() == 1

    def test_one_cannot_answer_ones_own_call(self):
        call = PartnerCallFactory()
        with refused("own_call"):
            services.partner_call_answer(
                partner_call=call,
                organisation=call.organisation,
                by=member_of(call.organisation),
                message="Ikzelf",
            )
        assert not mail.outbox

    def test_a_closed_call_takes_no_answer(self):
        call = PartnerCallFactory(status=PartnerCall.Status.CLOSED)
        answerer = signatory()
        with refused("closed"):
            services.partner_call_answer(
                partner_call=call, organisation=answerer, by=member_of(answerer), message="Hallo"
            )
        assert not PartnerCallAnswer.objects.exists()

    def test_an_organisation_that_has_not_signed_cannot_answer(self):
        organisation = OrganisationFactory()
        user = UserFactory()
        MembershipFactory(organisation=organisation, user=user)
        with refused("not_signatory"):
            services.partner_call_answer(
                partner_call=PartnerCallFactory(), organisation=organisation, by=user, message="Hi"
            )

    def test_an_empty_message_is_refused(self):
        answerer = signatory()
        with refused("message"):
            services.partner_call_answer(
                partner_call=PartnerCallFactory(),
                organisation=answerer,
                by=member_of(answerer),
                message=" ",
            )


class TestCloseAndLink:
    def test_close(self):
        call = PartnerCallFactory()
        services.partner_call_close(partner_call=call, by=member_of(call.organisation))
        call.refresh_from_db()
        assert call.status == PartnerCall.Status.CLOSED
        assert AuditEntry.objects.filter(code="support.partner_call.closed").count() == 1
        with refused("closed"):
            services.partner_call_close(partner_call=call, by=member_of(call.organisation))

    def test_link_an_action_of_the_caller_as_organiser_or_partner(self):
        call = PartnerCallFactory()
        by = member_of(call.organisation)
        organised = PublishedActionFactory(organisation=call.organisation)
        services.partner_call_link_action(partner_call=call, action=organised, by=by)
        call.refresh_from_db()
        assert call.action == organised
        partnered = PublishedActionFactory()
        partnered.partners.add(call.organisation)
        services.partner_call_link_action(partner_call=call, action=partnered, by=by)
        services.partner_call_link_action(partner_call=call, action=None, by=by)
        call.refresh_from_db()
        assert call.action is None
        assert AuditEntry.objects.filter(code="support.partner_call.linked").count() == 2
        assert AuditEntry.objects.filter(code="support.partner_call.unlinked").count() == 1

    def test_an_action_of_another_organisation_is_refused(self):
        call = PartnerCallFactory()
        with refused("not_caller_action"):
            services.partner_call_link_action(
                partner_call=call, action=PublishedActionFactory(), by=member_of(call.organisation)
            )
        call.refresh_from_db()
        assert call.action is None
