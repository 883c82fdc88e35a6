"""One wording for a text longer than its field's limit, on every form (``common.forms.
MAX_LENGTH_MESSAGE``): a field that does not name itself in its own message gets the common
one, set by ``CleanTextFormMixin``, never Django's default ("Ensure this value has at most …"),
whatever app the form is in and whether the field is declared or added in ``__init__``."""

import pytest
from django import forms
from django.utils import translation

from stemcharter.actions.forms import ActionWhenHowForm
from stemcharter.common.forms import MAX_LENGTH_MESSAGE, CleanTextForm
from stemcharter.common.tests.our_code import our_form_classes
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.outreach.forms_invite import SigningInvitationForm
from stemcharter.progress.forms import LookingBackForm
from stemcharter.reviews.forms import ReviewDecisionForm
from stemcharter.reviews.models import CriteriaSet

pytestmark = pytest.mark.django_db


def _criterion_comment():
    criteria_set = CriteriaSet.objects.current().order_by("name_nl").first()
    criterion = criteria_set.criteria.first()
    form = ReviewDecisionForm(
        {f"comment_{criterion.pk}": "x" * 20000},
        criteria_set=criteria_set,
        criteria_sets=CriteriaSet.objects.current(),
    )
    return form, f"comment_{criterion.pk}", 2000, 20000


def _invitation_message():
    form = SigningInvitationForm({"message": "x" * 1001})
    return form, "message", 1000, 1001


def _progress_report():
    form = LookingBackForm({"looking_back": "x" * 5001}, organisation=OrganisationFactory())
    return form, "looking_back", 5000, 5001


def _action_signup_website():
    url = "https://example.be/" + "x" * 500
    form = ActionWhenHowForm({"participation_url": url}, organisation=OrganisationFactory())
    return form, "participation_url", 500, len(url)


SAMPLES = [_criterion_comment, _invitation_message, _progress_report, _action_signup_website]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.__name__.strip("_"))
def test_forms_of_every_app_say_the_same_of_a_text_too_long(sample, language):
    with translation.override(language):
        form, name, limit, length = sample()
        assert not form.is_valid()
        expected = str(MAX_LENGTH_MESSAGE) % {"limit_value": limit, "show_value": length}
        assert form.errors[name] == [expected]
    if language == "nl":
        assert expected == f"Kort dit in tot hoogstens {limit} tekens (nu {length})."


def test_a_field_added_in_init_gets_it_and_its_own_message_is_kept():
    class Form(CleanTextForm):
        named = forms.CharField(
            max_length=3, error_messages={"max_length": "Shorten the name (%(limit_value)d)."}
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["late"] = forms.CharField(max_length=3)

    with translation.override("en"):
        form = Form({"named": "abcd", "late": "abcd"})
        assert form.errors == {
            "named": ["Shorten the name (3)."],
            "late": ["Shorten this to at most 3 characters (it has 4)."],
        }
        # A form instance changes its own copy of the messages, not the class's field.
        assert "max_length" not in Form.base_fields.get("late", forms.CharField()).error_messages


@pytest.mark.parametrize("form_class", our_form_classes(), ids=lambda cls: cls.__qualname__)
def test_no_own_max_length_message_of_ours_strays_from_the_wording(form_class):
    """A field may name itself ("Shorten the description to …"), but says the limit and the
    length like the common message does."""
    for name, field in form_class.base_fields.items():
        message = field.error_messages.get("max_length")
        if message is None or not isinstance(field, forms.CharField):
            continue  # a file field's "max_length" is about its file's name
        with translation.override("en"):
            message = str(message)
        assert message.startswith("Shorten "), (form_class, name, message)
        assert "%(limit_value)d" in message, (name, message)
        assert "%(show_value)d" in message, (name, message)
