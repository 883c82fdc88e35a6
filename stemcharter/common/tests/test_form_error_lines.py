"""``CleanTextFormMixin.error_lines``: a form's errors as the lines of an answer that cannot
show the form (a CSV download's refusal, ``common.csv_export.csv_refused``), in the active
language, "Field: message"."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from stemcharter.common.forms import CleanTextForm


class _Filters(CleanTextForm):
    colour = forms.ChoiceField(
        label="Colour", required=False, choices=[("", "Any"), ("red", "Red")]
    )
    name = forms.CharField(label="Name", required=False, max_length=5)

    def clean(self):
        data = super().clean()
        if data.get("name") == "never":
            raise ValidationError("Not that name.")
        return data


def test_each_error_of_a_field_names_the_field():
    with translation.override("en"):
        lines = _Filters({"colour": "blue", "name": "abcdefgh"}).error_lines()
    assert lines[0] == "Colour: Select a valid choice. blue is not one of the available choices."
    assert lines[1].startswith("Name: ")
    assert len(lines) == 2


def test_an_error_of_the_whole_form_is_said_as_it_is():
    with translation.override("en"):
        assert _Filters({"name": "never"}).error_lines() == ["Not that name."]


def test_a_valid_or_unbound_form_has_none():
    assert _Filters({"colour": "red", "name": "ok"}).error_lines() == []
    assert _Filters().error_lines() == []
