"""actions.services: creating and changing actions, with the rules between their fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from stemcharter.actions import services
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.audit.models import AuditEntry
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import review_submit, revision_start
from stemcharter.vocabulary.models import ActionType, Audience

pytestmark = [pytest.mark.django_db]

DAY = datetime.date(2030, 5, 17)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def organisation():
    return make_signatory(name="Robotica", slug="robotica")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation).user


def what(**overrides) -> dict:
    return {
        "action_type": ActionType.objects.order_by("position").first(),
        "title": "Open labodag",
        "summary": "Kom kijken.",
        "description": "Wat er gebeurt.",
        **overrides,
    }


def messages(excinfo, field: str) -> list[str]:
    return excinfo.value.message_dict[field]


def test_create_makes_a_draft_with_a_slug_defaults_and_an_audit_entry(organisation, member):
    action = services.action_create(organisation=organisation, by=member, data=what())
    assert action.status == ReviewStatus.DRAFT
    assert action.slug == "open-labodag"
    assert action.created_by == member
    assert action.organisation == organisation
    assert action.timing == Action.Timing.ON_REQUEST
    assert action.participation == Action.Participation.ORGANISER
    entry = AuditEntry.objects.get(code="actions.action.created")
    assert entry.actor == member
    assert entry.target_id == str(action.pk)


def test_slug_is_unique_among_live_actions_only(organisation, member):
    first = services.action_create(organisation=organisation, by=member, data=what())
    first.status = ReviewStatus.PUBLISHED
    first.save()
    copy = revision_start(item=first, by=member)
    assert copy.slug == first.slug  # the working copy shares it
    second = services.action_create(organisation=organisation, by=member, data=what())
    third = services.action_create(
        organisation=organisation, by=member, data=what(title="Open Labodag!")
    )
    assert (second.slug, third.slug) == ("open-labodag-2", "open-labodag-3")


def test_only_an_approved_signatory_creates_actions(member):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(organisation=organisation, by=member, data=what())
    assert excinfo.value.code == "not_signatory"
    assert not Action.objects.exists()


def test_create_with_every_field_and_many_to_many(organisation, member):
    partner = make_signatory(name="Partner", slug="partner")
    subregion = SubregionFactory()
    audience = Audience.objects.order_by("pk").first()
    action = services.action_create(
        organisation=organisation,
        by=member,
        data=what(
            timing="period",
            start_date=DAY,
            end_date=DAY + datetime.timedelta(days=3),
            places=20,
            participation="email",
            participation_email="info@example.be",
            partners=[partner],
            subregions=[subregion],
            audiences=[audience],
        ),
    )
    assert action.end_date == DAY + datetime.timedelta(days=3)
    assert list(action.partners.all()) == [partner]
    assert list(action.subregions.all()) == [subregion]
    assert list(action.audiences.all()) == [audience]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"timing": "date"}, "start_date", "Enter the date of the action"),
        ({"timing": "period", "start_date": DAY}, "end_date", "Enter the last day"),
        (
            {"timing": "period", "start_date": DAY, "end_date": DAY - datetime.timedelta(days=1)},
            "end_date",
            "The last day must be the same as or later than the first day.",
        ),
        ({"participation": "link"}, "participation_url", "Enter the web address"),
        ({"participation": "email"}, "participation_email", "Enter the email address"),
        ({"title": "x" * 151}, "title", "at most 150 characters (it has 151)"),
        ({"description": "x" * 10_001}, "description", "at most 10000 characters"),
        ({"title": "   "}, "title", "Enter a title."),
        ({"places": 0}, "places", "1 or more"),
    ],
)
def test_create_refuses_bad_values_with_a_message_per_field(
    organisation, member, data, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(organisation=organisation, by=member, data=what(**data))
    assert any(message in text for text in messages(excinfo, field))
    assert not Action.objects.exists()


def test_partners_are_other_signatories(organisation, member):
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            organisation=organisation, by=member, data=what(partners=[organisation])
        )
    assert "Your own organisation is the organiser" in messages(excinfo, "partners")[0]
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            organisation=organisation, by=member, data=what(partners=[OrganisationFactory()])
        )
    assert "signed the charter" in messages(excinfo, "partners")[0]


def test_a_single_day_ends_on_its_start_and_on_request_has_no_dates(organisation, member):
    action = services.action_create(
        organisation=organisation,
        by=member,
        data=what(timing="date", start_date=DAY, end_date=DAY + datetime.timedelta(days=9)),
    )
    assert action.end_date == DAY
    action = services.action_update(
        action=action,
        by=member,
        data={
            "timing": "on_request",
            "participation": "organiser",
            "participation_url": "https://example.be",
        },
    )
    assert (action.start_date, action.end_date, action.participation_url) == (None, None, "")


def test_update_changes_only_the_given_fields_and_records_them(organisation, member):
    action = services.action_create(
        organisation=organisation, by=member, data=what(location="Gent")
    )
    services.action_update(action=action, by=member, data={"title": "Nieuwe titel"})
    action.refresh_from_db()
    assert (action.title, action.location, action.slug) == ("Nieuwe titel", "Gent", "nieuwe-titel")
    entry = AuditEntry.objects.get(code="actions.action.updated")
    assert entry.data["fields"] == ["title"]
    services.action_update(action=action, by=member, data={"title": "Nieuwe titel"})
    assert AuditEntry.objects.filter(code="actions.action.updated").count() == 1


def test_update_of_many_to_many_is_recorded(organisation, member):
    action = ActionFactory(organisation=organisation)
    subregion = SubregionFactory()
    services.action_update(action=action, by=member, data={"subregions": [subregion]})
    assert list(action.subregions.all()) == [subregion]
    assert AuditEntry.objects.get(code="actions.action.updated").data["fields"] == ["subregions"]


@pytest.mark.parametrize("status", ["submitted", "under_review", "published", "rejected"])
def test_update_is_refused_unless_the_action_is_editable(organisation, member, status):
    action = ActionFactory(organisation=organisation, status=status)
    with pytest.raises(ValidationError) as excinfo:
        services.action_update(action=action, by=member, data={"title": "Anders"})
    assert excinfo.value.code == "not_editable"
    action.refresh_from_db()
    assert action.title != "Anders"


def test_update_is_refused_after_a_submission_made_meanwhile(organisation, member):
    action = ActionFactory(organisation=organisation)
    stale = Action.objects.get(pk=action.pk)
    review_submit(item=action, by=member)
    with pytest.raises(ValidationError):
        services.action_update(action=stale, by=member, data={"title": "Te laat"})


def test_the_public_address_stays_once_an_action_was_online(organisation, member):
    action = PublishedActionFactory(organisation=organisation, slug="vaste-link")
    copy = revision_start(item=action, by=member)
    services.action_update(action=copy, by=member, data={"title": "Andere titel"})
    copy.refresh_from_db()
    assert copy.slug == "vaste-link"
    entry = AuditEntry.objects.get(code="actions.action.updated")
    assert entry.target_id == str(action.pk)  # recorded on the live action
    assert entry.data["revision"] is True

    action.status = ReviewStatus.WITHDRAWN
    action.save()
    services.action_update(action=action, by=member, data={"title": "Weer anders"})
    action.refresh_from_db()
    assert action.slug == "vaste-link"


def test_unknown_fields_are_a_programming_error(organisation, member):
    with pytest.raises(ValueError, match="status"):
        services.action_create(organisation=organisation, by=member, data=what(status="published"))
