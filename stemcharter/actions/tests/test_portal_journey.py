"""A member writes an action in steps, adds an image, checks and sends it; then the revision
flow from the portal."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.images.tests.factories import ImageFactory, picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def subregion():
    return SubregionFactory(name_en="Waasland")


@pytest.fixture
def organisation(subregion):
    return make_signatory(name="Robotica Waasland", slug="robotica-waasland")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


@pytest.fixture
def partner():
    return make_signatory(name="Technische School", slug="technische-school")


def url(name: str, organisation, **kwargs) -> str:
    return reverse(
        f"portal:action-{name}", kwargs={"organisation_slug": organisation.slug, **kwargs}
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def step_one_data(**overrides) -> dict:
    return {
        "action_type": ActionType.objects.order_by("position").first().pk,
        "title": "Open labodag",
        "summary": "Kom kijken hoe robots gebouwd worden.",
        "description": "## Programma\n\n- Rondleiding\n- Zelf solderen",
        **overrides,
    }


def test_the_whole_journey_from_draft_to_submitted(
    client, organisation, member, partner, subregion
):
    client.force_login(member)
    audience = Audience.objects.order_by("pk").first()
    discipline = Discipline.objects.order_by("pk").first()

    response = client.get(url("create", organisation))
    assert response.status_code == 200
    assert "Step 1 of 5" in response.text

    response = client.post(url("create", organisation), step_one_data())
    action = Action.objects.get()
    assert action.status == ReviewStatus.DRAFT
    assert action.slug == "open-labodag"
    assert action.created_by == member
    assert response.url == url("step", organisation, pk=action.pk, step="voor-wie-en-waar")
    assert AuditEntry.objects.filter(code="actions.action.created").count() == 1

    response = client.post(
        url("step", organisation, pk=action.pk, step="voor-wie-en-waar"),
        {
            "audiences": [audience.pk],
            "disciplines": [discipline.pk],
            "subregions": [subregion.pk],
            "location": "Sint-Niklaas",
            "partners": [partner.pk],
        },
    )
    assert response.url == url("step", organisation, pk=action.pk, step="wanneer-en-hoe")

    day = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        url("step", organisation, pk=action.pk, step="wanneer-en-hoe"),
        {
            "timing": "period",
            "start_date": day.isoformat(),
            "end_date": (day + datetime.timedelta(days=2)).isoformat(),
            "places": "30",
            "participation": "link",
            "participation_url": "https://example.be/inschrijven",
        },
    )
    assert response.url == url("images", organisation, pk=action.pk)

    response = client.post(
        url("images", organisation, pk=action.pk),
        {
            "file": picture_upload(),
            "alt_text": "Twee leerlingen solderen een printplaat.",
            "caption": "",
            "minors_recognisable": "no",
        },
    )
    assert response.status_code == 302
    assert action.images.count() == 1

    response = client.get(url("check", organisation, pk=action.pk))
    assert response.status_code == 200
    assert "Check your answers" in response.text
    assert "Technische School" in response.text
    assert "<h2>Programma</h2>" in response.text
    assert "Twee leerlingen solderen een printplaat." in response.text

    response = client.post(url("check", organisation, pk=action.pk))
    assert response.url == url("detail", organisation, pk=action.pk)
    action.refresh_from_db()
    assert action.status == ReviewStatus.SUBMITTED
    assert action.submitted_by == member
    assert action.end_date == day + datetime.timedelta(days=2)
    assert list(action.partners.all()) == [partner]
    assert any("has been sent for review" in m for m in messages_of(response))

    page = client.get(url("detail", organisation, pk=action.pk)).text
    assert "Take back from review" in page
    assert "Submitted" in page


def test_a_step_with_an_error_keeps_what_was_typed(client, organisation, member):
    client.force_login(member)
    response = client.post(url("create", organisation), step_one_data(title="x" * 200))
    assert response.status_code == 200
    assert response.text.startswith("<!DOCTYPE html>")
    assert "<title>Error:" in response.text
    assert "Shorten the title to at most 150 characters (it has 200)." in response.text
    assert "Kom kijken hoe robots gebouwd worden." in response.text
    assert not Action.objects.exists()


def test_check_page_lists_what_is_missing_and_refuses_to_send(client, organisation, member):
    client.force_login(member)
    client.post(url("create", organisation), step_one_data())
    action = Action.objects.get()
    response = client.get(url("check", organisation, pk=action.pk))
    assert "Choose at least one target audience." in response.text
    response = client.post(url("check", organisation, pk=action.pk))
    assert response.status_code == 200
    assert "<title>Error:" in response.text
    action.refresh_from_db()
    assert action.status == ReviewStatus.DRAFT


def test_revision_flow_from_the_portal(client, organisation, member, subregion):
    live = PublishedActionFactory(
        organisation=organisation, title="Oude titel", subregions=[subregion]
    )
    ImageFactory(owner=live, by=member)
    client.force_login(member)

    response = client.post(url("revise", organisation, pk=live.pk))
    copy = Action.objects.get(revision_of=live)
    assert response.url == url("step", organisation, pk=copy.pk, step="wat")
    assert copy.images.count() == 1

    data = step_one_data(title="Nieuwe titel", action_type=live.action_type_id)
    client.post(url("step", organisation, pk=copy.pk, step="wat"), data)
    copy.refresh_from_db()
    live.refresh_from_db()
    assert copy.title == "Nieuwe titel"
    assert live.title == "Oude titel"
    assert copy.slug == live.slug

    list_page = client.get(url("list", organisation)).text
    assert "New version in progress" in list_page
    assert list_page.count(">Oude titel</a>") == 1
    detail = client.get(url("detail", organisation, pk=live.pk)).text
    assert "A new version is in progress." in detail

    client.post(url("check", organisation, pk=copy.pk))
    copy.refresh_from_db()
    assert copy.status == ReviewStatus.SUBMITTED
    assert "New version waiting for review" in client.get(url("list", organisation)).text

    client.post(url("retract", organisation, pk=copy.pk))
    response = client.post(url("delete", organisation, pk=copy.pk))
    assert response.url == url("detail", organisation, pk=live.pk)
    assert not Action.objects.filter(revision_of=live).exists()
    live.refresh_from_db()
    assert live.status == ReviewStatus.PUBLISHED
    assert live.images.count() == 1


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (
            ReviewStatus.REJECTED,
            "New version rejected: start a new version from what is online, or discard it",
        ),
        (ReviewStatus.CHANGES_REQUESTED, "New version: the reviewer asks for changes"),
        (ReviewStatus.DRAFT, "New version in progress"),
    ],
)
def test_the_list_says_where_the_new_version_stands(
    client, organisation, member, subregion, status, says
):
    """A rejected new version is not "in progress": the list (and the published item's page)
    say it was rejected and what can be done (an action's rejected copy is not editable:
    ``revision_start`` starts afresh from what is online, or it is discarded)."""
    live = PublishedActionFactory(
        organisation=organisation, title="Oude titel", subregions=[subregion]
    )
    client.force_login(member)
    client.post(url("revise", organisation, pk=live.pk))
    Action.objects.filter(revision_of=live).update(status=status)
    list_page = client.get(url("list", organisation)).text
    assert says in list_page
    if status != ReviewStatus.DRAFT:
        assert "New version in progress" not in list_page
        detail = client.get(url("detail", organisation, pk=live.pk)).text
        assert "A new version is in progress." not in detail
        assert says in detail
