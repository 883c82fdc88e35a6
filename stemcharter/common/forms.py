"""The base of every form of ours, and how forms are rendered.

Every form derives from ``CleanTextForm`` (a model form, as in the admin, from
``CleanTextModelForm``): before a bound form validates, the text of each of its text fields
follows ``stemcharter.common.text.clean_text``, so no character that XML or HTML cannot
carry gets in, whatever form it comes through; and each field named in the form's
``markdown_fields`` is refused when it would be too costly to show
(``stemcharter.common.markdown.markdown_problems``). ``common/tests/test_text.py`` fails
for a form (or filter set, or admin form of one of our models) that does not derive from it.
"""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from .markdown import markdown_problems
from .text import clean_text

# What every field of ours says of a text longer than its limit, unless the field names
# itself ("Shorten the description to …"): one wording, not Django's, on every form.
MAX_LENGTH_MESSAGE = _(
    "Shorten this to at most %(limit_value)d characters (it has %(show_value)d)."
)


class FormRenderer(TemplatesSetting):
    """Renders every field as label, hint, error and input, following UI.md."""

    field_template_name = "includes/_field.html"


def is_text_field(field: forms.Field) -> bool:
    """A field people type text into: a ``CharField`` (or subclass), not a password."""
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class CleanTextFormMixin:
    """Cleans the text of every text field (``clean_text``) before the form validates it.

    A field with a ``Textarea`` is multi-line, any other is single-line. Passwords are left
    alone (they are never shown, and changing one would lock its owner out). The cleaned
    values replace the submitted ones in ``data``, so the length limits count the text that
    is kept, an empty-after-cleaning required field is missing, and a form shown again with
    errors shows what will be saved. Fields added in a form's ``__init__`` are included.

    No text field carries HTML's ``maxlength``: a browser cuts a pasted text at that length
    without a word (the end of a description gone unseen). The field's own limit refuses a
    text that is too long, shows it whole, and says by how much: with the field's own
    ``max_length`` message if it has one, else ``MAX_LENGTH_MESSAGE`` (set when the form
    validates, so fields added in a form's ``__init__`` get it too).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._data_with_clean_text()
            for field in self.fields.values():
                # Each form has its own copy of its fields' messages (``Field.__deepcopy__``).
                if isinstance(field, forms.CharField):
                    field.error_messages.setdefault("max_length", MAX_LENGTH_MESSAGE)
        super().full_clean()
        if self.is_bound:
            self._check_markdown()

    def error_lines(self) -> list[str]:
        """Every error of the form as "Field: message" (a form-wide error as it is), in the
        active language: for an answer that cannot show the form, the refusal of a CSV
        download with filters (``common.csv_export.csv_refused``). Validates the form if it
        was not yet; ``[]`` for a valid or unbound form."""
        self.is_valid()
        return [
            f"{self.fields[name].label}: {message}" if name in self.fields else message
            for name, messages in self.errors.items()
            for message in messages
        ]

    def _check_markdown(self) -> None:
        """Fields named in the form's ``markdown_fields`` must be cheap to show
        (``common.markdown.markdown_problems``): each problem is an error on its field."""
        for name in getattr(self, "markdown_fields", ()):
            value = self.cleaned_data.get(name)
            if isinstance(value, str) and value:
                for problem in markdown_problems(value):
                    self.add_error(name, problem)

    def _data_with_clean_text(self) -> Any:
        data = self.data.copy()
        for name, field in self.fields.items():
            if field.disabled or not is_text_field(field):
                continue
            key = self.add_prefix(name)
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "setlist"):  # a QueryDict or MultiValueDict
                values = data.getlist(key)
                if values:
                    data.setlist(key, [_clean(value, multiline) for value in values])
            elif key in data:
                data[key] = _clean(data[key], multiline)
        return data


def _clean(value: Any, multiline: bool) -> Any:
    return clean_text(value, multiline=multiline) if isinstance(value, str) else value


class CleanTextForm(CleanTextFormMixin, forms.Form):
    """The base of our forms: see ``CleanTextFormMixin``."""


class CleanTextModelForm(CleanTextFormMixin, forms.ModelForm):
    """The base of model forms (the admin's): see ``CleanTextFormMixin``."""
