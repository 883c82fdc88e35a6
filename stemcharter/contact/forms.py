from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.forms import PersonEmailField, person_name_field
from stemcharter.common.forms import CleanTextForm

from .models import ContactMessage

MESSAGE_MAX_LENGTH = 5000


class ContactForm(CleanTextForm):
    """The contact form. ``website`` is a trap for robots (a honeypot): people never see it
    (the template hides it), robots that fill every field do."""

    name = person_name_field()
    email = PersonEmailField(help_text=_("We answer at this address."))
    topic = forms.ChoiceField(
        label=_("What is it about?"),
        choices=ContactMessage.Topic.choices,
        error_messages={"required": _("Choose what your message is about.")},
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Write your message."),
            "max_length": _(
                "Shorten your message to at most %(limit_value)d characters (it has "
                "%(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_robot(self) -> bool:
        """The honeypot is filled in (call after ``is_valid``)."""
        return bool(self.cleaned_data.get("website"))
