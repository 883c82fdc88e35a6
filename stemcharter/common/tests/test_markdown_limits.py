"""Every text that is rendered as Markdown has a length limit, with a message that names it.

Rendering is linear in the length of the text (see test_markdown.py), and the limit bounds
that length: in the form, in the model (which the services check) and in the services.
"""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from stemcharter.actions.models import Action
from stemcharter.charter.forms_backoffice import CharterVersionForm
from stemcharter.charter.models import CHARTER_BODY_MAX_LENGTH, CharterVersion
from stemcharter.charter.services import charter_version_publish
from stemcharter.common.forms import MAX_LENGTH_MESSAGE
from stemcharter.common.markdown import MARKDOWN_MAX_LENGTH
from stemcharter.common.tests.our_code import our_form_classes
from stemcharter.stories.models import Story

# The model fields shown with the ``markdown`` filter or ``render_markdown``.
MARKDOWN_MODEL_FIELDS = [(Action, "description"), (Story, "body"), (CharterVersion, "body")]


def markdown_form_fields() -> list[tuple[type[forms.BaseForm], str]]:
    return [
        (form_class, name)
        for form_class in our_form_classes()
        for name in getattr(form_class, "markdown_fields", ())
    ]


def test_markdown_fields_are_found():
    names = {(form_class.__name__, name) for form_class, name in markdown_form_fields()}
    assert names >= {
        ("ActionWhatForm", "description"),
        ("StoryWhatForm", "body"),
        ("CharterVersionForm", "body"),
    }


@pytest.mark.parametrize(
    ("form_class", "name"),
    markdown_form_fields(),
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_markdown_form_field_has_a_length_limit_with_a_clear_message(form_class, name):
    field = form_class.base_fields[name]
    assert isinstance(field, forms.CharField)
    assert field.max_length is not None
    assert field.max_length <= MARKDOWN_MAX_LENGTH
    # Its own message, or the common one every form gives a field without
    # (``common.forms.MAX_LENGTH_MESSAGE``, test_max_length_message.py).
    message = str(field.error_messages.get("max_length", MAX_LENGTH_MESSAGE))
    assert "%(limit_value)d" in message
    assert "%(show_value)d" in message


@pytest.mark.parametrize(
    ("model", "name"),
    MARKDOWN_MODEL_FIELDS,
    ids=lambda value: value if isinstance(value, str) else value.__name__,
)
def test_every_markdown_model_field_has_a_length_limit(model, name):
    limit = model._meta.get_field(name).max_length
    assert limit is not None
    assert limit <= MARKDOWN_MAX_LENGTH


def test_story_body_limit_is_sized_for_a_real_story():
    assert Story._meta.get_field("body").max_length == 20_000
    assert Action._meta.get_field("description").max_length == 10_000


@pytest.mark.usefixtures("english")
def test_charter_text_longer_than_its_limit_is_refused_by_the_form():
    form = CharterVersionForm(
        data={
            "title": "STEM-charter",
            "body": "x" * (CHARTER_BODY_MAX_LENGTH + 1),
            "change_note": "Langer.",
            "based_on": 0,
        }
    )
    assert not form.is_valid()
    assert form.errors["body"] == [
        f"Shorten the text of the charter to at most {CHARTER_BODY_MAX_LENGTH} characters "
        f"(it has {CHARTER_BODY_MAX_LENGTH + 1})."
    ]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_charter_text_longer_than_its_limit_is_refused_by_the_service():
    with pytest.raises(ValidationError) as error:
        charter_version_publish(title="STEM-charter", body="x" * (CHARTER_BODY_MAX_LENGTH + 1))
    assert error.value.messages == [
        f"Shorten this to at most {CHARTER_BODY_MAX_LENGTH} characters "
        f"(it has {CHARTER_BODY_MAX_LENGTH + 1})."
    ]
    assert not CharterVersion.objects.exists()
