"""The forms of support requests. They check what one field can say, and the rules between
fields with ``services.support_request_errors`` (the services check again on save)."""

# --- ask: the school's side ------------------------------------------------------------------

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdField, IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

from . import services
from .models import PUPILS_MAX, SCHOOL_NAME_MAX_LENGTH, TITLE_MAX_LENGTH, TOWN_MAX_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label, *, help_text="", required_message="") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        error_messages={
            "required": required_message,
            "invalid": _("Enter a real date, for example 2027-03-27."),
        },
    )


class SupportRequestForm(CleanTextForm):
    """A school's request. ``with_school``: a teacher of a school that has not signed writes
    the school's name and town too."""

    school_name = forms.CharField(
        label=_("Name of your school"),
        max_length=SCHOOL_NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter the name of your school."),
            "max_length": _(
                "Shorten the name to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    school_town = forms.CharField(
        label=_("Town of your school"),
        max_length=TOWN_MAX_LENGTH,
        error_messages={
            "required": _("Enter the town of your school."),
            "max_length": _(
                "Shorten the town to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    kind = IdModelChoiceField(
        label=_("What kind of help do you need?"),
        queryset=ActionType.objects.filter(requestable=True, is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the kind of help you need."),
            "invalid_choice": _("Choose one of the kinds of help schools can ask for."),
        },
    )
    title = forms.CharField(
        label=_("Topic"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Short and concrete, for example: Guest lesson on robots for year 5."),
        error_messages={
            "required": _("Enter the topic of your request."),
            "max_length": _(
                "Shorten the topic to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    description = forms.CharField(
        label=_("What do you need?"),
        max_length=2000,
        help_text=_(
            "What the pupils do now, what you hope for, what the school offers (a room, a "
            "projector). Do not write pupils' names."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Describe what you need, so signatories know whether they can help."),
            "max_length": _(
                "Shorten the description to at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            ),
        },
    )
    disciplines = IdModelMultipleChoiceField(
        label=_("Which STEM disciplines?"),
        queryset=Discipline.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the STEM disciplines listed.")},
    )
    audiences = IdModelMultipleChoiceField(
        label=_("For whom?"),
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one audience."),
            "invalid_choice": _("Choose among the audiences listed."),
        },
    )
    pupils = forms.IntegerField(
        label=_("Number of pupils"),
        min_value=1,
        max_value=PUPILS_MAX,
        help_text=_("About how many pupils take part, for example 24."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number of pupils, for example 24."),
            "invalid": _("Enter the number of pupils as a whole number, for example 24."),
            "min_value": _("Enter at least 1 pupil."),
            "max_value": _(
                "Enter at most %(limit_value)s pupils: a request is for a class or a few."
            ),
        },
    )
    subregion = IdModelChoiceField(
        label=_("In which region is the school?"),
        queryset=Subregion.objects.with_province(),
        help_text=_("Signatories active in this region see your request."),
        error_messages={
            "required": _("Choose the region of your school."),
            "invalid_choice": _("Choose one of the regions listed."),
        },
    )
    date_from = _date_field(
        _("From"),
        help_text=_("The first day the help can take place, for example 2027-03-01."),
        required_message=_("Enter the first day the help can take place, for example 2027-03-01."),
    )
    date_until = _date_field(
        _("Until"),
        help_text=_("The last day the help can take place. The same day for one day."),
        required_message=_("Enter the last day the help can take place, for example 2027-03-15."),
    )
    answer_deadline = _date_field(
        _("Answers by"),
        help_text=_("Until when signatories can offer help. At the latest the last day above."),
        required_message=_(
            "Enter the last day signatories can offer help, for example 2027-02-15."
        ),
    )

    def __init__(self, *args: Any, with_school: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_school = with_school
        if not with_school:
            del self.fields["school_name"]
            del self.fields["school_town"]
        self.fields["subregion"].label_from_instance = lambda subregion: (
            f"{subregion.name} ({subregion.province.name})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, message in services.support_request_errors(data).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data


class OfferAnswerForm(CleanTextForm):
    """The school's answer to one offer: accept it (the others are declined with the
    ``thank_you``) or decline it (with a ``thank_you``, required then)."""

    ACCEPT, DECLINE = "accept", "decline"

    offer = IdField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        choices=[(ACCEPT, ACCEPT), (DECLINE, DECLINE)], widget=forms.HiddenInput
    )
    thank_you = forms.CharField(
        label=_("A word of thanks"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Shorten your word of thanks to at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            )
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("answer") == self.DECLINE and not data.get("thank_you"):
            self.add_error(
                "thank_you", _("Write a word of thanks: the signatory offered its time.")
            )
        return data


class WithdrawForm(CleanTextForm):
    """Withdrawing cannot be undone (the signatories that offered are told): a box to tick."""

    confirm = forms.BooleanField(
        label=_("Yes, withdraw this request and tell the signatories that offered help"),
        error_messages={"required": _("Tick the box to confirm that you withdraw the request.")},
    )
    reason = forms.CharField(
        label=_("Why do you withdraw it?"),
        required=False,
        max_length=1000,
        help_text=_("The signatories that offered help read this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Shorten the reason to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


# --- end of ask ------------------------------------------------------------------------------
