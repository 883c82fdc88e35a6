"""The back office's form on a signature's page: the event it was signed at (``signing_at``)."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField

from .selectors import event_choices_for_signature


class EventLabelChoiceField(IdModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({date_format(localtime(obj.starts_at), 'SHORT_DATE_FORMAT')})"


class SignatureEventForm(CleanTextForm):
    event = EventLabelChoiceField(
        label=_("Signed at the event"),
        queryset=None,
        required=False,
        empty_label=_("No event"),
        help_text=_("The event's page names the organisation once its signature is approved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A choice outside them is refused ("Select a valid choice").
        self.fields["event"].queryset = event_choices_for_signature()
