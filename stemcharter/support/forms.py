"""The forms of support requests. They check what a field can check alone; the services
check the rest (a date within the request's window, whether one may still offer)."""

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.organisations.forms import subregion_choices
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.reviews.portal import SubregionsField
from stemcharter.vocabulary.models import Sector

from .models import (
    TITLE_MAX_LENGTH,
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

    organisation = forms.ModelChoiceField(
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
# Forms of support requests and partner calls: they validate input, the views hand
# ``cleaned_data`` to ``support.services``. No form has the acting organisation as a free field:
# it comes from the URL, or from a choice among the user's own signatories.


# --- calls: partner calls -------------------------------------------------------------------


class PartnerCallForm(CleanTextForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example: Partners wanted for a coding summer camp in Kortrijk."),
    )
    description = forms.CharField(
        label=_("The project and who you look for"),
        max_length=PartnerCall._meta.get_field("description").max_length,
        help_text=_("What you plan, when, and what you expect of a partner."),
        widget=forms.Textarea(attrs={"rows": 8}),
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

    def subregion_groups(self) -> list[tuple[str, list]]:
        """The subregion checkboxes grouped per province, for includes/_subregions.html."""
        groups: dict[str, list] = {}
        labels = [label for label, _choices in self.fields["subregions"].choices]
        for widget in self["subregions"].subwidgets:
            group_index = int(str(widget.data["index"]).split("_")[0])
            groups.setdefault(labels[group_index], []).append(widget)
        return list(groups.items())


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
        error_messages={"required": _("Write a message to the caller.")},
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
# Support requests: the forms (issue 13).
#
# Each part of the work adds its block below, under a comment naming it.


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
