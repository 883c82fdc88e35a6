"""Support requests: the forms (issue 13).

Each part of the work adds its block below, under a comment naming it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm

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
