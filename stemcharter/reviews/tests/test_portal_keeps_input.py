"""Nothing typed is lost silently in the portal's journeys: every step of every content type
(all registered ``ReviewableType``s, so a new one is walked too), posted with one answer made
invalid, comes back with an error on that answer, every other answer as typed, and nothing
saved changed. The images step keeps a chosen file (see also test_portal_item.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.common.tests.journeys import as_posted, invalid_value
from stemcharter.events.tests.factories import EventFactory
from stemcharter.images.models import Image
from stemcharter.images.tests.factories import picture_upload
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.reviews.portal import item_form_data
from stemcharter.reviews.registry import reviewable_types
from stemcharter.stories.tests.factories import StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _progress_report(*, organisation):
    # --- report --- A draft progress report (progress), started on a year long gone.
    from stemcharter.progress.models import ProgressReport

    return ProgressReport.objects.create(organisation=organisation, year=2020, slug="2020")


FACTORIES = {
    "action": ActionFactory,
    "story": StoryFactory,
    "event": EventFactory,
    "progress-report": _progress_report,
}
SOON = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def organisation():
    organisation = make_signatory(name="Robotica", slug="robotica")
    organisation.website = "https://robotica.example"
    organisation.save()
    return organisation


@pytest.fixture
def member(organisation, client):
    user = MembershipFactory(organisation=organisation).user
    client.force_login(user)
    return user


def step_url(portal, item, step) -> str:
    return reverse(
        portal.url_name("step"),
        kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk, "step": step.slug},
    )


def images_url(portal, item) -> str:
    return reverse(
        portal.url_name("images"),
        kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk},
    )


def walk_cases():
    for reviewable_type in reviewable_types():
        portal = reviewable_type.portal
        for step in portal.form_steps():
            for name, field in step.form_class.base_fields.items():
                if invalid_value(field) is not None:
                    yield pytest.param(
                        portal.key, step.slug, name, id=f"{portal.key}-{step.slug}-{name}"
                    )


def complete_data(portal, item, step) -> dict:
    """Valid answers to a step: the saved ones, with a date and a web address to take part
    where the action step asks for them (so that none is empty)."""
    data = {k: v for k, v in item_form_data(item, step.form_class).items() if v not in ("", None)}
    if portal.key == "action" and step.slug == "wanneer-en-hoe":
        data.update(
            timing="period",
            start_date=SOON.isoformat(),
            end_date=(SOON + datetime.timedelta(days=2)).isoformat(),
            places="24",
            participation="link",
            participation_url="https://robotica.example/inschrijven",
        )
        data.pop("participation_email", None)
    return {k: [str(x) for x in v] if isinstance(v, list) else str(v) for k, v in data.items()}


@pytest.mark.parametrize(("key", "slug", "name"), list(walk_cases()))
def test_an_invalid_answer_keeps_every_other_answer_and_changes_nothing(
    client, organisation, member, key, slug, name
):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    step = portal.form_step(slug)
    item = FACTORIES[key](organisation=organisation)
    data = complete_data(portal, item, step)
    saved_before = item_form_data(type(item).objects.get(pk=item.pk), step.form_class)

    bad = invalid_value(step.form_class.base_fields[name])
    other, answers = getattr(step.form_class, "used_only_when", {}).get(name, (None, ()))
    if other is not None and data.get(other) not in answers:
        # A field these answers do not use: neither checked nor kept (UsedOnlyWhenMixin).
        response = client.post(step_url(portal, item, step), {**data, name: bad})
        assert response.status_code == 302
        assert not item_form_data(type(item).objects.get(pk=item.pk), step.form_class)[name]
        return
    response = client.post(step_url(portal, item, step), {**data, name: bad})

    assert response.status_code == 200, f"{name}={bad!r} was accepted"
    form = response.context["form"]
    assert form.errors.get(name), f"no message beside {name}"
    assert "There is a problem" in response.text
    for other in step.form_class.base_fields:
        if other != name:
            assert as_posted(form[other].value()) == as_posted(data.get(other)), other
    after = item_form_data(type(item).objects.get(pk=item.pk), step.form_class)
    assert after == saved_before


@pytest.mark.parametrize("key", ["action", "story"])
def test_continue_with_a_chosen_image_adds_it_then_goes_on(client, organisation, member, key):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    item = FACTORIES[key](organisation=organisation)
    page = client.get(images_url(portal, item)).text
    # Continue is a button of the upload form, so the chosen file is sent with it.
    form_html = page.split('aria-labelledby="add-image"')[1].split("</form>")[0]
    assert 'name="continue"' in form_html

    response = client.post(
        images_url(portal, item),
        {
            "file": picture_upload(),
            "alt_text": "Twee leerlingen solderen een printplaat.",
            "minors_recognisable": "no",
            "continue": "1",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith("/controleren/")
    assert item.images.count() == 1


@pytest.mark.parametrize("key", ["action", "story"])
def test_continue_without_an_image_goes_on_and_with_a_half_filled_one_refuses(
    client, organisation, member, key
):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    item = FACTORIES[key](organisation=organisation)
    response = client.post(images_url(portal, item), {"continue": "1"})
    assert response.status_code == 302
    assert response.url.endswith("/controleren/")

    # A file chosen, its description forgotten: refused, the file kept, nothing dropped.
    response = client.post(
        images_url(portal, item),
        {"file": picture_upload(name="lab.jpg"), "minors_recognisable": "no", "continue": "1"},
    )
    assert response.status_code == 200
    assert "Describe what the image shows" in response.text
    assert "We kept the image lab.jpg" in response.text
    assert not Image.objects.exists()

    # Come back later, with the description now: the kept image is added first.
    response = client.post(
        images_url(portal, item),
        {"alt_text": "Het labo met tien werkbanken.", "minors_recognisable": "no", "later": "1"},
    )
    assert response.status_code == 302
    assert response.url == reverse(
        portal.url_name("detail"),
        kwargs={"organisation_slug": organisation.slug, "pk": item.pk},
    )
    assert item.images.get().alt_text == "Het labo met tien werkbanken."


def test_a_kept_image_can_be_let_go(client, organisation, member):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == "action")
    item = ActionFactory(organisation=organisation)
    client.post(images_url(portal, item), {"file": picture_upload(name="lab.jpg")})
    assert "We kept the image lab.jpg" in client.get(images_url(portal, item)).text
    response = client.post(images_url(portal, item), {"forget": "1"}, follow=True)
    assert "lab.jpg will not be added." in response.text
    assert "We kept the image" not in response.text
    response = client.post(
        images_url(portal, item),
        {"alt_text": "Het labo.", "minors_recognisable": "no"},
    )
    assert response.status_code == 200
    assert "Choose an image file." in response.text
    assert not Image.objects.exists()


# Back and the list of steps are buttons of the step's form (common.wizard.StepJumpMixin).


def detail_url(portal, item) -> str:
    return reverse(
        portal.url_name("detail"),
        kwargs={"organisation_slug": item.organisation.slug, "pk": item.pk},
    )


@pytest.mark.parametrize("key", ["action", "story"])
def test_back_and_the_steps_save_what_was_typed_or_refuse_with_what_to_do(
    client, organisation, member, key
):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    item = FACTORIES[key](organisation=organisation)
    first, second = portal.form_steps()[:2]
    page = client.get(step_url(portal, item, second)).text
    # The way back and every other step are buttons of the step's form.
    assert f'form="step-form" name="go" value="{first.slug}" class="back-link' in page
    nav = page.split('class="step-nav"')[1]
    assert f'form="step-form" name="go" value="{first.slug}"' in nav
    assert 'name="go" value="controleren"' in nav or "/controleren/" not in nav

    # Nothing typed: it goes at once.
    data = complete_data(portal, item, first)
    response = client.post(step_url(portal, item, first), {**data, "go": "leave"})
    assert (response.status_code, response.url) == (302, detail_url(portal, item))

    # Typed with a problem: the page stays with what to do; nothing saved.
    before = item_form_data(type(item).objects.get(pk=item.pk), first.form_class)
    bad = {**data, "title": "x" * 151, "summary": "A new summary.", "go": second.slug}
    response = client.post(step_url(portal, item, first), bad)
    assert response.status_code == 200
    assert "Nothing on this step was saved, so you are still on it" in response.text
    assert f"correct the fields marked to go to “{second.title}”" in response.text
    assert response.context["form"]["summary"].value() == "A new summary."
    assert item_form_data(type(item).objects.get(pk=item.pk), first.form_class) == before

    # Typed and valid: saved, then to the step asked for.
    response = client.post(step_url(portal, item, first), {**bad, "title": "A new title"})
    assert (response.status_code, response.url) == (302, step_url(portal, item, second))
    item.refresh_from_db()
    assert (item.title, item.summary) == ("A new title", "A new summary.")


@pytest.mark.parametrize("key", ["action", "story"])
def test_back_from_the_images_step_adds_a_chosen_image_first(client, organisation, member, key):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    item = FACTORIES[key](organisation=organisation)
    last_form_step = portal.form_steps()[-1]
    page = client.get(images_url(portal, item)).text
    assert f'form="step-form" name="go" value="{last_form_step.slug}" class="back-link' in page

    # A file chosen, its description forgotten: refused with what to do, the file kept.
    response = client.post(
        images_url(portal, item),
        {"file": picture_upload(name="lab.jpg"), "minors_recognisable": "no", "go": "leave"},
    )
    assert response.status_code == 200
    assert "We kept the image lab.jpg" in response.text
    assert "correct the fields marked to go back" in response.text
    assert not Image.objects.exists()

    # With its description: added, then back.
    response = client.post(
        images_url(portal, item),
        {"alt_text": "Het labo.", "minors_recognisable": "no", "go": last_form_step.slug},
    )
    assert (response.status_code, response.url) == (302, step_url(portal, item, last_form_step))
    assert item.images.get().alt_text == "Het labo."
    # Nothing chosen: it just goes.
    response = client.post(images_url(portal, item), {"go": last_form_step.slug})
    assert (response.status_code, response.url) == (302, step_url(portal, item, last_form_step))


@pytest.mark.parametrize("key", ["action", "story"])
def test_back_from_a_new_item(client, organisation, member, key):
    portal = next(t.portal for t in reviewable_types() if t.portal.key == key)
    model = portal.model
    create_url = reverse(portal.url_name("create"), kwargs={"organisation_slug": organisation.slug})
    list_url = reverse(portal.url_name("list"), kwargs={"organisation_slug": organisation.slug})
    assert 'name="go" value="leave"' in client.get(create_url).text
    response = client.post(create_url, {"go": "leave"})
    assert (response.status_code, response.url) == (302, list_url)
    assert not model.objects.exists()
    response = client.post(create_url, {"title": "Half a title", "go": "leave"})
    assert response.status_code == 200
    assert "correct the fields marked to go back" in response.text
    assert response.context["form"]["title"].value() == "Half a title"
    assert not model.objects.exists()
