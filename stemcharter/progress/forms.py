"""The steps of writing a progress report in the portal, and the back office's forms. The
portal views hand ``cleaned_data`` to ``progress.services``, which checks the texts again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import POSITIVE_INTEGER_MAX
from stemcharter.reviews.portal import ItemStepForm

from .models import ProgressReport


def _text_field(name: str, *, label, help_text, required) -> forms.CharField:
    limit = ProgressReport._meta.get_field(name).max_length
    return forms.CharField(
        label=label,
        max_length=limit,
        help_text=help_text,
        error_messages={"required": required},
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class LookingBackForm(ItemStepForm):
    markdown_fields = ("looking_back",)

    looking_back = _text_field(
        "looking_back",
        label=_("How did the year go?"),
        help_text=_(
            "What went well, what did not, what you learned; the platform's records of the "
            "year are beside this box. At most 5000 characters."
        ),
        required=_("Write how the year went."),
    )


class IntentionsForm(ItemStepForm):
    markdown_fields = ("intentions",)

    intentions = _text_field(
        "intentions",
        label=_("What do you intend to do next year?"),
        help_text=_(
            "Concrete plans, for example the actions you want to offer. At most 3000 characters."
        ),
        required=_("Write your intentions for next year."),
    )


class NotReportedForm(CleanTextForm):
    """The coordinator's decision on one signatory's public "did not report" line: from the
    overview (GET) to the confirmation page, which sends it (POST) with ``confirmed``."""

    organisation = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=POSITIVE_INTEGER_MAX
    )
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    show = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    # Set by the confirmation page's button: without it nothing is decided.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
