from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm


class PreferencesForm(CleanTextForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of your emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    name.widget.attrs["autocomplete"] = "name"


class AccountDeleteForm(CleanTextForm):
    """The person types their email address to confirm deleting their account."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Type the email address you log in with to confirm."),
    )
    email.widget.attrs["autocomplete"] = "off"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("This is not the email address you log in with."), code="mismatch"
            )
        return email
