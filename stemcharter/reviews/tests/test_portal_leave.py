"""An organisation named in another's item (a partner of a joint action, an organisation in a
story) can take itself off it: nobody is shown as taking part in what it did not agree to."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.editing import reviewable_partner_leave
from stemcharter.reviews.services import revision_start
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def joint():
    organiser = make_signatory(name="Organisator", slug="organisator")
    partner = make_signatory(name="Partnerschool", slug="partnerschool")
    organiser_member = MembershipFactory(organisation=organiser, user__language="en").user
    partner_member = MembershipFactory(organisation=partner).user
    action = PublishedActionFactory(organisation=organiser, title="Samen bouwen")
    action.partners.add(partner)
    return {
        "organiser": organiser,
        "partner": partner,
        "organiser_member": organiser_member,
        "partner_member": partner_member,
        "action": action,
    }


def portal_url(name: str, organisation, item) -> str:
    return reverse(
        f"portal:action-{name}", kwargs={"organisation_slug": organisation.slug, "pk": item.pk}
    )


def test_a_partner_takes_itself_off_a_joint_action(client, joint):
    action, partner = joint["action"], joint["partner"]
    copy = revision_start(item=action, by=joint["organiser_member"])
    client.force_login(joint["partner_member"])
    leave_url = portal_url("leave", partner, action)

    assert leave_url in client.get(portal_url("detail", partner, action)).text
    assert (
        'Take Partnerschool off “<span lang="nl">Samen bouwen</span>”?'
        in client.get(leave_url).text
    )
    mail.outbox.clear()
    response = client.post(leave_url)

    list_url = reverse("portal:action-list", kwargs={"organisation_slug": partner.slug})
    assert response.status_code == 302
    assert response.url == list_url
    assert not action.partners.exists()
    assert not copy.partners.exists()  # the waiting new version forgets it too
    assert "Samen bouwen</a>" not in client.get(list_url).text
    entry = AuditEntry.objects.for_object(action).get(code="reviews.item.partner_left")
    assert entry.data["organisation"] == "Partnerschool"
    [email] = mail.outbox
    assert email.to == [joint["organiser_member"].email]
    assert "Partnerschool took itself off “Samen bouwen”" in email.subject
    # The public page of the action no longer names it.
    assert "Partnerschool" not in client.get(action.get_absolute_url()).text


def test_the_organiser_cannot_leave_its_own_action(client, joint):
    action, organiser = joint["action"], joint["organiser"]
    client.force_login(joint["organiser_member"])
    response = client.post(portal_url("leave", organiser, action))
    assert response.status_code == 302
    assert response.url == portal_url("detail", organiser, action)
    assert action.partners.count() == 1
    assert portal_url("leave", organiser, action) not in (
        client.get(portal_url("detail", organiser, action)).text
    )


def test_an_organisation_not_named_cannot_reach_it(client, joint):
    other = make_signatory(name="Ander", slug="ander")
    client.force_login(MembershipFactory(organisation=other).user)
    assert client.post(portal_url("leave", other, joint["action"])).status_code == 404
    assert joint["action"].partners.count() == 1


def test_a_visitor_is_sent_to_log_in(client, joint):
    response = client.post(portal_url("leave", joint["partner"], joint["action"]))
    assert response.status_code == 302
    assert "/account/login/" in response.url
    assert joint["action"].partners.count() == 1


def test_leaving_twice_says_so(joint):
    args = {"item": joint["action"], "field": "partners", "organisation": joint["partner"]}
    reviewable_partner_leave(**args, by=joint["partner_member"])
    with pytest.raises(ValidationError) as excinfo:
        reviewable_partner_leave(**args, by=joint["partner_member"])
    assert excinfo.value.code == "not_named"


def test_an_organisation_takes_itself_off_a_story(client, joint):
    story = PublishedStoryFactory(organisation=joint["organiser"], title="Ons verhaal")
    story.organisations.add(joint["partner"])
    client.force_login(joint["partner_member"])
    url = reverse(
        "portal:story-leave",
        kwargs={"organisation_slug": joint["partner"].slug, "pk": story.pk},
    )
    assert client.post(url).status_code == 302
    assert not story.organisations.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_organiser_is_told_why_it_cannot_leave(client, joint, method):
    """Not a silent redirect: the item's page, with the reason (GET and POST alike)."""
    from django.contrib.messages import get_messages

    action, organiser = joint["action"], joint["organiser"]
    client.force_login(joint["organiser_member"])
    response = getattr(client, method)(portal_url("leave", organiser, action))
    assert response.url == portal_url("detail", organiser, action)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Organisator cannot take itself off this: only an organisation named beside its "
        "author can, while it is named."
    ]
