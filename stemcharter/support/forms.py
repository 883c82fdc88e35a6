"""The forms of support requests and partner calls. They check what a field can check alone
and the rules between a request's fields (``services.support_request_errors``); the services
check again on save (a date within the request's window, whether one may still offer). No form
has the acting organisation as a free field: it comes from the URL, or from a choice among the
user's own signatories."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdField, IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.organisations.forms import OrganisationDetailsForm, subregion_choices
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.reviews.portal import SubregionsField
from stemcharter.vocabulary.models import ActionType, Audience, Discipline, Sector

from . import services
from .models import (
    PUPILS_MAX,
    SCHOOL_NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TOWN_MAX_LENGTH,
    Offer,
    PartnerCall,
    PartnerCallAnswer,
    Suggestion,
    SupportRequest,
)

# The forms of support requests (issue 13).

# --- wait: suggesting a signatory by hand -------------------------------------------------------


# --- offer (the signatory's side) -----------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OfferForm(CleanTextForm):
    """What a signatory offers a school, on which day (optional), and a message."""

    what = forms.CharField(
        label=_("What you offer"),
        help_text=_("Who comes or what you lend, and what the pupils will do."),
        max_length=Offer._meta.get_field("what").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Say what you offer, for example who comes and what they bring."),
            "max_length": _(
                "Shorten what you offer to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    proposed_date = forms.DateField(
        label=_("When"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, for example 2027-03-27.")},
    )
    message = forms.CharField(
        label=_("Message to the school"),
        required=False,
        help_text=_(
            "The school sees your organisation's name and this message. Your name and email "
            "address are shared only when the school accepts your offer."
        ),
        max_length=Offer._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Shorten the message to at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, support_request: SupportRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["proposed_date"]
        field.help_text = _(
            "A day between %(start)s and %(end)s, or leave it empty to agree on a day with the "
            "school."
        ) % {
            "start": date_format(support_request.date_from, "DATE_FORMAT"),
            "end": date_format(support_request.date_until, "DATE_FORMAT"),
        }
        field.widget.attrs.update(
            min=support_request.date_from.isoformat(), max=support_request.date_until.isoformat()
        )


# --- end of offer ---------------------------------------------------------------------------


class SuggestionForm(CleanTextForm):
    """Choose a signatory (the short list of ``selectors.suggestion_candidates`` is shown;
    any signatory of ``candidates`` validates) and a word for its members."""

    organisation = IdModelChoiceField(
        label=_("Signatory"),
        queryset=None,
        error_messages={
            "required": _("Choose the signatory you suggest."),
            "invalid_choice": _("Choose a signatory of the charter from the list."),
        },
    )
    note = forms.CharField(
        label=_("A word for the signatory"),
        help_text=_("Why you think they could help. It goes in the email to its members."),
        required=False,
        max_length=Suggestion._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, shown, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = candidates
        # The short list, grouped: the signatories of the subregion first (``shown``).
        groups = []
        if shown.in_subregion:
            groups.append(
                (
                    _("Active in the subregion"),
                    [(organisation.pk, organisation.name) for organisation in shown.in_subregion],
                )
            )
        if shown.elsewhere:
            groups.append(
                (
                    _("Elsewhere"),
                    [(organisation.pk, organisation.name) for organisation in shown.elsewhere],
                )
            )
        field.widget.choices = [("", _("Choose a signatory")), *groups]


# --- end wait -----------------------------------------------------------------------------------


# --- calls: partner calls -------------------------------------------------------------------


class PartnerCallForm(CleanTextForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example: Partners wanted for a coding summer camp in Kortrijk."),
        error_messages={
            "required": _("Give the call a title."),
            "max_length": _(
                "Shorten the title to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    description = forms.CharField(
        label=_("The project and who you look for"),
        max_length=PartnerCall._meta.get_field("description").max_length,
        help_text=_("What you plan, when, and what you expect of a partner."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Describe the project and who you look for."),
            "max_length": _(
                "Shorten the description to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    categories = forms.MultipleChoiceField(
        label=_("Which kinds of organisation do you look for?"),
        help_text=_("Choose at least one."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation you look for.")},
    )
    sectors = IdModelMultipleChoiceField(
        label=_("Sectors"),
        help_text=_("Only when you look for partners of certain sectors."),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Grouped per province: rendered with includes/_subregions.html.
    subregions = SubregionsField(
        label=_("Subregions"),
        help_text=_("Only when partners must be active in certain subregions."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subregions"].choices = subregion_choices()

    # The subregion checkboxes grouped per province, for includes/_subregions.html (as the
    # organisation's and the reviewable items' forms do).
    subregion_groups = OrganisationDetailsForm.subregion_groups


class PartnerCallAnswerForm(CleanTextForm):
    """The answer of one of the user's signatories (``organisations``: those that may)."""

    organisation = IdModelChoiceField(
        label=_("You answer for"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation you answer for.")},
    )
    message = forms.CharField(
        label=_("Your message to the caller"),
        max_length=PartnerCallAnswer._meta.get_field("message").max_length,
        help_text=_("What your organisation can bring to the project."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Write a message to the caller."),
            "max_length": _(
                "Shorten the message to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()


class PartnerCallFilterForm(CleanTextForm):
    """The filters of the list of open calls (GET)."""

    category = forms.ChoiceField(
        label=_("Looking for"),
        choices=[("", _("Any kind of organisation")), *Category.choices],
        required=False,
    )
    subregion = IdModelChoiceField(
        label=_("Subregion"),
        queryset=Subregion.objects.order_by("name_nl"),
        empty_label=_("Any subregion"),
        required=False,
    )


# --- end calls ------------------------------------------------------------------------------


# --- deliver --------------------------------------------------------------------------------

FEEDBACK_MAX_LENGTH = 1000


class ConfirmDeliveryForm(CleanTextForm):
    """Did the help take place? Yes or no, and a short word of feedback."""

    happened = forms.TypedChoiceField(
        label=_("Did the help take place?"),
        choices=[("yes", _("Yes, it took place")), ("no", _("No, it did not take place"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether the help took place: yes or no."),
            "invalid_choice": _("Say whether the help took place: yes or no."),
        },
    )
    feedback = forms.CharField(
        label=_("Feedback"),
        required=False,
        max_length=FEEDBACK_MAX_LENGTH,
        help_text=_(
            "How did it go, or why did it not happen? The other side and the contact point of "
            "the region read it; it is never published."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Shorten your feedback to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )


# --- end deliver ----------------------------------------------------------------------------

# --- ask: the school's side ------------------------------------------------------------------


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
        # A too-long word of thanks already has its error: not "write one" as well.
        thanks_missing = not data.get("thank_you") and "thank_you" not in self.errors
        if data.get("answer") == self.DECLINE and thanks_missing:
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
