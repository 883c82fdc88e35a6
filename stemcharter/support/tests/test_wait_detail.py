"""A request's page in the back office (``/beheer/hulpvragen/<pk>/``): the whole request, its
offers, suggestions and history; suggesting a signatory by hand (once per request and
signatory, audited, a personal email to each of its members with the link to the request's
page for signatories). A contact point of another subregion does not find it."""

import pytest
from django.core import mail
from django.urls import reverse

from stemcharter.audit.models import AuditEntry
from stemcharter.common.tests.roles import make_user
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.support.models import Suggestion
from stemcharter.support.selectors import suggestion_candidates
from stemcharter.support.services import support_request_confirm

from .factories import OfferFactory, SupportRequestFactory, accepted_offer_on, signatory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def page(support_request) -> str:
    return reverse("backoffice:support-request-detail", kwargs={"pk": support_request.pk})


@pytest.fixture
def subregion():
    return SubregionFactory()


@pytest.fixture
def support_request(subregion):
    return SupportRequestFactory(
        title="Gastles over robots", subregion=subregion, school_name="", pupils=24
    )


@pytest.fixture
def contact_point(subregion):
    return make_user("contact_point", subregion=subregion)


def test_the_page_shows_the_request_its_offers_and_suggestions(
    client, support_request, contact_point
):
    offer = OfferFactory(support_request=support_request, what="Een ingenieur met een robotarm")
    suggested = signatory(name="Robotica NV", subregions=[support_request.subregion])
    Suggestion.objects.create(
        support_request=support_request, organisation=suggested, note="Zij doen dit vaak"
    )
    client.force_login(contact_point)
    response = client.get(page(support_request))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content
    assert "Gastles over robots" in content
    assert support_request.description in content
    assert support_request.created_by.email in content  # the contact point may reach the asker
    assert offer.organisation.name in content
    assert "Een ingenieur met een robotarm" in content
    assert "Robotica NV" in content
    assert "Zij doen dit vaak" in content


def test_a_contact_point_of_another_subregion_gets_404(client, support_request):
    client.force_login(make_user("contact_point"))
    assert client.get(page(support_request)).status_code == 404
    assert client.post(page(support_request), {}).status_code == 404


def test_a_coordinator_sees_any_request(client, support_request):
    client.force_login(make_user("coordinator"))
    assert client.get(page(support_request)).status_code == 200


def test_a_contact_point_suggests_a_signatory_its_members_get_a_personal_email(
    client, support_request, contact_point
):
    company = signatory(name="Robotica NV", subregions=[support_request.subregion])
    colleague = MembershipFactory(organisation=company).user
    mail.outbox.clear()
    client.force_login(contact_point)
    response = client.post(
        page(support_request),
        {"organisation": company.pk, "note": "Jullie gaven vorig jaar een mooie gastles."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page(support_request)
    assert "You suggested the request to Robotica NV" in response.content.decode()
    suggestion = Suggestion.objects.get()
    assert (suggestion.organisation, suggestion.suggested_by) == (company, contact_point)
    assert suggestion.note == "Jullie gaven vorig jaar een mooie gastles."
    entry = AuditEntry.objects.get(code="support.suggestion.created")
    assert entry.actor == contact_point
    assert entry.target == suggestion
    # Shown in the request's history.
    assert "Signatory suggested for a request" in response.content.decode()

    members = {m.user.email for m in company.memberships.all()}
    assert colleague.email in members
    assert {message.to[0] for message in mail.outbox} == members
    message = next(m for m in mail.outbox if m.to == [colleague.email])
    # The offer lane's page, built by hand until it is merged (portal:support-offer-create).
    link = f"/portal/organisaties/{company.slug}/schoolvragen/{support_request.pk}/"
    assert link in message.body
    assert "Jullie gaven vorig jaar een mooie gastles." in message.body
    assert "Gastles over robots" in message.body
    assert support_request.created_by.email not in message.body  # not the asker's address


def test_a_second_suggestion_of_the_same_signatory_is_a_clear_message(
    client, support_request, contact_point
):
    company = signatory(name="Robotica NV", subregions=[support_request.subregion])
    client.force_login(contact_point)
    client.post(page(support_request), {"organisation": company.pk})
    mail.outbox.clear()
    response = client.post(page(support_request), {"organisation": company.pk})
    assert response.status_code == 200
    assert "already suggested Robotica NV for this request" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert Suggestion.objects.count() == 1
    assert mail.outbox == []


def test_only_approved_signatories_other_than_the_school_can_be_suggested(
    client, support_request, contact_point
):
    not_signed = OrganisationFactory(subregions=[support_request.subregion])
    client.force_login(contact_point)
    for organisation in (not_signed, support_request.organisation):
        response = client.post(page(support_request), {"organisation": organisation.pk})
        assert response.status_code == 200
        assert "Choose a signatory of the charter from the list." in response.content.decode()
    response = client.post(page(support_request), {"note": "Wie?"})
    assert "Choose the signatory you suggest." in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_request_no_longer_open_cannot_be_suggested(client, support_request, contact_point):
    company = signatory(subregions=[support_request.subregion])
    support_request.status = "withdrawn"
    support_request.save()
    client.force_login(contact_point)
    response = client.post(page(support_request), {"organisation": company.pk})
    assert "no longer takes offers" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_form_offers_the_subregions_signatories_first_and_finds_others_by_name(
    client, support_request, contact_point
):
    here = signatory(name="Robotica Gent", subregions=[support_request.subregion])
    elsewhere = signatory(name="Robotica Brugge", subregions=[SubregionFactory()])
    signatory(name="Bakkerij Leuven", subregions=[SubregionFactory()])
    shown = suggestion_candidates(support_request)
    assert (shown.in_subregion, shown.elsewhere) == ([here], [])
    found = suggestion_candidates(support_request, search="robotica")
    assert (found.in_subregion, found.elsewhere) == ([here], [elsewhere])

    client.force_login(contact_point)
    content = client.get(page(support_request) + "?q=robotica").content.decode()
    assert "Robotica Brugge" in content
    assert "Bakkerij Leuven" not in content
    # A signatory found by its name is suggested like one of the subregion.
    client.post(page(support_request) + "?q=robotica", {"organisation": elsewhere.pk})
    assert Suggestion.objects.get().organisation == elsewhere


def test_the_short_list_stays_short(support_request):
    for number in range(5):
        signatory(name=f"Bedrijf {number}", subregions=[support_request.subregion])
    shown = suggestion_candidates(support_request, limit=3)
    assert len(shown.in_subregion) == 3
    assert shown.more


def test_the_audit_trail_links_the_suggestion_to_the_requests_page(client, support_request):
    coordinator = make_user("coordinator")
    company = signatory(subregions=[support_request.subregion])
    client.force_login(coordinator)
    client.post(page(support_request), {"organisation": company.pk})
    content = client.get(reverse("backoffice:audit-list")).content.decode()
    assert f'href="{page(support_request)}"' in content


def test_a_teachers_request_of_a_school_that_has_not_signed(client, subregion, contact_point):
    support_request = SupportRequestFactory(
        organisation=None,
        school_name="Basisschool De Linde",
        school_town="Aalst",
        subregion=subregion,
    )
    company = signatory(subregions=[subregion])
    client.force_login(contact_point)
    content = client.get(page(support_request)).content.decode()
    assert "Basisschool De Linde, Aalst" in content
    mail.outbox.clear()
    client.post(page(support_request), {"organisation": company.pk})
    [message] = mail.outbox
    assert "Basisschool De Linde, Aalst" in message.body


def test_the_history_reads_in_words_not_ids(client):
    offer = accepted_offer_on()
    support_request = offer.support_request
    support_request_confirm(
        support_request=support_request,
        side="school",
        by=support_request.created_by,
        happened=False,
        feedback="",
    )
    client.force_login(make_user("coordinator"))
    content = client.get(page(support_request)).content.decode()
    assert "Support request: said whether the help took place" in content
    assert "Who answered" in content
    assert "the school" in content
    assert "Took place" in content
    assert "not_delivered" not in content
    assert "matched" not in content
