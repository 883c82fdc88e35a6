from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.forms import PersonEmailField, person_name_field
from stemcharter.common.forms import CleanTextForm

from .models import MAX_SEATS, Registration


def _group_name_field() -> forms.CharField:
    """The group's name: required for a group only (``clean`` checks it), so the form shows no
    "(optional)" beside it (``show_optional``, templates/includes/_field.html)."""
    field = forms.CharField(
        label=_("Name of the group (only for a group)"),
        required=False,
        max_length=100,
        help_text=_("For example “class 5B”."),
        error_messages={
            "max_length": _(
                "Shorten the name of the group to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )
    field.show_optional = False
    return field


def _count_field(label, help_text=""):
    """A group's number of pupils or adults (only for a group: no "(optional)" beside it)."""
    field = forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_SEATS,
        help_text=help_text,
        error_messages={
            "invalid": _("Enter a whole number, for example 24."),
            "min_value": _("Enter 0 or more."),
            "max_value": _("Enter at most %(limit_value)s."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    field.show_optional = False
    return field


def _group_check(form: forms.Form, data: dict) -> None:
    """For a group (``kind``), the form's ``group_name`` and at least one person in all
    (``pupils`` + ``adults``): their errors go on those fields."""
    if data.get("kind") != Registration.Kind.GROUP:
        return
    if not (data.get("group_name") or "").strip() and "group_name" not in form.errors:
        form.add_error("group_name", _("Enter the name of the group, for example “class 5B”."))
    pupils, adults = data.get("pupils") or 0, data.get("adults") or 0
    if "pupils" not in form.errors and "adults" not in form.errors and pupils + adults < 1:
        form.add_error(
            "pupils", _("Enter how many pupils and adults come: at least 1 person in all.")
        )


class RegistrationForm(CleanTextForm):
    """Register for an activity: yourself, or a group (a teacher with a class). ``member``:
    a member of a signatory, whose name and address come from their account (no fields)."""

    kind = forms.ChoiceField(
        label=_("Who comes?"),
        choices=Registration.Kind.choices,
        initial=Registration.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who registers: you alone or a group.")},
    )
    name = person_name_field()
    email = PersonEmailField(help_text=_("We send the link to confirm to this address."))
    group_name = _group_name_field()
    pupils = _count_field(_("Number of pupils or participants (only for a group)"))
    adults = _count_field(
        _("Number of accompanying adults (only for a group)"),
        help_text=_("Teachers and other adults who come along also take a place."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, member: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.member = member
        if member:
            del self.fields["name"]
            del self.fields["email"]

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean(self):
        data = super().clean()
        _group_check(self, data)
        return data


def _message_field(label: str, *, rows: int) -> forms.CharField:
    """The organiser's optional message to a person (a decision, a cancellation), emailed."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _(
                "Shorten the message to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


class DecisionForm(CleanTextForm):
    message = _message_field(_("Message to the applicant (optional)"), rows=3)


class OrganiserCancelForm(CleanTextForm):
    """The organiser cancels a registration, with an optional message to the person."""

    message = _message_field(_("Message to the person (optional)"), rows=2)


class OrganiserAddForm(CleanTextForm):
    """The organiser adds a registration by hand (someone who phoned): a person or a group,
    an address if they gave one (then they get the confirmation by email)."""

    prefix = "add"

    kind = forms.ChoiceField(
        label=_("Who comes?"),
        choices=Registration.Kind.choices,
        initial=Registration.Kind.INDIVIDUAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who registers: one person or a group.")},
    )
    name = forms.CharField(
        label=_("Name of the person (for a group: the teacher or contact)"),
        max_length=150,
        error_messages={"required": _("Enter the name of the person.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = PersonEmailField(
        label=_("Email address"),
        required=False,
        help_text=_("With an address, they get the confirmation and their personal link."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    group_name = _group_name_field()
    pupils = _count_field(_("Number of pupils or participants (only for a group)"))
    adults = _count_field(_("Number of accompanying adults (only for a group)"))

    def clean(self):
        data = super().clean()
        _group_check(self, data)
        return data
