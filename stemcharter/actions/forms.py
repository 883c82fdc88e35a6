"""The steps of writing an action in the portal. Each form validates one step; the portal views
hand ``cleaned_data`` to ``actions.services``, which checks the whole action again.

Every step form takes ``organisation`` (the organiser, from the URL) and ``item`` (the action,
or None before step 1 created it); none has an organisation field.
"""

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from stemcharter.common.numbers import IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.reviews.portal import (
    MARKDOWN_HINT,
    ItemStepForm,
    SubregionsField,
    item_summary_field,
    item_title_field,
)
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

from . import services
from .models import ORGANISER_WITHOUT_WEBSITE, Action


def _max_length_message(what: str) -> Any:
    """A "too long" message that names the field and the limit."""
    return {
        "description": _(
            "Shorten the description to at most %(limit_value)d characters (it has %(show_value)d)."
        ),
        "location": _(
            "Shorten the location to at most %(limit_value)d characters (it has %(show_value)d)."
        ),
        "cost": _(
            "Shorten the cost to at most %(limit_value)d characters (it has %(show_value)d)."
        ),
    }[what]


class ActionWhatForm(ItemStepForm):
    markdown_fields = ("description",)

    action_type = IdModelChoiceField(
        label=_("What kind of action is it?"),
        queryset=ActionType.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of action.")},
    )
    title = item_title_field(
        help_text=_("Short and concrete, for example: Open day in our robot lab.")
    )
    summary = item_summary_field(
        help_text=_("One or two sentences that appear on the card in the list.")
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=10_000,
        help_text=format_lazy(
            "{} {}", _("What happens, for whom, what participants need."), MARKDOWN_HINT
        ),
        error_messages={
            "required": _("Describe the action: what happens, for whom, what participants need."),
            "max_length": _max_length_message("description"),
        },
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = Q(pk=self.item.action_type_id) if self.item is not None else Q(pk__in=[])
        self.fields["action_type"].queryset = ActionType.objects.filter(Q(is_active=True) | current)


class ActionWhoWhereForm(ItemStepForm):
    audiences = IdModelMultipleChoiceField(
        label=_("For whom is it?"),
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one target audience.")},
    )
    disciplines = IdModelMultipleChoiceField(
        label=_("Which STEM disciplines does it cover?"),
        queryset=Discipline.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subregions = SubregionsField(
        label=_("In which subregions does it take place?"),
        help_text=_(
            "Choose where it happens or where the participants come from. The contact point "
            "of these subregions reviews the action."
        ),
        error_messages={"required": _("Choose at least one subregion.")},
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=200,
        required=False,
        help_text=_("An address, a town, or for example “at your school” or “online”."),
        error_messages={"max_length": _max_length_message("location")},
    )
    partners = IdModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "For a joint action: the other signatories that organise it with you. "
            "They see the action in their portal; only your organisation can change it."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose partners among the organisations that signed the charter.")
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = (
            Q(pk__in=self.item.partners.values("pk")) if self.item is not None else Q(pk__in=[])
        )
        self.fields["partners"].queryset = (
            Organisation.objects.filter(
                Q(pk__in=Organisation.objects.signatories().values("pk")) | current
            )
            .exclude(pk=self.organisation.pk)
            .order_by("name")
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ConditionallyRequired:
    """A field needed for some answers only (a date for a dated action, a web address to sign
    up through a website): the form's clean() decides. It is not marked optional, and the
    input has no ``required`` attribute."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, required=True, **kwargs)
        self.widget.use_required_attribute = lambda initial: False

    def validate(self, value: Any) -> None:
        if value not in self.empty_values:
            super().validate(value)


class ConditionalDateField(ConditionallyRequired, forms.DateField):
    pass


class ConditionalURLField(ConditionallyRequired, forms.URLField):
    pass


class ConditionalEmailField(ConditionallyRequired, forms.EmailField):
    pass


def _group_size_field(*, label: Any, help_text: Any, invalid: Any) -> forms.IntegerField:
    """An optional group size: the smallest or the largest group that comes or books together."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=1_000,
        help_text=help_text,
        error_messages={
            "invalid": invalid,
            "min_value": _("Enter a group size of 1 or more, or leave it empty."),
            "max_value": _("Enter a group size of at most 1000."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ActionWhenHowForm(ItemStepForm):
    # A date for an action "on request", an address for another way of taking part: neither
    # checked nor kept, and what was typed is named once the step is saved
    # (common.wizard.UsedOnlyWhenMixin).
    used_only_when = {
        "start_date": ("timing", (Action.Timing.DATE, Action.Timing.PERIOD)),
        "end_date": ("timing", (Action.Timing.PERIOD,)),
        "participation_url": ("participation", (Action.Participation.LINK,)),
        "participation_email": ("participation", (Action.Participation.EMAIL,)),
        "registration_deadline": ("participation", (Action.Participation.REGISTRATION,)),
    }

    timing = forms.ChoiceField(
        label=_("When does it take place?"),
        choices=Action.Timing.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when the action takes place.")},
    )
    start_date = ConditionalDateField(
        label=_("Date or first day"),
        help_text=_("Not needed for an action on request. For example 2027-03-27."),
        error_messages={"invalid": _("Enter a real date, for example 2027-03-27.")},
        widget=DateInput(),
    )
    end_date = ConditionalDateField(
        label=_("Last day"),
        help_text=_("Only for an action during a period."),
        error_messages={"invalid": _("Enter a real date, for example 2027-04-30.")},
        widget=DateInput(),
    )
    places = forms.IntegerField(
        label=_("Places available"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_(
            "Copies for a loan kit, classes for a guest lesson. Leave empty if the number is "
            "not limited."
        ),
        error_messages={
            "invalid": _("Enter the number of places as a whole number, for example 25."),
            "min_value": _("Enter a number of places of 1 or more, or leave it empty."),
            "max_value": _("Enter a number of places of at most 100000."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    group_min = _group_size_field(
        label=_("Smallest group"),
        help_text=_("For a group or class that comes or books together. Leave empty if not."),
        invalid=_("Enter the smallest group as a whole number, for example 10."),
    )
    group_max = _group_size_field(
        label=_("Largest group"),
        help_text=_("For example 28 for a class. Leave empty if there is no limit."),
        invalid=_("Enter the largest group as a whole number, for example 28."),
    )
    cost = forms.CharField(
        label=_("Cost"),
        required=False,
        max_length=150,
        help_text=_("For example “free” or “€ 3 per pupil”. Leave empty if it does not apply."),
        error_messages={"max_length": _max_length_message("cost")},
    )
    participation = forms.ChoiceField(
        label=_("How do people take part?"),
        choices=Action.Participation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how people take part.")},
    )
    participation_url = ConditionalURLField(
        label=_("Website to sign up"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Only when people sign up through a website."),
        error_messages={
            "invalid": _("Enter a web address, for example https://www.example.be/signup.")
        },
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    participation_email = ConditionalEmailField(
        label=_("Email address to sign up"),
        help_text=_("Only when people sign up by email."),
        error_messages={"invalid": _("Enter an email address, for example info@example.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    registration_mode = forms.ChoiceField(
        label=_("Who gets a place?"),
        choices=RegistrationMode.choices,
        initial=RegistrationMode.FIRST_COME,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Only when people register on this site. “On approval”: you accept or decline each "
            "application, for example for an internship."
        ),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration closes (optional)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_(
            "Only when people register on this site. Leave empty to take registrations until "
            "the action starts; a later moment, up to its last day, keeps them open while it "
            "runs."
        ),
        error_messages={"invalid": _("Enter a real date and time, for example 2027-03-20 17:00.")},
        widget=DateTimeInput(),
    )

    def clean_registration_mode(self) -> str:
        return self.cleaned_data.get("registration_mode") or RegistrationMode.FIRST_COME

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, message in services.action_when_how_errors(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        organiser = Action.Participation.ORGANISER
        if data.get("participation") == organiser and not self.organisation.website:
            self.add_error("participation", ORGANISER_WITHOUT_WEBSITE)
        self._check_not_past(data)
        return data

    def _check_not_past(self, data: dict[str, Any]) -> None:
        """A new or changed date cannot lie in the past (an unchanged one may: a revision of
        an action that is over keeps its dates)."""
        today = timezone.localdate()
        timing = data.get("timing")
        if timing not in (Action.Timing.DATE, Action.Timing.PERIOD):
            return
        last = "start_date" if timing == Action.Timing.DATE else "end_date"
        value = data.get(last)
        changed = self.item is None or getattr(self.item, last) != value
        if (
            isinstance(value, datetime.date)
            and value < today
            and changed
            and last not in self.errors
        ):
            self.add_error(last, _("This day has passed. Choose today or a later day."))

    def summary_rows(self) -> list[tuple]:
        data = self.cleaned_data
        timing = data["timing"]
        rows: list[tuple] = [(self.fields["timing"].label, Action.Timing(timing).label)]
        if timing == Action.Timing.DATE:
            rows.append((_("Date"), _date(data["start_date"])))
        elif timing == Action.Timing.PERIOD:
            rows.append((self.fields["start_date"].label, _date(data["start_date"])))
            rows.append((self.fields["end_date"].label, _date(data["end_date"])))
        places = data.get("places")
        rows.append((self.fields["places"].label, str(places) if places else _("Not limited")))
        for name in ("group_min", "group_max"):
            if data.get(name):
                rows.append((self.fields[name].label, str(data[name])))
        if data.get("cost"):
            rows.append((self.fields["cost"].label, data["cost"], True))
        participation = data["participation"]
        rows.append((self.fields["participation"].label, Action.Participation(participation).label))
        if participation == Action.Participation.LINK:
            rows.append((self.fields["participation_url"].label, data["participation_url"]))
        elif participation == Action.Participation.EMAIL:
            rows.append((self.fields["participation_email"].label, data["participation_email"]))
        elif participation == Action.Participation.REGISTRATION:
            mode = data.get("registration_mode") or RegistrationMode.FIRST_COME
            rows.append((self.fields["registration_mode"].label, RegistrationMode(mode).label))
            deadline = data.get("registration_deadline")
            rows.append(
                (
                    self.fields["registration_deadline"].label,
                    date_format(timezone.localtime(deadline), "DATETIME_FORMAT")
                    if deadline
                    else _("Until the action is over"),
                )
            )
        return rows


def _date(value) -> str:
    return date_format(value) if value else "—"
