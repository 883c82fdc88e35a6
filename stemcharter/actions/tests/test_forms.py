"""The portal forms of actions and images, with each kind of bad input the issue names."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.forms import ActionWhatForm, ActionWhenHowForm, ActionWhoWhereForm
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.images.forms import ImageAddForm, ImageEditForm
from stemcharter.images.tests.factories import ImageFactory, picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FUTURE = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def organisation():
    return make_signatory(name="Robotica", slug="robotica")


def when(**overrides) -> dict:
    return {
        "timing": "date",
        "start_date": FUTURE.isoformat(),
        "participation": "email",
        "participation_email": "aanmelden@example.org",
        **overrides,
    }


def errors(form, field: str) -> list[str]:
    assert not form.is_valid()
    return form.errors[field]


def test_step_one_accepts_good_input_and_limits_lengths(organisation):
    data = {
        "action_type": ActionType.objects.first().pk,
        "title": "Open labodag",
        "summary": "Kort.",
        "description": "Lang.",
    }
    assert ActionWhatForm(data, organisation=organisation).is_valid()
    form = ActionWhatForm({**data, "description": "x" * 10_001}, organisation=organisation)
    assert errors(form, "description") == [
        "Shorten the description to at most 10000 characters (it has 10001)."
    ]
    form = ActionWhatForm({**data, "title": ""}, organisation=organisation)
    assert errors(form, "title") == ["Enter a title."]


def test_an_inactive_type_is_offered_only_to_the_action_that_has_it(organisation):
    inactive = ActionType.objects.create(name_nl="Oud", slug="oud", is_active=False)
    assert inactive not in ActionWhatForm(organisation=organisation).fields["action_type"].queryset
    action = ActionFactory(organisation=organisation, action_type=inactive)
    form = ActionWhatForm(organisation=organisation, item=action)
    assert inactive in form.fields["action_type"].queryset


def test_end_before_start_is_refused():
    form = ActionWhenHowForm(
        when(timing="period", end_date=(FUTURE - datetime.timedelta(days=1)).isoformat()),
        organisation=OrganisationFactory(),
    )
    assert errors(form, "end_date") == [
        "The last day must be the same as or later than the first day."
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (when(start_date=""), "start_date", "Enter the date of the action"),
        (when(timing="period"), "end_date", "Enter the last day"),
        (when(start_date="27/13/2030"), "start_date", "Enter a real date"),
        (when(participation="link"), "participation_url", "Enter the web address"),
        (
            when(participation="link", participation_url="niet een adres"),
            "participation_url",
            "Enter a web address",
        ),
        (
            when(participation="email", participation_email=""),
            "participation_email",
            "Enter the email address",
        ),
        (when(places="-3"), "places", "1 or more"),
        (when(start_date="2001-01-01"), "start_date", "This day has passed"),
    ],
)
def test_when_and_how_explain_what_is_missing(data, field, message):
    form = ActionWhenHowForm(data, organisation=OrganisationFactory())
    assert any(message in text for text in errors(form, field))


def test_an_unchanged_past_date_of_an_existing_action_is_kept(organisation):
    past = datetime.date(2001, 1, 1)
    action = ActionFactory(organisation=organisation, start_date=past, end_date=past)
    form = ActionWhenHowForm(
        when(start_date=past.isoformat()), organisation=organisation, item=action
    )
    assert form.is_valid(), form.errors


def test_partners_are_other_approved_signatories(organisation):
    partner = make_signatory(name="Partner", slug="partner")
    unsigned = OrganisationFactory()
    queryset = ActionWhoWhereForm(organisation=organisation).fields["partners"].queryset
    assert partner in queryset
    assert organisation not in queryset
    assert unsigned not in queryset
    form = ActionWhoWhereForm({"partners": [unsigned.pk]}, organisation=organisation)
    assert errors(form, "partners") == [
        "Choose partners among the organisations that signed the charter."
    ]


def test_image_without_alt_text_is_refused():
    form = ImageAddForm({"alt_text": "", "minors_recognisable": "no"}, {"file": picture_upload()})
    assert errors(form, "alt_text")[0].startswith("Describe what the image shows")
    assert form.file_must_be_chosen_again


def test_minor_without_consent_is_refused_and_the_answer_is_required():
    data = {"alt_text": "Leerlingen aan de slag.", "minors_recognisable": "yes"}
    form = ImageAddForm(data, {"file": picture_upload()})
    assert "written consent of their parents or guardians" in errors(form, "consent_confirmed")[0]
    form = ImageAddForm({"alt_text": "Leerlingen aan de slag."}, {"file": picture_upload()})
    assert errors(form, "minors_recognisable") == [
        "Say whether children or young people are recognisable in the picture."
    ]
    form = ImageAddForm({**data, "consent_confirmed": "on"}, {"file": picture_upload()})
    assert form.is_valid()
    assert form.image_values()["consent_confirmed"] is True


def test_edit_form_starts_from_the_image():
    image = ImageFactory(owner=ActionFactory(), minors_recognisable=True, consent_confirmed=True)
    initial = ImageEditForm.initial_for(image)
    assert initial["minors_recognisable"] == "yes"
    assert initial["consent_confirmed"] is True


def test_script_in_markdown_stays_harmless_on_every_page(client, organisation):
    member = MembershipFactory(organisation=organisation).user
    client.force_login(member)
    description = (
        "<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n\n"
        '<img src=x onerror="alert(1)">\n\n**vet**'
    )
    client.post(
        reverse("portal:action-create", kwargs={"organisation_slug": organisation.slug}),
        {
            "action_type": ActionType.objects.first().pk,
            "title": "Test",
            "summary": "Kort.",
            "description": description,
        },
    )
    action = Action.objects.get()
    assert action.description == description  # stored as typed, made safe on display
    kwargs = {"organisation_slug": organisation.slug, "pk": action.pk}
    for name in ("portal:action-check", "portal:action-detail"):
        page = client.get(reverse(name, kwargs=kwargs)).text
        main = page.split('<main id="main"')[1]
        assert "<script>alert" not in main
        assert "javascript:" not in main
        assert "onerror" not in main
        assert "<strong>vet</strong>" in main


def test_editing_someone_elses_action_is_a_404(client, organisation):
    action = ActionFactory(organisation=organisation)
    intruder = MembershipFactory(organisation=make_signatory(name="Ander", slug="ander")).user
    client.force_login(intruder)
    for slug in (organisation.slug, "ander"):
        url = reverse(
            "portal:action-step", kwargs={"organisation_slug": slug, "pk": action.pk, "step": "wat"}
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Overgenomen"}).status_code == 404
    action.refresh_from_db()
    assert action.title != "Overgenomen"


def test_taking_part_through_the_organiser_needs_a_website_on_the_profile(organisation):
    organisation.website = ""
    form = ActionWhenHowForm(when(participation="organiser"), organisation=organisation)
    assert "has no website" in " ".join(errors(form, "participation"))
    organisation.website = "https://robotica.example"
    data = when(participation="organiser", participation_email="")
    form = ActionWhenHowForm(data, organisation=organisation)
    assert form.is_valid(), form.errors
