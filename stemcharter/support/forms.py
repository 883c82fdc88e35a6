"""The forms of support requests. They check what a field can check alone; the services
check the rest (a date within the request's window, whether one may still offer)."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm

from .models import Offer, SupportRequest

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
