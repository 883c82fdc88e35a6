"""The forms of support requests. They check what a field can check alone; the services
check the rest (a date within the request's window, whether one may still offer)."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm

from .models import Offer, Suggestion, SupportRequest

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
